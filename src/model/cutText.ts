/**
 * Cutting a text to a length limit. Apart from fieldRules.ts (whose counting it uses): only code loaded
 * later calls it (the recipes that name a new or copied module, the clipboard, the library's copies,
 * the importers' drafts, the repair of a stored file), so the page's first download leaves it out.
 */
import { characters, isTooLong, MAY_JOIN, maxTextUnits } from './fieldRules';

/** Where the first `max` code points of a text end (a surrogate pair is one), in UTF-16 units. */
function codePointsEnd(text: string, max: number): number {
  let end = 0;
  for (let n = 0; n < max && end < text.length; n++) {
    const c = text.charCodeAt(end);
    const d = text.charCodeAt(end + 1);
    end += c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
  }
  return end;
}

/** The first `max` characters of a text (as `textLength` counts them), never cutting a character in half. */
export function cutText(text: string, max: number): string {
  if (!isTooLong(text, max)) return text;
  if (!MAY_JOIN.test(text)) return text.slice(0, codePointsEnd(text, max));
  let n = 0;
  let end = 0;
  for (const { index, segment } of characters(text)) {
    if (n === max || index + segment.length > maxTextUnits(max)) break;
    end = index + segment.length;
    n++;
  }
  return text.slice(0, end);
}
