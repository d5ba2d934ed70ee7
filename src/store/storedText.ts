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
import { awaitInSlices, type Pace } from '../scheduling/slices';

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
  const charsAtATime = options.charsAtATime ?? CHARS_AT_A_TIME;
  if (text.length <= charsAtATime) return new Blob([text]);
  return (await awaitInSlices(blobPieces(text, charsAtATime), paceOf(options)))!.value;
}

/** The Blob of `text`, yielding between its pieces of `charsAtATime` characters. */
function* blobPieces(text: string, charsAtATime: number): Generator<void, Blob> {
  const parts: Blob[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + charsAtATime);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    if (end === start) end = start + 2; // one character at a time, at a pair: the pair whole
    parts.push(new Blob([text.slice(start, end)]));
    start = end;
    if (start < text.length) yield;
  }
  return new Blob(parts);
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

/**
 * Whether a stored text is `text`, reading a Blob only when its length in characters (kept
 * beside it, `chars`) does not already tell them apart.
 */
export async function holdsText(stored: StoredText, chars: number | undefined, text: string): Promise<boolean> {
  if (typeof stored === 'string') return stored === text;
  if (chars !== undefined && chars !== text.length) return false;
  return (await textOf(stored)) === text;
}
