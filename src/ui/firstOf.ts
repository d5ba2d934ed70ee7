/**
 * Long lists (the problems of a broken 20,000-module flow, an import report of thousands of rows)
 * are listed up to a few hundred entries, with one closing line counting the rest: rendering them
 * all froze the page for seconds and nobody reads past the first screens (issue 18 item 9).
 */

/** Entries listed at most in one list. */
export const LISTED_AT_MOST = 300;

/** The first `max` entries, and how many are left out. */
export function firstOf<T>(items: readonly T[], max = LISTED_AT_MOST): { shown: readonly T[]; more: number } {
  if (items.length <= max) return { shown: items, more: 0 };
  return { shown: items.slice(0, max), more: items.length - max };
}

/** The closing line of a cut list: "…and 1,234 more problems, not listed here." */
export function moreLine(more: number, one: string, many: string): string {
  return `…and ${more.toLocaleString('en-US')} more ${more === 1 ? one : many}, not listed here.`;
}
