/**
 * Which rows of a long list of fixed-height rows to put in the DOM: the ones in view plus a
 * margin on each side, and the blank space that stands for the others above and below. Pure;
 * `useRowWindow` (useRowWindow.ts) feeds it the scroll position. A table of thousands of
 * modules then renders a screenful of rows, whatever its length.
 */
export interface RowWindow {
  /** First row to render (inclusive). */
  start: number;
  /** Last row to render (exclusive). */
  end: number;
  /** Height standing for the rows above `start`, and below `end`. */
  padTop: number;
  padBottom: number;
}

export function rowWindow(count: number, rowHeight: number, scrollTop: number, viewHeight: number, overscan: number): RowWindow {
  if (count <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count, first) - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}
