/**
 * A streaming CSV reader over UTF-8 bytes (RFC 4180): fields separated by commas, a field in
 * double quotes may hold commas, line breaks and doubled quotes (""), records end with CRLF, LF or
 * a lone CR; a byte-order mark is skipped. Bytes are pushed in chunks of any size (a chunk may end
 * inside a field or a UTF-8 character); each complete record is handed on with the line it starts
 * on, as byte ranges (no string is made unless a field's text is asked for). Only the unfinished
 * tail is kept between chunks, and the pushed chunk is never kept (its buffer may be reused).
 *
 * The separators, quotes and line breaks are ASCII, so they never occur inside a multi-byte UTF-8
 * character: splitting bytes gives the same fields as splitting the decoded text.
 */

/** One record: field `k` is `bytes[start[k], end[k])`, already unquoted. Valid during the callback only. */
export interface CsvFields {
  readonly bytes: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly count: number;
}

/**
 * Why a record is malformed (its fields are then not the source's, and it should be left out):
 * - `unclosed`: a quoted field is never closed before the end of the text;
 * - `after-quote`: a quoted field's closing quote (on line `closeLine`) is followed by `next`, not by
 *   a comma, a line break or the end of the text (RFC 4180 allows nothing else there): most often a stray
 *   quote whose field ran on to the next stray quote of the file.
 * Either way, reading that field on would make one field of every line after it, so the record ends
 * at the first line break after its opening quote instead, and the lines after it are read as
 * records again.
 */
export type CsvMalformed = { kind: 'unclosed' } | { kind: 'after-quote'; closeLine: number; next: string };

export type CsvRecord = (fields: CsvFields, line: number, malformed: CsvMalformed | undefined) => void;

const decoder = new TextDecoder('utf-8');

/** The text of field `k` (the empty text when the record has no such field). */
export function fieldText(fields: CsvFields, k: number): string {
  if (k < 0 || k >= fields.count) return '';
  const s = fields.start[k]!;
  const e = fields.end[k]!;
  return s === e ? '' : decoder.decode(fields.bytes.subarray(s, e));
}

