/**
 * The flow library: every flow the user keeps in this browser, and the versions of each.
 *
 * Written against a `LibraryStorage` (libraryDb.ts: IndexedDB in the app, fake-indexeddb in the
 * tests). Every operation returns a value, never throws: `{ ok: true, value }` or `{ ok: false,
 * error }` with a sentence for the user. A stored record is checked before it is trusted, and
 * one that cannot be read is listed as such (with its text, to download), never dropped or
 * overwritten. A flow is stored as its file text, so what the library holds is exactly what an
 * export would write, read back by the same parser as a file. The text is kept as a Blob
 * (storedText.ts), so that IndexedDB does not copy megabytes in one task of the page; records
 * written before hold a string, and both are read.
 */
import type { Flow } from '../model/types';
import { parseFlow, type FileError } from '../io/parse';
import { flowTextLength, serializeFlow, textPieces, writeItemsAhead } from '../io/serialize';
import { figuresOf, type FlowFigures } from '../cost/flowFigures';
import { versionSummarizer, type VersionSummary } from '../cost/versionSummary';
import type { FlowRecord, FlowSummary, LibraryStorage, VersionKind, VersionRecord } from './libraryDb';
import { isObject, numberOrNull, readFlowRecord, readSummary, summaryOf, type UnreadableRecord } from './libraryRecords';
import { isQuotaError, ITEMS_PER_TASK } from './persistence';
import { nextTask } from '../scheduling/nextTask';
import { setFlowName } from './operations';
import { TEXT_RULES } from '../model/fieldRules';
import { cutText } from '../model/cutText';
import { holdsText, isStoredText, piecesBlob, textOf, type CountedText, type StoredText } from './storedText';
import { freeze } from 'immer';

export interface LibraryError {
  /** 'cancelled': the user cancelled the reading of a large entry (nothing to show them). */
  kind: 'quota' | 'failed' | 'unreadable' | 'missing' | 'cancelled';
  message: string;
  /** What a flow file's parser found wrong, for the errors dialog (an unreadable flow). */
  errors?: FileError[];
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: LibraryError };

export const LIBRARY_MESSAGES = {
  quota:
    "Your browser's storage is full, so the library could not save this. Your flow is still open: export it to keep it, or delete flows you no longer need.",
  failed: 'The library could not be reached (the browser refused). Your flow is still open: export it to keep it.',
  missing: 'That flow is no longer in the library (deleted in another tab?).',
  cancelled: 'The flow was not opened: its opening was cancelled.',
};

/** A pause longer than this before a flow is opened again keeps a version of it first. */
export const PAUSE_MS = 60 * 60 * 1000;

export interface LibraryContext {
  storage: LibraryStorage;
  now?: () => number;
  newId?: () => string;
  /** How an entry's stored text is read back into a flow (default `readOnPage`; the app reads a large one in the import worker). */
  readFlow?: StoredFlowReader;
  /** How large versions are summarised off the page (listVersions); without it every version is read on the page. */
  summarizeVersions?: VersionsSummarizer;
}

