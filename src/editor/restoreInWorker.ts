/**
 * A large working copy restored at start through the import worker (issue 19: the page is never
 * frozen > 100 ms). A stored record of RESTORE_IN_WORKER_FROM characters or more (about 2,700
 * modules) is not read on the page before the first render (the record's JSON, the flow's and its
 * freeze: one task of 120–211 ms at 10,000 modules) but as a large library entry is: its flow text
 * goes to the library's import worker (editor/readStored.ts: parsed, migrated, validated and priced
 * there, handed over once, frozen a slice at a time, priced here a task a step), with the library's
 * progress panel and its Cancel, while the first screen is drawn with an empty placeholder.
 *
 * Nothing is written over the stored copy while it is read: the autosave and the library start
 * only once it is settled (every library operation waits for that: the library's start is owed
 * from `startPersistence` on, and runs as soon as its code is here, before any command gets it,
 * waiting for `settle`). Then:
 * - read, and the placeholder untouched: the flow is shown and the autosave and the library start
 *   from its record, as on the page;
 * - refused by the worker: dealt with exactly as on the page (`setAsideUnreadable`: moved aside,
 *   the unreadable banner and its download; the sample opens unless the user made something meanwhile);
 * - read, but the user edited the placeholder meanwhile: their edits stay, and are a new flow of
 *   their own ("Untitled flow", never the placeholder's name). The copy read is put in the library
 *   first, in the entry it names, which keeps its name (`keepRead`); only then is the autosave
 *   started and the user's flow saved, as a new entry (the working copy then names that one);
 *   should the copy not be kept there, as a cancelled one (below), with one message;
 * - cancelled, or the worker failed with the placeholder edited: nothing is saved over the entry the
 *   copy names, which keeps its name and its flow; the copy's text, unread, is kept as that entry's
 *   version 'unopened' ("The flow saved in this browser, not opened") only if it is newer than the
 *   entry. The notice says where the flow is ("“…” is in File › Library; opening it was cancelled",
 *   and the version if one was kept); then the autosave and the library start, and what the user has
 *   (an empty "Untitled flow" in place of an untouched placeholder, or their edits, named the same
 *   way) is a new entry of its own; the tab's remembered entry is not reopened. With no entry there
 *   (missing, or none named; its text cannot make one unread), the copy is kept as a version of the
 *   entry it names (or a new one) and the flow shown is saved into that entry, as before;
 * - the copy could not be kept (storage full): it stays in place, and nothing is saved over it until
 *   the user downloads it (the unreadable copy's banner and `held` autosave, "Download the saved flow");
 * - no library code at all and the placeholder edited: this tab saves nothing (NOT_OPENED);
 * - the worker could not read it (its code did not download, say): read on the page, as before;
 *   with no library's code, the library starts from that record when it is next used.
 */
import { freeze } from 'immer';
import type { Flow } from '../model/types';
import { emptyFlow, type EditorStore } from '../store/editor';
import { setFlowName } from '../store/operations';
import { migratedNotice, PLACEHOLDER_NAME, readStoredText, setAsideUnreadable, STORAGE_KEY, type Autosave, type RestoreResult, type StorageLike, type StoredFlow } from '../store/persistence';
import type { LibrarySession } from '../store/librarySession';
import type { StoredReading } from './readStored';

export { PLACEHOLDER_NAME };

/** Said when the working copy was not opened and the library's code is not there to keep it: nothing is saved over it in this tab. */
export const NOT_OPENED =
  'The flow saved in this browser was not opened, so this tab saves nothing over it (nor into the library): reload the page to open it. Export what you make here to keep it.';

/** What became of the working copy: for the tests and the e2e. */
export type RestoreOutcome = 'shown' | 'unreadable' | 'edited' | 'cancelled' | 'not opened' | 'on page';

export interface RestoreInWorkerOptions {
  store: EditorStore;
  storage: StorageLike;
  /** The stored record's text (`restoresInWorker` said yes). */
  text: string;
  /** The library's session and its reader of stored texts, the code loaded; null when there is no library (read on the page then). */
  library: () => Promise<{ session: LibrarySession; reading: StoredReading } | null>;
  /** Starts the autosave (initPersistence) from the restore given; without one, restoreFlow reads the copy on the page. Null: not started (the editor was closed or restarted meanwhile). */
  persist: (restored?: RestoreResult) => Promise<Autosave | null> | Autosave | null;
  /**
   * Settles the library's start, which waits for it (createEditor owes it from the start on: it runs
   * once the library's code is here, before any command gets the library): the record it adopts,
   * null for the flow shown as a new entry, 'off' for no library (nothing saved over the copy).
   */
  settle: (record: StoredFlow | null | 'off') => void;
  /** False once the editor was closed or restarted: nothing more is done. */
  live: () => boolean;
  /** The empty flow already shown meanwhile (createEditor shows it before this code has loaded); one is shown when not given. */
  placeholder?: Flow;
  now?: () => number;
}

