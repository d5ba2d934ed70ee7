/**
 * Characters a person cannot see, or that change what the rest of a line looks like, written
 * as escapes: C0 and C1 controls (ESC starts the terminal sequences that clear a screen,
 * retitle a window or move the cursor back over a total), DEL, and the bidirectional
 * overrides and isolates (U+202E shows the rest of a line backwards).
 *
 * `visibleText` is for a value quoted inside a message (a name, an id, the character found);
 * `terminalText` for whole output printed to a terminal, where line breaks and tabs stay.
 */

// C0 except tab and line feed, DEL, C1, ALM, LRM/RLM, line/paragraph separators, bidi embeddings/overrides and isolates.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_OR_BREAK = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\u001b`, `\u202e`, or `\n`, `\r`, `\t`. */
export function escapeCharacter(c: string): string {
  return SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A value for inside a message: every control, line break and bidi control escaped. */
export function visibleText(text: string): string {
  return text.replace(UNSAFE_OR_BREAK, escapeCharacter);
}

/**
 * Text for a terminal: the same, but line feeds and tabs kept (a CR is escaped: it would let a
 * line overwrite itself). On JSON text (which is ASCII outside its strings, and in which
 * JSON.stringify has already escaped C0 but not DEL, C1 or bidi controls) the result is still
 * JSON and parses to the same value.
 */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, escapeCharacter);
}
