/** Where in the loops a step of a trace is, in words (the Trace tab and the badge on the canvas share it). */

/** "item 3" or "item 2 › 1" (from 1, outermost first); '' outside loops. */
export function itemText(item: readonly number[]): string {
  return item.length === 0 ? '' : `item ${item.map((i) => i + 1).join(' › ')}`;
}
