/**
 * A streaming CSV reader (RFC 4180): fields separated by commas, a field in double quotes may hold
 * commas, line breaks and doubled quotes (""), records end with CRLF, LF or a lone CR. Text is
 * pushed in chunks of any size; each complete record is handed on with the line it starts on.
 * Only the unfinished tail of the text is kept between chunks.
 */

export type CsvRecord = (fields: string[], line: number) => void;

export class CsvReader {
  private pending = '';
  private line = 1;
  private started = false;

  constructor(private readonly onRecord: CsvRecord) {}

  push(chunk: string): void {
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const text = this.pending === '' ? chunk : this.pending + chunk;
    this.pending = text.slice(this.scan(text, false));
  }

  /** The end of the text: a last record without a line break is a record too. */
  end(): void {
    const text = this.pending;
    this.pending = '';
    if (text !== '') this.scan(text, true);
  }

  /** Reads every complete record of `text`; returns where the unfinished rest starts. */
  private scan(text: string, final: boolean): number {
    const n = text.length;
    let i = 0;
    let nextLf = -2;
    let nextCr = -2;
    let nextQuote = -2;
    while (i < n) {
      if (nextLf !== -1 && nextLf < i) nextLf = text.indexOf('\n', i);
      if (nextCr !== -1 && nextCr < i) nextCr = text.indexOf('\r', i);
      if (nextQuote !== -1 && nextQuote < i) nextQuote = text.indexOf('"', i);
      const eol = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
      if (nextQuote === -1 || (eol !== -1 && nextQuote > eol)) {
        // Fast path: no quote in this record.
        if (eol === -1) {
          if (!final) return i;
          this.emit(text.slice(i).split(','));
          return n;
        }
        if (text.charCodeAt(eol) === 13 && eol + 1 === n && !final) return i; // a CR whose LF may come next
        if (eol > i) this.emit(text.slice(i, eol).split(','));
        else this.line++; // a blank line
        i = eol + (text.charCodeAt(eol) === 13 && text.charCodeAt(eol + 1) === 10 ? 2 : 1);
        continue;
      }
      const next = this.quoted(text, i, final);
      if (next === -1) return i;
      i = next;
    }
    return n;
  }

  private emit(fields: string[], lines = 1): void {
    this.onRecord(fields, this.line);
    this.line += lines;
  }

  /** A record with quotes, character by character; −1 when it does not end within `text`. */
  private quoted(text: string, start: number, final: boolean): number {
    const n = text.length;
    const fields: string[] = [];
    let field = '';
    let i = start;
    let breaks = 0;
    for (;;) {
      if (i >= n) {
        if (!final) return -1;
        fields.push(field);
        this.emit(fields, breaks + 1);
        return n;
      }
      const c = text.charCodeAt(i);
      if (c === 34 /* " */ && field === '' ) {
        // A quoted field: up to the closing quote; "" is one quote.
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) {
            if (!final) return -1;
            field += text.slice(j);
            breaks += countBreaks(text, j, n);
            i = n;
            break;
          }
          if (q + 1 >= n && !final) return -1; // "" may be split across chunks
          field += text.slice(j, q);
          breaks += countBreaks(text, j, q);
          if (text.charCodeAt(q + 1) === 34) {
            field += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        // Characters after the closing quote up to the separator belong to the field (lenient).
        continue;
      }
      if (c === 44 /* , */) {
        fields.push(field);
        field = '';
        i++;
        continue;
      }
      if (c === 10 || c === 13) {
        if (c === 13 && i + 1 >= n && !final) return -1;
        fields.push(field);
        this.emit(fields, breaks + 1);
        return i + (c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1);
      }
      // Plain characters up to the next special one.
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 44 || d === 10 || d === 13 || d === 34) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
      if (i < n && text.charCodeAt(i) === 34) {
        // A quote inside an unquoted field: kept as a character.
        field += '"';
        i++;
      }
    }
  }
}

/** Line breaks (CRLF, LF or CR) in text[from, to). */
function countBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (text.charCodeAt(k + 1) === 10 && k + 1 < to) k++;
    }
  }
  return count;
}