/**
 * The flow's name as the file's head holds it (serializeFlow writes it third), for the progress
 * panel ("Reopening “<name>”"), without parsing the whole text; undefined otherwise.
 */
export function nameOf(flowText: string): string | undefined {
  const head = /^\{\s*"format":\s*"creditflow",\s*"version":\s*\d+,\s*"name":\s*("(?:[^"\\]|\\.)*")/.exec(flowText.slice(0, 2048));
  if (!head) return undefined;
  try {
    const name: unknown = JSON.parse(head[1]!);
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The placeholder's edits are the user's own new flow: it never keeps the placeholder's name (their own name stays). */
function nameAsNewFlow(store: EditorStore): void {
  const flow = store.getState().flow;
  // No undo step of its own: an Undo of their edits does not bring the placeholder's name back.
  if (flow.name === PLACEHOLDER_NAME) store.setState({ flow: freeze({ ...flow, name: emptyFlow().name }) });
}

/** What the progress panel says while the working copy is read: not "from the library", where it is not (yet). */
export function progressTitle(name: string | undefined): string {
  return name === undefined || name.trim() === '' ? 'Opening your saved flow' : `Reopening “${name}”`;
}

export async function restoreInWorker(options: RestoreInWorkerOptions): Promise<RestoreOutcome> {
  const { store, live } = options;
  const placeholder = options.placeholder ?? emptyFlow(PLACEHOLDER_NAME);
  if (!options.placeholder) store.getState().resetFlow(placeholder, { inFile: true });
  const untouched = () => store.getState().flow === placeholder;

  /** The copy not opened: no autosave, no library, so nothing is written over it. */
  const notOpened = (): RestoreOutcome => {
    store.getState().setStorageStatus({ state: 'error', message: NOT_OPENED });
    return 'not opened';
  };

  try {
    const library = await options.library().catch(() => null);
    if (!live()) return 'not opened';
    if (!library) {
      if (!untouched()) return notOpened();
      const autosave = await options.persist();
      if (!autosave) return 'not opened';
      // No library's code (not downloaded): its start, owed, adopts this record when it is next used.
      options.settle(autosave.restoredRecord ?? null);
      return 'on page';
    }
    return await readAndShow(options, library, untouched);
  } finally {
    // Whatever happened (a throw included), the library's operations stop waiting: off unless settled.
    options.settle('off');
  }
}

async function readAndShow(
  options: RestoreInWorkerOptions,
  { session, reading }: { session: LibrarySession; reading: StoredReading },
  untouched: () => boolean,
): Promise<RestoreOutcome> {
  const { store, storage, text, live, settle } = options;
  const now = options.now ?? Date.now;

  /** Refused: as restoreFlow refuses a copy on the page; the user's flow kept if they made one meanwhile. */
  const refuse = async (problem: string): Promise<RestoreOutcome> => {
    const refused = setAsideUnreadable(storage, text, problem, now);
    const edited = !untouched();
    if (edited) nameAsNewFlow(store);
    const autosave = await options.persist(edited ? { ...refused, flow: store.getState().flow } : refused);
    if (!autosave) return 'not opened';
    if (edited) autosave.changed();
    settle(null);
    return 'unreadable';
  };

  const stored = readStoredText(text);
  if (!stored.ok) return refuse(stored.reason);
  const record = stored.record;
  const name = nameOf(record.flowText);

  /**
   * The copy not shown (`flow`: read, but the user edited the flow shown meanwhile and keepRead could
   * not keep it; null: its reading cancelled or failed): kept in the library first (`keepUnopened`).
   * The entry it names, when there, stays as it is (the copy its version only when newer) and the
   * flow shown (the user's, or an empty one in place of the placeholder) is saved as a new entry of
   * its own; with no entry there, into the entry the copy is kept under. Not kept (storage full): the
   * copy stays where it is and nothing is saved over it until the user has downloaded it (the
   * unreadable copy's banner, `held`); the library stays off.
   */
  const keepAndGoOn = async (flow: Flow | null, cancelled = true, why?: string): Promise<RestoreOutcome> => {
    const kept = await session.keepUnopened(record, flow);
    if (!live()) return 'not opened';
    const edited = !untouched();
    if (!edited) store.getState().resetFlow(emptyFlow(), { inFile: true });
    else if (store.getState().flow.name === PLACEHOLDER_NAME) store.getState().edit('Name the flow', (d) => void setFlowName(d, emptyFlow().name));
    if (!kept.ok) {
      const stays = flow !== null ? 'You edited the flow while the flow saved in this browser was opening, so your edits stay.' : cancelled ? 'Opening cancelled.' : 'The flow saved in this browser could not be opened here.';
      const full = kept.error.kind === 'quota' ? "the browser's storage is full" : 'the library could not be reached';
      const notice = `${stays} It could not be kept in the library (${full}), so it stays in this browser as it is and nothing is saved over it until you download it.${why ? ` ${why}` : ''}`;
      const problem = flow === null ? 'it was not opened' : 'it was not shown';
      const autosave = await options.persist({ flow: store.getState().flow, source: 'storage', notice, unreadable: { key: STORAGE_KEY, problem, leftInPlace: true, repairable: false, unopened: true, text: record.flowText } });
      if (edited) autosave?.changed();
      return 'not opened';
    }
    const shown = store.getState().flow.name;
    let notice: string | undefined;
    if (flow === null && kept.entry !== null) {
      const how = cancelled ? 'opening it was cancelled' : 'it could not be opened here';
      const version = kept.version === null ? '' : ` Its newest copy, saved in this browser, is kept as its version “${kept.version}” (File › Versions).`;
      notice = `“${kept.entry}” is in File › Library; ${how}.${version} What you do here is saved as a new flow, “${shown}”.`;
    } else if (flow === null) {
      const copy = name === undefined ? 'the flow saved in this browser' : `“${name}”, saved in this browser,`;
      notice = `${cancelled ? 'Opening cancelled' : 'The flow saved in this browser could not be opened here'}: ${copy} is kept as a version of this flow (File › Versions). What you do here is saved as usual.`;
    }
    const autosave = await options.persist({ flow: store.getState().flow, source: 'storage', record, ...(notice ? { notice } : {}) });
    if (!autosave) return 'not opened';
    if (edited) autosave.changed();
    // The entry there keeps its flow: the flow shown becomes an entry of its own (never saved over the copy's entry).
    if (kept.entry !== null) settle(null);
    // No entry there: the flow shown is saved into the entry the copy is kept under (made by that save).
    else settle({ ...record, ...(kept.flowId === undefined ? {} : { flowId: kept.flowId }) });
    return flow === null ? 'cancelled' : 'edited';
  };
  const read = await reading.readFlow(record.flowText, 'The flow saved in this browser', name, progressTitle(name));
  if (!live()) return 'not opened';
  if (!read.ok) {
    if (read.error.kind === 'unreadable') return refuse(read.error.errors?.[0]?.message ?? read.error.message);
    if (read.error.kind === 'cancelled' || !untouched()) return keepAndGoOn(null, read.error.kind === 'cancelled');
    // The worker could not read it (a failure, not a refusal): read on the page, as before.
    const autosave = await options.persist();
    if (!autosave) return 'not opened';
    settle(autosave.restoredRecord ?? null);
    return 'on page';
  }
  const flow = read.value;
  const ready = untouched() ? await reading.beforeShow(flow, untouched) : null;
  if (!live()) return 'not opened';
  if (ready !== null && untouched()) {
    ready();
    const from = reading.migratedFrom(flow);
    const autosave = await options.persist({ flow, source: 'storage', record, ...(from === undefined ? {} : { notice: migratedNotice(from) }) });
    if (!autosave) return 'not opened';
    settle(record);
    return 'shown';
  }
  // Cancelled while it was priced: its flow kept as read.
  if (untouched()) return keepAndGoOn(null);
  // The user made something meanwhile: a new flow of theirs. The copy read is put in its entry first.
  nameAsNewFlow(store);
  // Not kept there (storage full): kept or held as a cancelled copy is, the edits kept.
  const keptRead = await session.keepRead(record, flow);
  if (!keptRead.ok) return keepAndGoOn(flow, false, keptRead.error.message);
  if (!live()) return 'not opened';
  const autosave = await options.persist({ flow: store.getState().flow, source: 'storage', record });
  if (!autosave) return 'not opened';
  autosave.changed();
  // The library saves the user's flow as an entry of its own, and opens it.
  settle(null);
  return 'edited';
}
