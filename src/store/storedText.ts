/**
 * A flow's file text as the library stores it in IndexedDB: a `Blob` of its UTF-8.
 *
 * IndexedDB copies a record it is given (a structured clone) in the task that calls `put`, and
 * hands back a copy in the task that reads it: a 21.6 MB text (100,000 modules) was one task of
 * 155–321 ms to write and as long to read back (docs/performance.md). A Blob is cloned as a
 * handle, whatever its size, and its bytes are made here and read back as a stream in slices of
 * a few milliseconds, a task each. Records written before hold the text itself (a string):
 * both are read.
 */
import { awaitInSlices, type Pace } from '../scheduling/awaitInSlices';

/** What a stored record holds of its flow's text: a Blob, or a string (records written before). */
export type StoredText = Blob | string;

export function isStoredText(value: unknown): value is StoredText {
  return typeof value === 'string' || (typeof Blob !== 'undefined' && value instanceof Blob);
}

/** Milliseconds of work before the page is given a task (the blob made, or read back). */
export const SLICE_MS = 8;
/** Characters encoded into the Blob at a time, between looks at the clock. */
const CHARS_AT_A_TIME = 64 * 1024;

export interface SliceOptions extends Omit<Pace, 'live'> {
  sliceMs?: number;
  /** Characters encoded at a time (default 64 Ki). */
  charsAtATime?: number;
}

/** The pace of a slice's options: SLICE_MS unless said; with no `live`, awaitInSlices always gives a result. */
const paceOf = ({ charsAtATime: _chars, ...options }: SliceOptions): Pace => ({ ...options, sliceMs: options.sliceMs ?? SLICE_MS });

/**
 * The text as a Blob of its UTF-8, made a piece at a time and yielding to the page once a slice
 * has taken `sliceMs` (by the clock, not by a count: on a loaded machine half a million
 * characters were a task of 85–103 ms). A cut never falls between the two halves of a surrogate
 * pair, which the encoder would each turn into U+FFFD.
 */
export async function textBlob(text: string, options: SliceOptions = {}): Promise<Blob> {
  if (text.length <= (options.charsAtATime ?? CHARS_AT_A_TIME)) return new Blob([text]);
  return (await piecesBlob([text], options)).blob;
}

/**
 * The Blob of the text the pieces make joined (`serializeFlow`'s `textPieces`: a flow's modules
 * and edges each a piece), and its length in characters, made as `textBlob` makes it, without
 * ever joining the whole text: the pieces are put together `charsAtATime` characters at a time.
 */
export async function piecesBlob(pieces: Iterable<string>, options: SliceOptions = {}): Promise<{ blob: Blob; chars: number }> {
  return (await awaitInSlices(blobOfPieces(pieces, options.charsAtATime ?? CHARS_AT_A_TIME), paceOf(options)))!.value;
}

/**
 * How many Blobs are made into one as they come. A Blob made of Blobs costs the page a little for
 * each part (in Chromium 481 parts were a task of 38–86 ms), so the parts are gathered a few at a
 * time into larger ones, and the whole is made of a few dozen.
 */
const BLOBS_AT_A_TIME = 16;

/** The Blob of the pieces' text, yielding after each part of `charsAtATime` characters; and the text's length. */
function* blobOfPieces(pieces: Iterable<string>, charsAtATime: number): Generator<void, { blob: Blob; chars: number }> {
  /** The parts made so far: level 0 holds Blobs of text, level n + 1 Blobs made of BLOBS_AT_A_TIME of level n. */
  const levels: Blob[][] = [];
  const add = (blob: Blob, level = 0) => {
    const parts = (levels[level] ??= []);
    parts.push(blob);
    if (parts.length < BLOBS_AT_A_TIME) return;
    levels[level] = [];
    add(new Blob(parts), level + 1);
  };
  let chars = 0;
  let gathered: string[] = [];
  let gatheredChars = 0;
  for (const piece of pieces) {
    chars += piece.length;
    if (gatheredChars + piece.length <= charsAtATime) {
      gathered.push(piece);
      gatheredChars += piece.length;
      continue;
    }
    if (gatheredChars > 0) {
      add(new Blob([gathered.join('')]));
      gathered = [];
      gatheredChars = 0;
      yield;
    }
    // A piece longer than a part (a whole text) is cut: never between the halves of a surrogate pair.
    let start = 0;
    while (piece.length - start > charsAtATime) {
      let end = start + charsAtATime;
      if (isHighSurrogate(piece.charCodeAt(end - 1))) end--;
      if (end === start) end = start + 2; // one character at a time, at a pair: the pair whole
      add(new Blob([piece.slice(start, end)]));
      start = end;
      yield;
    }
    if (start < piece.length) {
      gathered.push(start === 0 ? piece : piece.slice(start));
      gatheredChars = piece.length - start;
    }
  }
  if (gatheredChars > 0) add(new Blob([gathered.join('')]));
  // The parts in the text's order: a higher level holds what came first.
  return { blob: new Blob(levels.reverse().flat()), chars };
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/**
 * The text a record holds: a string as it is, a Blob read as a stream and decoded chunk by chunk,
 * yielding to the page once a slice has taken `sliceMs` (a stream's chunks that are ready resolve
 * in the same task: at 100,000 modules reading without yielding was one task of seconds).
 */
export async function textOf(stored: StoredText, options: Omit<SliceOptions, 'charsAtATime'> = {}): Promise<string> {
  if (typeof stored === 'string') return stored;
  return (await awaitInSlices(decoded(stored), paceOf(options)))!.value;
}

/** The Blob's text, yielding after each chunk of its stream. */
async function* decoded(stored: Blob): AsyncGenerator<void, string> {
  const decoder = new TextDecoder();
  const reader = stored.stream().getReader();
  const parts: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(decoder.decode(value, { stream: true }));
    yield;
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** A text known by its length, put together only if it must be compared character by character. */
export interface CountedText {
  chars: number;
  text: () => string;
}

/**
 * Whether a stored text is `text`, reading a Blob only when its length in characters (kept
 * beside it, `chars`) does not already tell them apart; a counted text is put together only then.
 */
export async function holdsText(stored: StoredText, chars: number | undefined, text: string | CountedText): Promise<boolean> {
  const counted = typeof text === 'string' ? { chars: text.length, text: () => text } : text;
  if (typeof stored === 'string') return stored.length === counted.chars && stored === counted.text();
  if (chars !== undefined && chars !== counted.chars) return false;
  const storedText = await textOf(stored);
  return storedText.length === counted.chars && storedText === counted.text();
}
