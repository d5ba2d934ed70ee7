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
 * only once it is settled (every library operation waits for that). Then:
 * - read, and the placeholder untouched: the flow is shown and the autosave and the library start
 *   from its record, as on the page;
 * - refused by the worker: dealt with exactly as on the page (`setAsideUnreadable`: moved aside,
 *   the unreadable banner and its download; the sample opens unless the user made something meanwhile);
 * - read, but the user edited the placeholder meanwhile: their edits stay and the copy read is kept
 *   in the library first, as an entry's newer copy not opened at start is (`keepUnopened`: a
 *   version 'unopened' of the entry it names); only then are their edits saved over it;
 * - cancelled (or the user edited and the copy could not be kept): the copy is not opened and this
 *   tab saves nothing at all (no autosave, no library), so the copy stays as it is: a reload opens it;
 * - the worker could not read it (its code did not download, say): read on the page, as before.
 */
import type { Flow } from '../model/types';
import { emptyFlow, type EditorStore } from '../store/editor';
import { migratedNotice, PLACEHOLDER_NAME, readStoredText, setAsideUnreadable, type Autosave, type RestoreResult, type StorageLike, type StoredFlow } from '../store/persistence';
import type { LibrarySession } from '../store/librarySession';
import type { StoredReading } from './readStored';

export { PLACEHOLDER_NAME };

/** Said when the working copy was not opened (Cancel): nothing is saved over it in this tab. */
export const NOT_OPENED =
  'The flow saved in this browser was not opened, so this tab saves nothing over it (nor into the library): reload the page to open it. Export what you make here to keep it.';

/** What became of the working copy: for the tests and the e2e. */
export type RestoreOutcome = 'shown' | 'unreadable' | 'edited' | 'not opened' | 'on page';

export interface RestoreInWorkerOptions {
  store: EditorStore;
  storage: StorageLike;
  /** The stored record's text (`restoresInWorker` said yes). */
  text: string;
  /** The library's session and its reader of stored texts, the code loaded; null when there is no library (read on the page then). */
  library: () => Promise<{ session: LibrarySession; reading: StoredReading } | null>;
  /** Starts the autosave (initPersistence) from the restore given; without one, restoreFlow reads the copy on the page. */
  persist: (restored?: RestoreResult) => Promise<Autosave> | Autosave;
  /** False once the editor was closed or restarted: nothing more is done. */
  live: () => boolean;
  /** The empty flow already shown meanwhile (createEditor shows it before this code has loaded); one is shown when not given. */
  placeholder?: Flow;
  now?: () => number;
}

/**
 * The flow's name as the file's head holds it (serializeFlow writes it third), for the progress
 * panel ("Opening “<name>” from the library"), without parsing the whole text; undefined otherwise.
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

  const library = await options.library().catch(() => null);
  if (!live()) return 'not opened';
  if (!library) {
    if (!untouched()) return notOpened();
    await options.persist();
    return 'on page';
  }
  let settle: (record: StoredFlow | null | 'off') => void = () => {};
  const started = library.session.start(new Promise((resolve) => (settle = resolve)));
  try {
    return await readAndShow(options, library, untouched, notOpened, (record) => settle(record));
  } finally {
    // Whatever happened (a throw included), the library's operations stop waiting: off unless settled.
    settle('off');
    await started;
  }
}

async function readAndShow(
  options: RestoreInWorkerOptions,
  { session, reading }: { session: LibrarySession; reading: StoredReading },
  untouched: () => boolean,
  notOpened: () => RestoreOutcome,
  settle: (record: StoredFlow | null | 'off') => void,
): Promise<RestoreOutcome> {
  const { store, storage, text, live } = options;
  const now = options.now ?? Date.now;

  /** Refused: as restoreFlow refuses a copy on the page; the user's flow kept if they made one meanwhile. */
  const refuse = async (problem: string): Promise<RestoreOutcome> => {
    const refused = setAsideUnreadable(storage, text, problem, now);
    const edited = !untouched();
    const autosave = await options.persist(edited ? { ...refused, flow: store.getState().flow } : refused);
    if (edited) autosave.changed();
    settle(null);
    return 'unreadable';
  };

  const stored = readStoredText(text);
  if (!stored.ok) return refuse(stored.reason);
  const record = stored.record;
  const read = await reading.readFlow(record.flowText, 'The flow saved in this browser', nameOf(record.flowText));
  if (!live()) return 'not opened';
  if (!read.ok) {
    if (read.error.kind === 'unreadable') return refuse(read.error.errors?.[0]?.message ?? read.error.message);
    if (read.error.kind === 'cancelled' || !untouched()) return notOpened();
    // The worker could not read it (a failure, not a refusal): read on the page, as before.
    const autosave = await options.persist();
    settle(autosave.restoredRecord ?? null);
    return 'on page';
  }
  const flow = read.value;
  const ready = untouched() ? await reading.beforeShow(flow, untouched) : null;
  if (!live()) return 'not opened';
  if (ready !== null && untouched()) {
    ready();
    const from = reading.migratedFrom(flow);
    await options.persist({ flow, source: 'storage', record, ...(from === undefined ? {} : { notice: migratedNotice(from) }) });
    settle(record);
    return 'shown';
  }
  if (untouched()) return notOpened(); // cancelled while it was priced
  // The user made something meanwhile: it stays, and the copy read is kept before it is saved over.
  if (!(await session.keepUnopened(record, flow))) return notOpened();
  if (!live()) return 'not opened';
  const autosave = await options.persist({ flow: store.getState().flow, source: 'storage', record });
  autosave.changed();
  // Newer than the entry: the library saves the user's flow over it (its flows before are kept as versions).
  settle({ ...record, savedAt: Math.max(record.savedAt, now()) });
  return 'edited';
}
