/**
 * A unique name within a limit. Apart from cutText.ts (whose cut it uses): only the recipes that
 * name a new or copied module (store/moduleRecipes.ts, loaded later) call it, so the page's first
 * download leaves it out.
 */
import { cutText } from './cutText';

/**
 * `base`, or `base 2`, `base 3`… when taken, never longer than `max` characters: the base is cut
 * to make room for the number, so de-duplicating a name at the limit stays within it.
 */
export function uniqueText(base: string, taken: Iterable<string>, max = Infinity): string {
  const names = new Set(taken);
  const first = cutText(base, max);
  if (!names.has(first)) return first;
  for (let n = 2; ; n++) {
    const suffix = ` ${n}`;
    const candidate = `${cutText(base, Math.max(0, max - suffix.length))}${suffix}`;
    if (!names.has(candidate)) return candidate;
  }
}
