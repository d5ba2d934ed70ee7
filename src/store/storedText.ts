/**
 * A flow's file text as the library stores it in IndexedDB: a `Blob` of its UTF-8.
 *
 * IndexedDB copies a record it is given (a structured clone) in the task that calls `put`, and
 * hands back a copy in the task that reads it: a 21.6 MB text (100,000 modules) was one task of
 * 155–321 ms to write and as long to read back (docs/performance.md). A Blob is cloned as a
 * handle, whatever its size, and its bytes are made here half a million characters a task and read
 * back as a stream, a chunk a task. Records written before hold the text itself (a string):
 * both are read.
 */
import { nextTask } from './freezeInSlices';

/** What a stored record holds of its flow's text: a Blob, or a string (records written before). */
export type StoredText = Blob | string;

/**
 * Characters of the text encoded into the Blob in one task: a million were a task of 49 ms at
 * load 19 on 2 cores (docs/performance.md), so half that keeps a loaded machine's tasks short.
 */
export const CHARS_PER_TASK = 500_000;

export function isStoredText(value: unknown): value is StoredText {
  return typeof value === 'string' || (typeof Blob !== 'undefined' && value instanceof Blob);
}

/**
 * The text as a Blob of its UTF-8, made `charsPerTask` characters a task (yielding between
 * them). A cut never falls between the two halves of a surrogate pair, which the encoder would
 * each turn into U+FFFD.
 */
export async function textBlob(text: string, charsPerTask = CHARS_PER_TASK, yieldToPage: () => Promise<void> = nextTask): Promise<Blob> {
  const parts: Blob[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + charsPerTask);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    if (end === start) end = start + 2; // charsPerTask 1 at a pair: the pair whole
    if (start > 0) await yieldToPage();
    parts.push(new Blob([text.slice(start, end)]));
    start = end;
  }
  return parts.length === 1 ? parts[0]! : new Blob(parts);
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/** The text a record holds: a string as it is, a Blob read as a stream and decoded chunk by chunk (never one task for all of it). */
export async function textOf(stored: StoredText): Promise<string> {
  if (typeof stored === 'string') return stored;
  const decoder = new TextDecoder();
  const reader = stored.stream().getReader();
  const parts: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(decoder.decode(value, { stream: true }));
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