/** Every field's text (the rare rows that need the full check). */
export function fieldTexts(fields: CsvFields): string[] {
  const out: string[] = [];
  for (let k = 0; k < fields.count; k++) out.push(fieldText(fields, k));
  return out;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/** Grows a byte buffer to hold at least `size` bytes, keeping its first `keep` bytes. */
function grown(buffer: Uint8Array<ArrayBuffer>, size: number, keep: number): Uint8Array<ArrayBuffer> {
  if (size <= buffer.length) return buffer;
  const next = new Uint8Array(Math.max(size, buffer.length * 2));
  next.set(buffer.subarray(0, keep));
  return next;
}

export class CsvReader {
  /** The pushed bytes not yet read: the unfinished tail, then the new chunk. */
  private work: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  private length = 0;
  private line = 1;
  private started = false;
  /**
   * A quoted field still open at the end of the bytes: no quote in work[quoteFrom, quoteTo). The next
   * chunk's search for its closing quote starts at quoteTo, so a stray quote early in a large file
   * does not make every later chunk search the whole kept tail again.
   */
  private quoteFrom = -1;
  private quoteTo = -1;
  /** Unquoted field contents of a record with quotes. */
  private scratch: Uint8Array<ArrayBuffer> = new Uint8Array(256);
  private readonly record: { bytes: Uint8Array; start: Int32Array; end: Int32Array; count: number } = {
    bytes: this.work,
    start: new Int32Array(32),
    end: new Int32Array(32),
    count: 0,
  };

  constructor(private readonly onRecord: CsvRecord) {}

  push(chunk: Uint8Array | string): void {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    if (bytes.length === 0) return;
    this.work = grown(this.work, this.length + bytes.length, this.length);
    this.work.set(bytes, this.length);
    this.length += bytes.length;
    this.read(false);
  }

  /** The end of the text: a last record without a line break is a record too. */
  end(): void {
    this.read(true);
    this.length = 0;
  }

  private read(final: boolean): void {
    let from = 0;
    if (!this.started) {
      if (this.length < 3 && !final) return;
      this.started = true;
      const w = this.work;
      if (this.length >= 3 && w[0] === 0xef && w[1] === 0xbb && w[2] === 0xbf) from = 3;
    }
    const done = this.scan(from, final);
    if (done > 0) {
      this.work.copyWithin(0, done, this.length);
      this.length -= done;
      this.quoteFrom -= done;
      this.quoteTo -= done;
    }
  }

  private field(k: number, s: number, e: number): void {
    const r = this.record;
    if (k === r.start.length) {
      const start = new Int32Array(k * 2);
      start.set(r.start);
      r.start = start;
      const end = new Int32Array(k * 2);
      end.set(r.end);
      r.end = end;
    }
    r.start[k] = s;
    r.end[k] = e;
  }

  private emit(count: number, bytes: Uint8Array, lines: number, malformed?: CsvMalformed): void {
    this.record.count = count;
    this.record.bytes = bytes;
    this.onRecord(this.record, this.line, malformed);
    this.line += lines;
  }

  /** Reads every complete record from `i`; returns where the unfinished rest starts. */
  private scan(i: number, final: boolean): number {
    const w = this.work;
    const n = this.length;
    while (i < n) {
      const first = w[i]!;
      if (first === LF || first === CR) {
        // A blank line.
        if (first === CR && i + 1 === n && !final) return i; // a CR whose LF may come next
        this.line++;
        i += first === CR && i + 1 < n && w[i + 1] === LF ? 2 : 1;
        continue;
      }
      // Fast path: a record without quotes, fields as ranges of the pushed bytes.
      let k = 0;
      let s = i;
      let j = i;
      let quoted = false;
      for (;;) {
        if (j === n) {
          if (!final) return i;
          this.field(k, s, j);
          this.emit(k + 1, w, 1);
          return n;
        }
        const c = w[j]!;
        if (c > COMMA) {
          j++;
          continue;
        }
        if (c === COMMA) {
          this.field(k++, s, j);
          s = ++j;
          continue;
        }
        if (c === LF || c === CR) {
          if (c === CR && j + 1 === n && !final) return i;
          this.field(k, s, j);
          this.emit(k + 1, w, 1);
          j += c === CR && j + 1 < n && w[j + 1] === LF ? 2 : 1;
          break;
        }
        if (c === QUOTE) {
          quoted = true;
          break;
        }
        j++;
      }
      if (!quoted) {
        i = j;
        continue;
      }
      const next = this.quoted(i, final);
      if (next === -1) return i;
      i = next;
    }
    return n;
  }

  /** Appends `w[from, to)` to the scratch at `o`; returns the new end. */
  private copy(from: number, to: number, o: number): number {
    this.scratch = grown(this.scratch, o + (to - from) + 1, o);
    this.scratch.set(this.work.subarray(from, to), o);
    return o + (to - from);
  }

  private quoteChar(o: number): number {
    this.scratch = grown(this.scratch, o + 1, o);
    this.scratch[o] = QUOTE;
    return o + 1;
  }

  /** A record with quotes, byte by byte, unquoted into the scratch; −1 when it does not end within the bytes. */
  private quoted(start: number, final: boolean): number {
    const w = this.work;
    const n = this.length;
    let k = 0;
    let o = 0;
    let fieldStart = 0;
    let i = start;
    let breaks = 0;
    for (;;) {
      if (i >= n) {
        if (!final) return -1;
        this.field(k, fieldStart, o);
        this.emit(k + 1, this.scratch, breaks + 1);
        return n;
      }
      const c = w[i]!;
      if (c === QUOTE && o === fieldStart) {
        // A quoted field: up to the closing quote; "" is one quote.
        const open = i;
        const breaksBefore = breaks;
        let j = i + 1;
        /** The record ends at the first line break after the opening quote; −1 when it is not within the bytes yet. */
        const cut = (malformed: CsvMalformed): number => {
          const lb = firstBreak(w, open + 1, n);
          if (!final && (lb === n || (w[lb] === CR && lb + 1 === n))) return -1;
          this.field(k, fieldStart, o);
          this.emit(k + 1, this.scratch, breaksBefore + 1, malformed);
          if (lb === n) return n;
          return lb + (w[lb] === CR && lb + 1 < n && w[lb + 1] === LF ? 2 : 1);
        };
        for (;;) {
          const q = w.subarray(0, n).indexOf(QUOTE, j === this.quoteFrom ? this.quoteTo : j);
          if (q === -1) {
            if (!final) {
              this.quoteFrom = j;
              this.quoteTo = n;
              return -1;
            }
            // Never closed.
            return cut({ kind: 'unclosed' });
          }
          if (q + 1 >= n && !final) return -1; // "" may be split across chunks
          o = this.copy(j, q, o);
          breaks += countBreaks(w, j, q);
          if (q + 1 < n && w[q + 1] === QUOTE) {
            o = this.quoteChar(o);
            j = q + 2;
            continue;
          }
          // Spaces or tabs between the closing quote and the delimiter are padding some exporters write:
          // skipped, not part of the value.
          let p = q + 1;
          while (p < n && (w[p] === SPACE || w[p] === TAB)) p++;
          if (p >= n && p > q + 1 && !final) return -1; // the padding may go on in the next chunk
          const after = p < n ? w[p]! : -1;
          if (after !== -1 && after !== COMMA && after !== LF && after !== CR) {
            // Text after the closing quote: malformed (RFC 4180). Most often the quote was a stray one,
            // and this one another stray quote lines further: the lines between are rows of their own.
            // The byte alone names it (a character of several bytes may not be all here yet).
            const next = after < 0x80 ? String.fromCharCode(after) : 'a non-ASCII character';
            return cut({ kind: 'after-quote', closeLine: this.line + breaks, next });
          }
          i = p;
          break;
        }
        continue;
      }
      if (c === COMMA) {
        this.field(k++, fieldStart, o);
        fieldStart = o;
        i++;
        continue;
      }
      if (c === LF || c === CR) {
        if (c === CR && i + 1 >= n && !final) return -1;
        this.field(k, fieldStart, o);
        this.emit(k + 1, this.scratch, breaks + 1);
        return i + (c === CR && i + 1 < n && w[i + 1] === LF ? 2 : 1);
      }
      // Plain bytes up to the next special one.
      let j = i + 1;
      while (j < n) {
        const d = w[j]!;
        if (d === COMMA || d === LF || d === CR || d === QUOTE) break;
        j++;
      }
      o = this.copy(i, j, o);
      i = j;
      if (i < n && w[i] === QUOTE) {
        // A quote inside an unquoted field: kept as a character.
        o = this.quoteChar(o);
        i++;
      }
    }
  }
}

/** Where the first line break (CR or LF) in bytes[from, to) is; `to` when there is none. */
function firstBreak(bytes: Uint8Array, from: number, to: number): number {
  for (let k = from; k < to; k++) if (bytes[k] === LF || bytes[k] === CR) return k;
  return to;
}

/** Line breaks (CRLF, LF or CR) in bytes[from, to). */
function countBreaks(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = bytes[k];
    if (c === LF) count++;
    else if (c === CR) {
      count++;
      if (k + 1 < to && bytes[k + 1] === LF) k++;
    }
  }
  return count;
}