function newId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `f-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
}

const nowOf = (ctx: LibraryContext) => (ctx.now ?? Date.now)();
/** A new entry's id (the context's, else a random one). */
export const idOf = (ctx: LibraryContext) => (ctx.newId ?? newId)();

/** Runs a storage call; what it throws becomes a LibraryError (the quota told apart). */
async function attempt<T>(call: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error: isQuotaError(error) ? { kind: 'quota', message: LIBRARY_MESSAGES.quota } : { kind: 'failed', message: LIBRARY_MESSAGES.failed } };
  }
}

// ---------------------------------------------------------------------------------------
// Figures of a flow

export { figuresOf, type FlowFigures } from '../cost/flowFigures';

// ---------------------------------------------------------------------------------------
// Checking stored records

const VERSION_KINDS: readonly VersionKind[] = ['saved', 'pause', 'import', 'restore', 'unopened'];

function readVersionRecord(value: unknown): VersionRecord | null {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.flowId !== 'string' || !isStoredText(value.flowText)) return null;
  return {
    id: value.id,
    flowId: value.flowId,
    name: typeof value.name === 'string' ? value.name : '',
    kind: VERSION_KINDS.includes(value.kind as VersionKind) ? (value.kind as VersionKind) : 'saved',
    savedAt: numberOrNull(value.savedAt) ?? 0,
    flowText: value.flowText,
    ...(typeof value.textChars === 'number' ? { textChars: value.textChars } : {}),
    modules: typeof value.modules === 'number' ? value.modules : 0,
    total: numberOrNull(value.total),
    perMonth: numberOrNull(value.perMonth),
  };
}

/** A flow's file text read back as a flow, or the errors the file parser found (as a value). */
export function flowOfText(text: string, what: string): Result<Flow> {
  const parsed = parseFlow(text);
  return parsed.ok ? { ok: true, value: parsed.value } : unreadableFlow(what, parsed.errors);
}

/** The error of a stored text the file parser refused: "<what> cannot be read: <its first error>", with all of them. */
export function unreadableFlow(what: string, errors: FileError[]): { ok: false; error: LibraryError } {
  const first = errors[0]?.message ?? 'it cannot be read';
  return { ok: false, error: { kind: 'unreadable', message: `${what} cannot be read: ${first}`, errors } };
}

/**
 * Reads an entry's stored text back into a flow, deeply frozen as the editor would freeze it, or
 * says why not (`unreadableFlow`: the parser's errors). `what` names the entry in the message,
 * `name` is its name (the progress of a large one says it).
 */
export type StoredFlowReader = (stored: StoredText, what: string, name?: string) => Promise<Result<Flow>>;

/** The stored text read and parsed on this thread: a small text, the tests, and wherever there is no worker. */
export const readOnPage: StoredFlowReader = async (stored, what) => {
  const text = await attempt(() => textOf(stored));
  if (!text.ok) return text;
  const read = flowOfText(text.value, what);
  return read.ok ? { ok: true, value: freeze(read.value, true) } : read;
};

// ---------------------------------------------------------------------------------------
// Flows

export type { UnreadableRecord };

export interface Listing {
  /** Most recently edited first, without their texts. */
  flows: FlowSummary[];
  unreadable: UnreadableRecord[];
}

/**
 * The list of the library: read from the flows' list entries, not their texts. A record whose
 * entry is no summary (it cannot be read, or its entry is damaged) is read in full and checked.
 */
export async function listFlows(ctx: LibraryContext): Promise<Result<Listing>> {
  const read = await attempt(() => ctx.storage.listFlows());
  if (!read.ok) return read;
  const flows: FlowSummary[] = [];
  const unreadable: UnreadableRecord[] = [];
  for (const { key, entry } of read.value) {
    const summary = readSummary(entry);
    if (summary) {
      flows.push(summary);
      continue;
    }
    const record = await attempt(async () => withTextRead(await ctx.storage.getFlow(key)));
    if (!record.ok) return record;
    if (record.value === undefined) continue; // deleted meanwhile (another tab)
    const checked = readFlowRecord(record.value);
    if (checked.ok) flows.push(summaryOf(checked.record));
    else unreadable.push(checked.unreadable);
  }
  flows.sort(byLastEdited);
  return { ok: true, value: { flows, unreadable } };
}

const byLastEdited = (a: FlowSummary, b: FlowSummary) => b.updatedAt - a.updatedAt || a.name.localeCompare(b.name);

/** The listing with one flow's entry as just written (replaced, or added), still most recently edited first. */
export function withListed(listing: Listing, summary: FlowSummary): Listing {
  const flows = listing.flows.filter((f) => f.id !== summary.id);
  flows.push(summary);
  flows.sort(byLastEdited);
  return { ...listing, flows };
}

/** The flows whose name holds `query` (case and accents aside); all of them for an empty query. */
export function searchFlows<F extends FlowSummary>(flows: readonly F[], query: string): F[] {
  const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const q = fold(query.trim());
  return q === '' ? [...flows] : flows.filter((f) => fold(f.name).includes(q));
}

/**
 * A stored record as read, its text as a string when it held a Blob: an unreadable record is
 * offered for download as JSON, which would write a Blob as `{}`.
 */
async function withTextRead(value: unknown): Promise<unknown> {
  if (!isObject(value) || typeof value.flowText === 'string' || !isStoredText(value.flowText)) return value;
  return { ...value, flowText: await textOf(value.flowText) };
}

/**
 * The entry and record time each flow is known to be stored as: the flow opened from that record,
 * or saved into it. A save of that very flow, while its record is still the one written then,
 * writes nothing and does not write the flow's text out to compare it (on a reload of a
 * 100,000-module flow that comparison was 1.9 s of one task). Only a deeply frozen flow is kept,
 * as the editor's are: one that can still change could differ from its record by then.
 */
const storedAs = new WeakMap<Flow, { id: string; updatedAt: number }>();

const isFrozenFlow = (flow: Flow) => Object.isFrozen(flow) && Object.isFrozen(flow.modules) && Object.isFrozen(flow.edges);

function rememberStored(flow: Flow, record: FlowRecord): void {
  if (isFrozenFlow(flow)) storedAs.set(flow, { id: record.id, updatedAt: record.updatedAt });
}

const knownStored = (flow: Flow, record: FlowRecord) => {
  const known = storedAs.get(flow);
  return known !== undefined && known.id === record.id && known.updatedAt === record.updatedAt;
};

/** What a record keeps of its flow's text: a Blob, and the text's length in characters. */
type TextToStore = { flowText: Blob; textChars: number };

/**
 * The text to store and its length in characters (storedText.ts: a Blob, made a slice a task),
 * from the pieces of the flow's text (its modules' and edges' texts): the whole text is never
 * put together for it.
 */
async function storedTextOf(flow: Flow): Promise<TextToStore> {
  const made = await piecesBlob(textPieces(flow));
  return { flowText: made.blob, textChars: made.chars };
}

/** The flow's text known by its length, put together only to be compared with a stored one of the same length. */
const countedText = (flow: Flow, chars: number): CountedText => ({ chars, text: () => serializeFlow(flow) });

async function recordOf(id: string, flow: Flow, createdAt: number, updatedAt: number, text?: TextToStore): Promise<FlowRecord> {
  const figures = figuresOf(flow);
  return { id, name: figures.name, ...(text ?? (await storedTextOf(flow))), modules: figures.modules, perMonth: figures.perMonth, createdAt, updatedAt };
}

export async function getFlowRecord(ctx: LibraryContext, id: string): Promise<Result<FlowRecord>> {
  const read = await attempt(() => ctx.storage.getFlow(id));
  if (!read.ok) return read;
  if (read.value === undefined) return { ok: false, error: { kind: 'missing', message: LIBRARY_MESSAGES.missing } };
  const checked = readFlowRecord(read.value);
  if (!checked.ok) return { ok: false, error: { kind: 'unreadable', message: `This flow cannot be read: ${checked.unreadable.problem}.` } };
  return { ok: true, value: checked.record };
}

/** Adds a flow as a new entry (new flow, sample, share link, duplicate). */
export async function addFlow(ctx: LibraryContext, flow: Flow, id = idOf(ctx)): Promise<Result<FlowRecord>> {
  const at = nowOf(ctx);
  const record = await recordOf(id, flow, at, at);
  const put = await attempt(() => ctx.storage.putFlow(record));
  if (!put.ok) return put;
  rememberStored(flow, record);
  return { ok: true, value: record };
}

/**
 * Stores the flow under its entry (created when missing); nothing is written when the text is the same.
 * `takenAt` is when the flow was taken from the editor (default: now), not when the write lands:
 * a save still waiting behind others when the tab goes away must not look newer than the working
 * copy saved after it (adoptWorkingCopy compares them).
 */
export async function saveFlow(ctx: LibraryContext, id: string, flow: Flow, takenAt = nowOf(ctx)): Promise<Result<FlowRecord>> {
  const existing = await attempt(() => ctx.storage.getFlow(id));
  if (!existing.ok) return existing;
  const checked = existing.value === undefined ? null : readFlowRecord(existing.value);
  if (checked?.ok && knownStored(flow, checked.record)) return { ok: true, value: checked.record };
  // A large flow's modules and edges not written yet are written a few thousand per task; those the
  // autosave wrote (or writes meanwhile) are not written again: both share serializeFlow's texts.
  while (!writeItemsAhead(flow, ITEMS_PER_TASK)) await nextTask();
  // The Blob is made first (a slice a task): its length tells most changed texts from the stored one.
  const text = await storedTextOf(flow);
  // A stored text that cannot be read back (its Blob's file gone) is not this flow's: the open flow replaces it.
  if (checked?.ok && (await holdsText(checked.record.flowText, checked.record.textChars, countedText(flow, text.textChars)).catch(() => false))) return { ok: true, value: checked.record };
  // A damaged record under this id is the flow's own older copy; the open flow replaces it.
  const createdAt = checked?.ok ? checked.record.createdAt : takenAt;
  const record = await recordOf(id, flow, createdAt, takenAt, text);
  const put = await attempt(() => ctx.storage.putFlow(record));
  if (!put.ok) return put;
  rememberStored(flow, record);
  return { ok: true, value: record };
}

/**
 * Opens an entry: its record and its flow, or why not (an unreadable flow lists the parser's
 * errors). The flow comes deeply frozen, as the editor would freeze it, and known to be that
 * record's (a save of it writes nothing while the record is unchanged).
 */
export async function openFlow(ctx: LibraryContext, id: string): Promise<Result<{ record: FlowRecord; flow: Flow }>> {
  const got = await getFlowRecord(ctx, id);
  if (!got.ok) return got;
  return readRecord(ctx, got.value);
}

/** A record's flow read back (openFlow, once its record is read). */
async function readRecord(ctx: LibraryContext, record: FlowRecord): Promise<Result<{ record: FlowRecord; flow: Flow }>> {
  const read = await (ctx.readFlow ?? readOnPage)(record.flowText, `“${record.name}”`, record.name);
  if (!read.ok) return read;
  const flow = read.value;
  rememberStored(flow, record);
  return { ok: true, value: { record, flow } };
}

/**
 * How much of a stored text is read to find its flow's name: the file writes `format`, `version`
 * and `name` first (io/serialize.ts), and a name is at most 200 characters.
 */
const NAME_HEAD_BYTES = 16 * 1024;

/** Where the flow's name stands in a stored text: its JSON string, in characters and in UTF-8 bytes, and the name. */
interface NameInText {
  name: string;
  chars: { start: number; end: number };
  bytes: { start: number; end: number };
}

/**
 * Finds the flow's top-level `name` in the head of its stored text, without reading the rest (a
 * large entry's text is tens of megabytes). Null when the head is not what the file writes (the
 * name not in it, the head not JSON, or not UTF-8): the caller then reads the flow as a whole.
 */
async function nameInText(stored: StoredText): Promise<NameInText | null> {
  let head: string;
  if (typeof stored === 'string') head = stored.slice(0, NAME_HEAD_BYTES);
  else {
    try {
      // A multi-byte character cut at the end is left out (stream); a byte that is no UTF-8 throws.
      head = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await stored.slice(0, NAME_HEAD_BYTES).arrayBuffer(), { stream: true });
    } catch {
      return null;
    }
  }
  const span = topLevelString(head, 'name');
  if (span === null) return null;
  let name: unknown;
  try {
    name = JSON.parse(head.slice(span.start, span.end));
  } catch {
    return null;
  }
  if (typeof name !== 'string') return null;
  const bytesBefore = new TextEncoder().encode(head.slice(0, span.start)).length;
  return { name, chars: span, bytes: { start: bytesBefore, end: bytesBefore + new TextEncoder().encode(head.slice(span.start, span.end)).length } };
}

/**
 * The span of the string value of top-level key `key` in the JSON object `text` begins (a head of
 * it), or null when it is not there in full, is no string, or the text is not an object.
 */
function topLevelString(text: string, key: string): { start: number; end: number } | null {
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  /** The end of the string that begins at `i`, or -1 when it does not end in the text. */
  const stringEnd = (from: number) => {
    for (let j = from + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '"') return j + 1;
    }
    return -1;
  };
  space();
  if (text[i] !== '{') return null;
  i++;
  for (;;) {
    space();
    if (text[i] !== '"') return null;
    const keyEnd = stringEnd(i);
    if (keyEnd < 0) return null;
    const found = text.slice(i, keyEnd);
    i = keyEnd;
    space();
    if (text[i] !== ':') return null;
    i++;
    space();
    const start = i;
    if (text[i] === '"') {
      const end = stringEnd(i);
      if (end < 0) return null;
      if (found === JSON.stringify(key)) return { start, end };
      i = end;
    } else if (found === JSON.stringify(key)) return null;
    else {
      // Another key's value: a number, a literal, an object or a list (strings inside it skipped whole).
      let depth = 0;
      while (i < text.length) {
        const c = text[i]!;
        if (c === '"') {
          const end = stringEnd(i);
          if (end < 0) return null;
          i = end;
          continue;
        }
        if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          if (depth === 0) break;
          depth--;
        } else if (c === ',' && depth === 0) break;
        i++;
      }
      if (i >= text.length) return null;
    }
    space();
    if (text[i] !== ',') return null;
    i++;
  }
}

/** A stored text with its flow's name (at `at`) replaced by `name`; a Blob is cut and joined, never read. */
async function withNameAt(stored: StoredText, textChars: number | undefined, at: NameInText, name: string): Promise<{ flowText: StoredText; textChars?: number }> {
  const written = JSON.stringify(name);
  if (typeof stored === 'string') {
    // A record written before texts were Blobs: made a Blob a slice a task, as a save would.
    const made = await piecesBlob([stored.slice(0, at.chars.start), written, stored.slice(at.chars.end)]);
    return { flowText: made.blob, textChars: made.chars };
  }
  const flowText = new Blob([stored.slice(0, at.bytes.start), written, stored.slice(at.bytes.end)]);
  return { flowText, ...(textChars === undefined ? {} : { textChars: textChars - (at.chars.end - at.chars.start) + written.length }) };
}

/**
 * Renames a stored flow (its record and the name inside its text). Only the name changes: the
 * text's head is read to find it, and the rest of the text is kept as it is (a large entry is not
 * read, parsed or priced, so a rename never waits on the reading of another entry). A text whose
 * head is not as the file writes it is read as a whole, as an open reads it.
 */
export async function renameFlow(ctx: LibraryContext, id: string, name: string): Promise<Result<FlowRecord>> {
  const got = await getFlowRecord(ctx, id);
  if (!got.ok) return got;
  // The rule the editor's own rename follows (empty, too long), so the entry's file still reads.
  const named = { name: got.value.name } as Flow;
  const refused = setFlowName(named, name);
  if (refused) return { ok: false, error: { kind: 'failed', message: refused.message } };
  const at = await attempt(() => nameInText(got.value.flowText));
  if (!at.ok) return at;
  let record: FlowRecord;
  if (at.value !== null) {
    const text = await attempt(() => withNameAt(got.value.flowText, got.value.textChars, at.value!, named.name));
    if (!text.ok) return text;
    const { textChars: _, ...rest } = got.value;
    record = { ...rest, ...text.value, name: named.name, updatedAt: nowOf(ctx) };
  } else {
    const opened = await readRecord(ctx, got.value);
    if (!opened.ok) return opened;
    record = await recordOf(id, { ...opened.value.flow, name: named.name }, got.value.createdAt, nowOf(ctx));
  }
  const put = await attempt(() => ctx.storage.putFlow(record));
  return put.ok ? { ok: true, value: record } : put;
}

const COPY = ' (copy)';

/** The name of a copy: "<name> (copy)", the name cut to make room when it is at the limit. */
const copyName = (name: string) => `${cutText(name, TEXT_RULES.flowName.max - COPY.length)}${COPY}`;

/**
 * A copy as a new entry, named "<name> (copy)": the entry's stored text with that name, its
 * figures as listed (the same flow). As a rename, only the text's head is read; a text whose head
 * is not as the file writes it is read as a whole.
 */
export async function duplicateFlow(ctx: LibraryContext, id: string): Promise<Result<FlowRecord>> {
  const got = await getFlowRecord(ctx, id);
  if (!got.ok) return got;
  const at = await attempt(() => nameInText(got.value.flowText));
  if (!at.ok) return at;
  if (at.value === null) {
    const opened = await readRecord(ctx, got.value);
    if (!opened.ok) return opened;
    return addFlow(ctx, { ...opened.value.flow, name: copyName(opened.value.flow.name) });
  }
  const name = copyName(at.value.name);
  const text = await attempt(() => withNameAt(got.value.flowText, got.value.textChars, at.value!, name));
  if (!text.ok) return text;
  const time = nowOf(ctx);
  const record: FlowRecord = { id: idOf(ctx), name, ...text.value, modules: got.value.modules, perMonth: got.value.perMonth, createdAt: time, updatedAt: time };
  const put = await attempt(() => ctx.storage.putFlow(record));
  return put.ok ? { ok: true, value: record } : put;
}

/** What a delete took away (the raw records, unchecked), so that Undo can put it back as it was. */
export interface Removed {
  id: string;
  name: string;
  flow: unknown;
  versions: unknown[];
}

export async function removeFlow(ctx: LibraryContext, id: string): Promise<Result<Removed>> {
  const flow = await attempt(() => ctx.storage.getFlow(id));
  if (!flow.ok) return flow;
  const versions = await attempt(() => ctx.storage.listVersions(id));
  if (!versions.ok) return versions;
  const deleted = await attempt(() => ctx.storage.deleteFlow(id));
  if (!deleted.ok) return deleted;
  const name = isObject(flow.value) && typeof flow.value.name === 'string' ? flow.value.name : id;
  return { ok: true, value: { id, name, flow: flow.value, versions: versions.value } };
}

/** Undoes a delete: the flow and its versions back as they were. */
export async function restoreRemoved(ctx: LibraryContext, removed: Removed): Promise<Result<void>> {
  const storage = ctx.storage;
  return attempt(async () => {
    if (removed.flow !== undefined) await storage.putFlow(removed.flow as FlowRecord);
    for (const v of removed.versions) await storage.putVersion(v as VersionRecord);
  });
}

// ---------------------------------------------------------------------------------------
// Versions

/** Keeps the flow as a version of entry `flowId`. */
export async function saveVersion(ctx: LibraryContext, flowId: string, flow: Flow, name: string, kind: VersionKind = 'saved'): Promise<Result<VersionRecord>> {
  const figures = figuresOf(flow);
  const record: VersionRecord = {
    id: idOf(ctx),
    flowId,
    name: name.trim() || defaultVersionName(kind),
    kind,
    savedAt: nowOf(ctx),
    ...(await storedTextOf(flow)),
    modules: figures.modules,
    total: figures.total,
    perMonth: figures.perMonth,
  };
  const put = await attempt(() => ctx.storage.putVersion(record));
  return put.ok ? { ok: true, value: record } : put;
}

export function defaultVersionName(kind: VersionKind): string {
  switch (kind) {
    case 'pause':
      return 'Before editing again (after a pause)';
    case 'import':
      return 'Before an import';
    case 'restore':
      return 'Before restoring a version';
    case 'unopened':
      return 'A newer copy, not opened';
    default:
      return 'Saved version';
  }
}

/** A version as read back: its stored text as stored (a large version's is not read on the page), or as a string once read. */
export type ReadVersion = Omit<VersionRecord, 'textChars'>;

/** One row of the versions list: the version, and what changed since the one before it. */
export interface VersionRow {
  version: ReadVersion;
  /** "+2 modules, 1 assumption changed: +1,240 credits/month (+8.1 %)"; "first version" for the oldest; "pricing…" while pending. */
  change: string;
  /** Credits per month since the previous version (null for the first, or when either cannot be priced). */
  deltaPerMonth: number | null;
  /** Why its flow cannot be read, when it cannot. */
  problem?: string;
  /** Its figures are still being worked out off the page (a large version): its row says "pricing…". */
  pending?: boolean;
}

/**
 * Works out the versions' summaries off the page (the app: the import worker, workers/versionsClient.ts):
 * `onSummary` is told each version's as it comes, in the order given (oldest first); `done` resolves
 * true once all came, false when cancelled or failed. `cancel` stops what is pending.
 */
export type VersionsSummarizer = (
  /** `context`: a version whose summary is known, read only as the one the next is compared with (its summary not told). */
  versions: { flowText: StoredText; what: string; total: number | null; perMonth: number | null; context?: true }[],
  onSummary: (index: number, summary: VersionSummary) => void,
) => { done: Promise<boolean | { problem: string }>; cancel(): void };

/**
 * A flow whose versions hold a text this long or longer (characters of a string, bytes of a Blob)
 * has its versions read, priced and compared off the page, when the context can (`summarizeVersions`):
 * 256 kB, about 700 modules, as for opening an entry (editor/readStored.ts READ_ON_PAGE_BELOW). Measured
 * (docs/performance.md): a version of 100,000 modules took one task of about 2 s on the page.
 */
export const VERSIONS_ON_PAGE_BELOW = 256 * 1024;

const storedSize = (stored: StoredText) => (typeof stored === 'string' ? stored.length : stored.size);

const versionWhat = (version: { name: string }) => `Version “${version.name}”`;

const rowOf = (version: ReadVersion, summary: VersionSummary): VersionRow => ({
  version: { ...version, total: summary.total, perMonth: summary.perMonth },
  change: summary.change,
  deltaPerMonth: summary.deltaPerMonth,
  ...(summary.problem === undefined ? {} : { problem: summary.problem }),
});

export interface ListVersionsOptions {
  /** Told the rows again each time a pending row is filled in (versions summarised off the page). */
  onUpdate?: (rows: VersionRow[]) => void;
  /** Stops the versions' summaries still pending (the dialog closed). */
  signal?: AbortSignal;
  /**
   * The summaries worked out off the page before, by version id (a version's text never changes):
   * when it holds every version's, still compared with the same version, the rows come filled in and
   * nothing is asked of the worker (the dialog opened again); the answers of a listing are put in it.
   */
  known?: Map<string, KnownSummary>;
}

/**
 * A version's summary worked out before, with the version it was compared with (`comparedWith`:
 * its id, null when none): the nearest earlier version that could be read. It holds while that is
 * still the nearest earlier version that can be read (another tab's version may arrive between).
 */
export interface KnownSummary {
  summary: VersionSummary;
  comparedWith: string | null;
}

/**
 * The versions of a flow, newest first, each with the change since the previous one (the diff
 * engine's, cost/versionSummary.ts). Each version is read and priced once (its price serves both
 * diffs it is part of); a version kept without its credits (a newer copy kept unopened) gets them
 * from that price. When one version's text is large (VERSIONS_ON_PAGE_BELOW) and the context has a
 * `summarizeVersions`, no text is read on the page: the rows come at once, pending ("pricing…"),
 * and are filled in through `onUpdate` as the summaries arrive.
 */
export async function listVersions(ctx: LibraryContext, flowId: string, options: ListVersionsOptions = {}): Promise<Result<VersionRow[]>> {
  const read = await attempt(() => ctx.storage.listVersions(flowId));
  if (!read.ok) return read;
  const versions = read.value.map(readVersionRecord).filter((v): v is VersionRecord => v !== null);
  versions.sort((a, b) => a.savedAt - b.savedAt || a.id.localeCompare(b.id));
  const plain = versions.map(({ textChars: _, ...rest }): ReadVersion => rest);
  if (ctx.summarizeVersions && versions.some((v) => storedSize(v.flowText) >= VERSIONS_ON_PAGE_BELOW)) {
    return { ok: true, value: summarizedOffPage(ctx.summarizeVersions, plain, options) };
  }
  const rows: VersionRow[] = [];
  const summarize = versionSummarizer();
  for (const stored of plain) {
    const text = await attempt(() => textOf(stored.flowText));
    const version: ReadVersion = { ...stored, flowText: text.ok ? text.value : '' };
    rows.push(rowOf(version, summarize({ text: text.ok ? text.value : { problem: text.error.message }, what: versionWhat(version), total: version.total, perMonth: version.perMonth })));
  }
  return { ok: true, value: rows.reverse() };
}

/** The rows of versions summarised off the page: pending at first, filled in as their summaries come. */
function summarizedOffPage(summarizeVersions: VersionsSummarizer, versions: ReadVersion[], options: ListVersionsOptions): VersionRow[] {
  const known = stillHolding(versions, options.known);
  // Whether each version can be read, as far as known (a version's own text decides): its summary
  // from before, even one compared with another version, or its answer in this listing.
  const readable = versions.map((v) => {
    const before = options.known?.get(v.id);
    return before === undefined ? undefined : before.summary.problem === undefined;
  });
  if (known.every((summary) => summary !== undefined)) return versions.map((version, i) => rowOf(version, known[i]!)).reverse();
  // The rows whose summary is known come filled in; only the others are asked of the worker.
  const rows: VersionRow[] = versions.map((version, i) => (known[i] !== undefined ? rowOf(version, known[i]) : { version, change: 'pricing…', deltaPerMonth: null, pending: true }));
  const newestFirst = () => [...rows].reverse();
  if (options.signal?.aborted) return newestFirst();
  const asked = toSummarize(known);
  const job = summarizeVersions(
    asked.map(({ index, context }) => {
      const v = versions[index]!;
      return { flowText: v.flowText, what: versionWhat(v), total: v.total, perMonth: v.perMonth, ...(context ? { context: true as const } : {}) };
    }),
    (at, summary) => {
      const index = asked[at]?.index;
      const version = index === undefined ? undefined : versions[index];
      if (index === undefined || !version || options.signal?.aborted) return;
      readable[index] = summary.problem === undefined;
      // The version it was compared with: the nearest earlier one that can be read (the worker answers
      // oldest first, so every one before it is known by now; if not, the summary is not kept).
      let before = index - 1;
      while (before >= 0 && readable[before] === false) before--;
      if (before < 0 || readable[before] === true) options.known?.set(version.id, { summary, comparedWith: before < 0 ? null : versions[before]!.id });
      rows[index] = rowOf(version, summary);
      options.onUpdate?.(newestFirst());
    },
  );
  options.signal?.addEventListener('abort', () => job.cancel(), { once: true });
  // The worker failed (it answered an error, e.g. a text too large to read): the rows still pending
  // say so, never "pricing…" for ever; they are not kept in `known`, so the next listing asks again.
  void job.done.then((outcome) => {
    if (outcome === true || options.signal?.aborted || !rows.some((row) => row.pending)) return;
    const why = outcome === false ? 'the pricing stopped' : outcome.problem;
    for (const [index, row] of rows.entries()) {
      if (!row.pending) continue;
      rows[index] = { version: versions[index]!, change: 'cannot be priced', deltaPerMonth: null, problem: `${versionWhat(versions[index]!)} cannot be priced: ${why}` };
    }
    options.onUpdate?.(newestFirst());
  });
  return newestFirst();
}

/**
 * The summaries known of `versions` (oldest first) that still hold: a version that cannot be read
 * (compared with nothing) always; one that can, when the version it was compared with is still the
 * nearest earlier one that can be read. After a version whose summary is not known (whether it can
 * be read is not known), the next one known to be read is compared again.
 */
function stillHolding(versions: readonly ReadVersion[], known: ListVersionsOptions['known']): (VersionSummary | undefined)[] {
  let comparedWith: string | null | undefined = null; // the nearest earlier version read; undefined: not known
  return versions.map((version) => {
    const before = known?.get(version.id);
    if (before === undefined) {
      comparedWith = undefined;
      return undefined;
    }
    if (before.summary.problem !== undefined) return before.summary;
    const holds = comparedWith !== undefined && before.comparedWith === comparedWith;
    comparedWith = version.id;
    return holds ? before.summary : undefined;
  });
}

/**
 * What a listing asks of the worker, oldest first: every version whose summary is not known, each
 * run of them after the version it is compared with, read as context (its summary known). A version
 * whose text could not be read is passed over by the summariser, so the context reaches back to the
 * nearest known version that was read (its summary has no problem), or to the oldest.
 */
function toSummarize(known: readonly (VersionSummary | undefined)[]): { index: number; context: boolean }[] {
  const asked: { index: number; context: boolean }[] = [];
  let next = 0; // versions before this are asked already
  for (let i = 0; i < known.length; i++) {
    if (known[i] !== undefined) continue;
    let from = i;
    while (from > next) {
      from--;
      if (known[from]?.problem === undefined) break; // read: the version i is compared with
    }
    for (let j = from; j < i; j++) asked.push({ index: j, context: true });
    asked.push({ index: i, context: false });
    next = i + 1;
  }
  return asked;
}

/** The newest version of a flow, or null. */
async function latestVersion(ctx: LibraryContext, flowId: string): Promise<Result<VersionRecord | null>> {
  const read = await attempt(() => ctx.storage.listVersions(flowId));
  if (!read.ok) return read;
  let latest: VersionRecord | null = null;
  for (const value of read.value) {
    const v = readVersionRecord(value);
    if (v && (latest === null || v.savedAt >= latest.savedAt)) latest = v;
  }
  return { ok: true, value: latest };
}

/**
 * Keeps the flow as a version before something replaces it (an import, a restore) or when it is
 * opened after a pause, unless the newest version already holds exactly this flow.
 * Returns the version kept, or null when none was needed.
 */
export async function keepVersion(ctx: LibraryContext, flowId: string, flow: Flow, kind: Exclude<VersionKind, 'saved'>): Promise<Result<VersionRecord | null>> {
  const latest = await latestVersion(ctx, flowId);
  if (!latest.ok) return latest;
  if (latest.value && (await holdsText(latest.value.flowText, latest.value.textChars, countedText(flow, flowTextLength(flow))).catch(() => false))) return { ok: true, value: null };
  return saveVersion(ctx, flowId, flow, defaultVersionName(kind), kind);
}

/**
 * Keeps an entry's stored flow as it is as a version of it (kind 'unopened'), without reading it:
 * its text (the record's Blob) and its figures as the record lists them. Before the open flow is
 * saved over an entry that was not opened (newer than the working copy, and its reading cancelled,
 * failed, or overtaken by an edit of the working copy): nothing of either is lost. The record lists
 * no credits per run: `known` gives them when the flow was read after all (an edit or a Cancel
 * while it was made ready: the import worker priced it); else `listVersions` prices it when the
 * versions are listed, as it reads every version. `label`: the version's name before its date (the
 * working copy whose reading was cancelled at start is "The flow saved in this browser, not opened").
 */
export async function keepStoredVersion(
  ctx: LibraryContext,
  record: FlowRecord,
  known?: Pick<FlowFigures, 'total' | 'perMonth'>,
  label = defaultVersionName('unopened'),
): Promise<Result<VersionRecord>> {
  const version: VersionRecord = {
    id: idOf(ctx),
    flowId: record.id,
    name: `${label} (saved ${new Date(record.updatedAt).toLocaleString('en-GB')})`,
    kind: 'unopened',
    savedAt: nowOf(ctx),
    flowText: record.flowText,
    ...(record.textChars === undefined ? {} : { textChars: record.textChars }),
    modules: record.modules,
    total: known?.total ?? null,
    perMonth: record.perMonth ?? known?.perMonth ?? null,
  };
  const put = await attempt(() => ctx.storage.putVersion(version));
  return put.ok ? { ok: true, value: version } : put;
}

/** Whether opening an entry last edited at `updatedAt` comes after a pause (and so keeps a version). */
export function isAfterPause(updatedAt: number, now: number): boolean {
  return updatedAt > 0 && now - updatedAt > PAUSE_MS;
}

// ---------------------------------------------------------------------------------------
// The old autosaved record

export const MIGRATED_KEY = 'migratedFromLocalStorage';

/**
 * An entry newer than the working copy that was not opened: its name, why ('edited': the working
 * copy was edited while it was read), and the version it was kept as.
 */
export interface Unopened {
  name: string;
  why: LibraryError | 'edited';
  version: VersionRecord;
}

/** Whether a record holds `flow`'s text: its items written ahead a few thousand a task, as a save does, and its Blob read only when the lengths agree. */
async function holdsFlow(record: FlowRecord, flow: Flow): Promise<boolean> {
  while (!writeItemsAhead(flow, ITEMS_PER_TASK)) await nextTask();
  return holdsText(record.flowText, record.textChars, countedText(flow, flowTextLength(flow))).catch(() => false);
}

/**
 * The flow of the old single autosave (localStorage) as a library entry: under the id its
 * record names when it has one (a later save of the same flow), else as a new entry. Marks the
 * migration done; the old record itself is never deleted (it stays the open flow's working copy).
 * When the entry was changed after the working copy was saved (in another tab, or a flow too large
 * for the working copy), the entry wins: `flow` is then its newer flow, to open instead. The entry
 * is read only then (its record's time is compared first), and not when it holds the working
 * copy's very flow (its text compared, as a save compares it). Should that read not give its flow
 * (cancelled, failed, refused), the entry's text is kept as a version (`unopened`) before the
 * working copy is saved over it; if even that fails, nothing is written.
 */
export async function adoptWorkingCopy(
  ctx: LibraryContext,
  working: { flow: Flow; flowId?: string; savedAt?: number },
): Promise<Result<{ record: FlowRecord; migrated: boolean; flow: Flow; unopened?: Unopened }>> {
  const done = await attempt(() => ctx.storage.getMeta(MIGRATED_KEY));
  if (!done.ok) return done;
  const migrated = done.value === undefined;
  const mark = async () => (migrated ? attempt(() => ctx.storage.setMeta(MIGRATED_KEY, nowOf(ctx))) : ({ ok: true, value: undefined } as const));
  let unopened: Unopened | undefined;
  if (working.flowId !== undefined) {
    const got = await getFlowRecord(ctx, working.flowId);
    if (got.ok && got.value.updatedAt > (working.savedAt ?? 0)) {
      // Saved after the working copy, with the very flow shown (the entry's save of an edit landed
      // after the working copy's): nothing to read again, and no "newer copy" to keep if the user edits.
      if (await holdsFlow(got.value, working.flow)) {
        const marked = await mark();
        if (!marked.ok) return marked;
        rememberStored(working.flow, got.value);
        return { ok: true, value: { record: got.value, migrated, flow: working.flow } };
      }
      const entry = await readRecord(ctx, got.value);
      if (entry.ok) {
        const marked = await mark();
        if (!marked.ok) return marked;
        return { ok: true, value: { record: entry.value.record, migrated, flow: entry.value.flow } };
      }
      const kept = await keepStoredVersion(ctx, got.value);
      if (!kept.ok) return kept;
      unopened = { name: got.value.name, why: entry.error, version: kept.value };
    }
  }
  // Saved first, marked after: a failed save leaves the old record to be moved in next time.
  const saved = await saveFlow(ctx, working.flowId ?? idOf(ctx), working.flow);
  if (!saved.ok) return saved;
  const marked = await mark();
  if (!marked.ok) return marked;
  return { ok: true, value: { record: saved.value, migrated, flow: working.flow, ...(unopened ? { unopened } : {}) } };
}
