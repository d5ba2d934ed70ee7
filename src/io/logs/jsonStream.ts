/**
 * Streaming readers for JSON logs: a JSON array of objects read element by element, and JSON
 * lines (one value per line). Text is pushed in chunks; each element is parsed on its own as
 * soon as it is complete, so only one element's text is held at a time.
 */

/** `index`: the element's place in the array (0-based), for a JSON array; absent for JSON lines. */
export type JsonElement = (value: unknown, line: number, index?: number) => void;
export type JsonBad = (line: number, message: string, index?: number) => void;

/** The elements of a top-level JSON array, one at a time. */
export class JsonArrayReader {
  private buffer = '';
  /** Where the current element starts in `buffer` (−1 between elements). */
  private start = -1;
  private startLine = 1;
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private opened = false;
  private closed = false;
  private scanned = 0;
  private bareString = false;
  /** How many elements have been read (the next one's index). */
  private index = 0;

  constructor(
    private readonly onElement: JsonElement,
    private readonly onBad: JsonBad,
  ) {}

  push(chunk: string): void {
    this.buffer += chunk;
    this.scan();
    // Keep only the element being read.
    if (this.start === -1) {
      this.buffer = '';
      this.scanned = 0;
    } else if (this.start > 0) {
      this.buffer = this.buffer.slice(this.start);
      this.scanned -= this.start;
      this.start = 0;
    }
  }

  /** True when the text ended inside the array: the last element is reported. */
  end(): void {
    if (this.start !== -1) this.onBad(this.startLine, 'the log ends inside this element (the file is cut short)', this.index);
    else if (this.opened && !this.closed) this.onBad(this.line, 'the log ends before the closing ] of its array');
  }

  private scan(): void {
    const text = this.buffer;
    const n = text.length;
    let i = this.scanned;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) {
          this.inString = false;
          if (this.bareString) {
            // A string element of the array itself.
            this.bareString = false;
            this.element(text.slice(this.start, i + 1));
            this.start = -1;
          }
        } else if (c === 10) this.line++;
        i++;
        continue;
      }
      if (c === 10) this.line++;
      else if (c === 34) {
        this.inString = true;
        if (this.opened && this.depth === 0 && !this.closed) {
          this.bareString = true;
          this.start = i;
          this.startLine = this.line;
        }
      }
      else if (c === 91 || c === 123) {
        // [ or {
        if (!this.opened) {
          this.opened = true;
          i++;
          continue;
        }
        if (this.depth === 0) {
          this.start = i;
          this.startLine = this.line;
        }
        this.depth++;
      } else if (c === 93 || c === 125) {
        if (this.depth === 0) {
          if (c === 93) this.closed = true;
        } else if (--this.depth === 0) {
          this.element(text.slice(this.start, i + 1));
          this.start = -1;
        }
      } else if (this.depth === 0 && this.opened && c !== 44 && c !== 32 && c !== 9 && c !== 13 && !this.closed) {
        // A bare value in the array (a number, true, null): read up to the next separator.
        let j = i;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 44 || d === 93 || d === 10 || d === 13 || d === 32 || d === 9) break;
          j++;
        }
        if (j === n) break;
        this.startLine = this.line;
        this.element(text.slice(i, j));
        i = j;
        continue;
      }
      i++;
    }
    this.scanned = i;
  }

  private element(text: string): void {
    const index = this.index++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.onBad(this.startLine, 'this element is not valid JSON', index);
      return;
    }
    this.onElement(value, this.startLine, index);
  }
}

/** JSON lines: each non-blank line is one JSON value. */
export class JsonLinesReader {
  private pending = '';
  private line = 1;

  constructor(
    private readonly onElement: JsonElement,
    private readonly onBad: JsonBad,
  ) {}

  push(chunk: string): void {
    const text = this.pending + chunk;
    let i = 0;
    for (;;) {
      const eol = text.indexOf('\n', i);
      if (eol === -1) break;
      this.one(text.slice(i, eol));
      i = eol + 1;
    }
    this.pending = text.slice(i);
  }

  end(): void {
    if (this.pending !== '') this.one(this.pending);
    this.pending = '';
  }

  private one(text: string): void {
    const line = this.line++;
    const trimmed = text.trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      this.onBad(line, 'this line is not valid JSON');
      return;
    }
    this.onElement(value, line);
  }
}

const NON_FINITE = ['-Infinity', 'Infinity', 'NaN'] as const;

/**
 * The text with the bare tokens `NaN`, `Infinity` and `-Infinity` (outside strings) written as `null`,
 * or undefined when it has none. Python's JSON writer emits them, and Altan's execution records carry
 * them: its frontend replaces them with null before parsing (flows.ts `safeJsonParse`).
 */
export function nonFiniteAsNull(text: string): string | undefined {
  const parts: string[] = [];
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    // A token starts where a value may: N, I or -I.
    if (c !== 78 && c !== 73 && c !== 45) continue;
    const token = NON_FINITE.find((t) => text.startsWith(t, i));
    if (token === undefined) continue;
    const after = text.charCodeAt(i + token.length);
    // Not part of a longer word (`NaNa`): the next character ends the value.
    if (after === after && /[\w$]/.test(String.fromCharCode(after))) continue;
    parts.push(text.slice(from, i), 'null');
    from = i + token.length;
    i = from - 1;
  }
  if (parts.length === 0) return undefined;
  parts.push(text.slice(from));
  return parts.join('');
}
