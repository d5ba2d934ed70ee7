/**
 * Apart from slices.ts: only code loaded later waits this way (the library's writes, the calibration
 * run, the promise-driven slices), so the page's first download leaves it out.
 */

/** Resolves a task later (setTimeout 0): the page draws and handles input in between. */
export const nextTask = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));
