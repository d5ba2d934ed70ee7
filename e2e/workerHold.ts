/**
 * Holds the messages the page sends its workers, by their `type` ('import': a read of the library's
 * reader, the working copy's too; 'versions': File › Versions' pricing), until released: the read
 * itself waits, whether its worker is new or already running. (Holding the worker's script, as the
 * tests did before, holds only a worker not made yet: once the reader's worker exists, nothing.)
 */
import type { Page } from '@playwright/test';

/**
 * From the page's next load on (every load after this call), holds the worker messages of the
 * types `holdWorkerMessages` names; `initially`: the types held from each load on, until released.
 */
export async function installWorkerHold(page: Page, initially: string[] = []): Promise<void> {
  await page.addInitScript((initially) => {
    const post = Worker.prototype.postMessage;
    const held: (() => void)[] = [];
    let types = new Set(initially);
    (window as unknown as { __workerHold: unknown }).__workerHold = {
      hold: (t: string[]) => void (types = new Set(t)),
      release: () => {
        types = new Set();
        for (const send of held.splice(0)) send();
      },
    };
    Worker.prototype.postMessage = function (this: Worker, ...args: unknown[]) {
      const type = (args[0] as { type?: unknown } | null)?.type;
      if (typeof type === 'string' && types.has(type)) held.push(() => post.apply(this, args as Parameters<Worker['postMessage']>));
      else post.apply(this, args as Parameters<Worker['postMessage']>);
    };
  }, initially);
}

type WorkerHold = { hold(types: string[]): void; release(): void };

/** Sends the held worker messages (a held message to a worker ended meanwhile does nothing) and holds no more. */
export async function releaseWorkerMessages(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __workerHold: WorkerHold }).__workerHold.release());
}

/** Holds the page's worker messages of these types (installWorkerHold) until the returned release. */
export async function holdWorkerMessages(page: Page, types: string[]): Promise<() => Promise<void>> {
  await page.evaluate((types) => (window as unknown as { __workerHold: WorkerHold }).__workerHold.hold(types), types);
  return () => releaseWorkerMessages(page);
}
