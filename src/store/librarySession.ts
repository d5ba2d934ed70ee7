/**
 * The library of one editor: which entry is open, its list and versions for the panels, and
 * the open flow written into its entry as it changes.
 *
 * - The open flow is saved into its entry (debounced, like the autosave); while another tab's
 *   conflict is open, nothing is saved (the user decides first, as for the autosave).
 * - The autosave's localStorage record stays the open flow's working copy (synchronous, saved
 *   when the tab closes) and names its entry; on start it is adopted into the library
 *   (`adoptWorkingCopy`), which also moves a record from before the library in, once. With no working
 *   copy and the flow shown unchanged (the sample on a first visit), nothing is written: the flow
 *   becomes an entry at its first change (`untouched`), so reloads without a change add no entry.
 * - Opening, creating, restoring: the flow being left is saved first. Opening a flow after more
 *   than an hour, importing over it and restoring a version keep a version of it first.
 * - Every failure is a value: `error` holds the sentence shown in the library and, once, a toast.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Flow } from '../model/types';
import type { FileError } from '../io/parse';
import { parseFlow } from '../io/parse';
import { serializeFlow } from '../io/serialize';
import { modulesInFileText } from '../io/modulesInFileText';
import type * as ShareLink from '../io/shareLink';
import { emptyFlow, type EditorState, type EditorStore } from './editor';
import type { LibraryStorage } from './libraryDb';
import type { SetAsideCopy, StoredFlow } from './persistence';
import { setFlowName } from './operations';
import {
  addFlow,
  adoptWorkingCopy,
  defaultVersionName,
  duplicateFlow,
  getFlowRecord,
  idOf,
  isAfterPause,
  LIBRARY_MESSAGES,
  keepStoredVersion,
  keepVersion,
  listFlows,
  listVersions,
  readOnPage,
  openFlow,
  removeFlow,
  renameFlow,
  restoreRemoved,
  saveFlow,
  saveVersion,
  type LibraryContext,
  type LibraryError,
  type KnownSummary,
  type Listing,
  type Removed,
  type Result,
  type StoredFlowReader,
  type Unopened,
  type VersionRow,
  type VersionsSummarizer,
  withListed,
} from './library';
import { summaryOf } from './libraryRecords';
import { figuresOf, rememberFigures, type FlowFigures } from '../cost/flowFigures';

export const LIBRARY_SAVE_DELAY_MS = 400;

export interface LibraryState {
  /** The library has been read on start (until then its commands wait). */
  ready: boolean;
  /** The entry the editor shows, or null before the start. */
  currentId: string | null;
  /**
   * The list as last read: once the library has started, and after each change; the open flow's
   * saves update its entry in place. The library dialog shows it at once and reads it again.
   */
  listing: Listing | null;
  /** The open flow's versions as last read. */
  versions: VersionRow[] | null;
  /** What went wrong last, for the user; null once an operation succeeds. */
  error: string | null;
  /** The last deleted flow, until Undo or another delete. */
  removed: Removed | null;
  /**
   * The flow shown is stored nowhere and unchanged since the start (the sample on a first visit,
   * or an empty flow): it is in no entry (currentId null) and not listed. Its first change, an
   * import, a version saved of it make it an entry (as the autosave then writes its working copy);
   * opening or creating another flow leaves it unsaved. Reloads without a change add nothing.
   */
  untouched: boolean;
}

/** What the library's errors dialog shows (the import errors dialog, with a title of its own). */
export interface LibraryErrorsPayload {
  errors: FileError[];
  fileName?: string;
  title: string;
}

export interface LibrarySession {
  readonly state: StoreApi<LibraryState>;
  /** Whether the library works (waits for the start): false when the database could not be opened or read. */
  usable(): Promise<boolean>;
  /**
   * Adopts the working copy the autosave restored (or the sample) and starts saving into the library.
   * Given a promise (a large working copy read in the import worker, editor/restoreInWorker.ts), every
   * operation waits for it; 'off': the library stays off (the copy was not opened: nothing is saved over it).
   */
  start(restored: StoredFlow | null | Promise<StoredFlow | null | 'off'>): Promise<void>;
  /**
   * The working copy, read at start but not shown (editor/restoreInWorker.ts): its reading cancelled
   * or failed (`flow` null: its text kept as stored, unread), or its flow read but the user edited the
   * flow shown meanwhile and keepRead could not keep it. When its record names an entry that is
   * there, that entry stays as it is (its name, its flow: nothing is saved over it) and the copy is
   * kept as its version 'unopened' only if newer than the entry; `entry` is then the entry's name
   * and the start that follows (given null) saves the flow shown as an entry of its own, not
   * reopening the tab's remembered entry. With no entry there, the copy is kept as a version of the
   * entry its record names (or a new one; `entry` null): the flow shown is to be saved into it.
   * Runs before the start ends (the start waits for it); the caller tells the user (a cancelled or
   * failed reading) or this does (an edit). Why it could not be kept, else where.
   */
  keepUnopened(record: StoredFlow, flow: Flow | null): Promise<{ ok: true; flowId: string | undefined; version: string | null; entry: string | null } | { ok: false; error: LibraryError }>;
  /**
   * The working copy's flow, read at start but not shown because the user edited the placeholder
   * shown meanwhile (editor/restoreInWorker.ts), put in the library before anything else is saved:
   * in the entry its record names, as that entry's flow (the entry keeps its name and its place),
   * or, when the entry was saved after the record, as its version 'unopened' (the entry's newer
   * flow stays); as an entry of its own when the record names none. The flow shown is then the
   * user's new flow, not that entry's: the start that follows (given null) saves it as an entry of
   * its own and opens it, not the tab's remembered entry. Runs before the start ends (the start
   * waits for it); the user is told where each flow is. Not kept: the error, told to no one (the
   * caller tries keepUnopened and gives one message).
   */
  keepRead(record: StoredFlow, flow: Flow): Promise<{ ok: true } | { ok: false; error: LibraryError }>;
  refresh(): Promise<void>;
  open(id: string): Promise<boolean>;
  /** Adds a flow as a new entry and opens it (new flow, sample, share link). */
  create(flow: Flow): Promise<boolean>;
  rename(id: string, name: string): Promise<boolean>;
  duplicate(id: string): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  undoRemove(): Promise<boolean>;
  saveVersion(name: string): Promise<boolean>;
  loadVersions(): Promise<void>;
  /** Replaces the open flow by a version's (one undo step), keeping the current flow as a version first. */
  restoreVersion(versionId: string): Promise<boolean>;
  /**
   * A listed version's flow, to compare with; null (and the errors dialog says why, titled
   * "The version was not <doing>") when it is not listed or cannot be read.
   */
  versionFlow(versionId: string, doing: string): Promise<Flow | null>;
  /** Stops the pricing of large versions still pending (the versions dialog closed). */
  stopVersions(): void;
  /** The share link of the open flow, or why there is none. */
  link(base: string): Promise<{ ok: true; url: string } | { ok: false; message: string }>;
  /** Opens a share link's fragment as a new entry; a bad link opens the errors dialog and keeps the flow. Returns whether the fragment was a share link. */
  openLink(hash: string): Promise<boolean>;
  /** Saves what is pending now. */
  flush(): Promise<void>;
  /** Whether an edit of the open flow waits to be written (its save due, or under way). */
  pending(): boolean;
  stop(): void;
}

export interface LibrarySessionOptions {
  store: EditorStore;
  storage: LibraryStorage;
  now?: () => number;
  newId?: () => string;
  delayMs?: number;
  /** The entry this tab showed before a reload (sessionStorage in the app), opened in preference. */
  preferredId?: string | null;
  /** Told the open entry each time it changes (the app remembers it for this tab). */
  onOpen?: (id: string) => void;
  /** How an entry's stored text is read back (LibraryContext.readFlow: the app reads a large one in the import worker). */
  readFlow?: StoredFlowReader;
  /** How large versions are read, priced and compared off the page (LibraryContext.summarizeVersions: the app's import worker). */
  summarizeVersions?: VersionsSummarizer;
  /**
   * A flow read from the library, before it is shown: work done ahead (its price, a task a step)
   * while `live` says the flow is still wanted; resolves with what to do in the task that shows it,
   * or null when it is not to be shown: `live` said no, or the user cancelled (editor/readStored.ts).
   */
  beforeShow?: (flow: Flow, live: () => boolean) => Promise<(() => void) | null>;
  /**
   * The list's credits of the open flow when the editor already knows them (its incremental price):
   * a save then does not price the whole flow again for the list (cost/flowFigures.ts rememberFigures).
   */
  knownFigures?: (flow: Flow) => Pick<FlowFigures, 'total' | 'perMonth'> | null;
  /**
   * The flows put aside by tabs closed with a conflict open (persistence.ts `setAsideCopies`), and how
   * to say one is kept: the start keeps each in the library, where the user finds it, and says so.
   */
  setAside?: { copies(): SetAsideCopy[]; kept(key: string): void };
}

/** An error sentence as the errors dialog's one row. */
function errorsOf(error: LibraryError): FileError[] {
  return error.errors && error.errors.length > 0 ? error.errors : [{ path: '', message: error.message }];
}

/**
 * Whether the flow shown is as it was put there (the start's resetFlow): no step in its history, and
 * still the very flow that was opened. Given a start with no working copy, such a flow is stored
 * nowhere and nothing of the user's is in it (the sample on a first visit).
 */
function unchanged(s: EditorState): boolean {
  return s.past.length === 0 && s.future.length === 0 && s.fileFlow === s.flow;
}

/** The share-link code (compression, base64): loaded when a link is made or opened, not with the page. */
const shareLink = (): Promise<typeof ShareLink> => import('../io/shareLink');

export function createLibrarySession(options: LibrarySessionOptions): LibrarySession {
  const { store } = options;
  const ctx: LibraryContext = {
    storage: options.storage,
    ...(options.now ? { now: options.now } : {}),
    ...(options.newId ? { newId: options.newId } : {}),
    ...(options.readFlow ? { readFlow: options.readFlow } : {}),
    ...(options.summarizeVersions ? { summarizeVersions: options.summarizeVersions } : {}),
  };
  const now = options.now ?? Date.now;
  const delay = options.delayMs ?? LIBRARY_SAVE_DELAY_MS;
  const state = createStore<LibraryState>()(() => ({ ready: false, currentId: null, listing: null, versions: null, error: null, removed: null, untouched: false }));

  let timer: ReturnType<typeof setTimeout> | null = null;
  let saving: Promise<unknown> = Promise.resolve();
  /** Saves of the open flow taken and not yet written (or failed). */
  let unwritten = 0;
  /** True while this session replaces the flow itself (open, create, restore): no automatic version then. */
  let switching = false;
  let unsubscribe: (() => void) | null = null;
  /** The start, while it runs: every operation waits for it (a click on New before the library has read its entry). */
  let starting: Promise<void> = Promise.resolve();
  /** keepRead or keepUnopened left the working copy's entry as the user's flow: the start opens the flow shown as an entry of its own, nothing else. */
  let keptRead = false;

  /** Shows a failure: in the library's state, and as a toast when it is new. */
  const fail = (error: LibraryError): false => {
    if (state.getState().error !== error.message) store.getState().showToast('error', error.message);
    state.setState({ error: error.message });
    return false;
  };
  /** A save that threw is shown, and the saves after it still run (one link of the chain does not stop the rest). */
  const failedUnexpectedly = (): void => void fail({ kind: 'failed', message: LIBRARY_MESSAGES.failed });
  const succeeded = <T>(result: Result<T>): result is { ok: true; value: T } => {
    if (!result.ok) return fail(result.error);
    if (state.getState().error !== null) state.setState({ error: null });
    return true;
  };

  const saveNow = (): Promise<unknown> => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    const id = state.getState().currentId;
    const { flow, storage } = store.getState();
    if (id === null || storage.conflict !== null) return saving;
    // The list's credits of the open flow from the editor's own price, when it has it (no pricing again).
    const figures = options.knownFigures?.(flow);
    if (figures) rememberFigures(flow, figures);
    // Stamped now, when the flow is taken, though it is written after the saves before it.
    const takenAt = now();
    unwritten++;
    saving = saving
      .then(async () => {
        const saved = await saveFlow(ctx, id, flow, takenAt);
        if (!succeeded(saved)) return;
        const listing = state.getState().listing;
        if (listing) state.setState({ listing: withListed(listing, summaryOf(saved.value)) });
      })
      .catch(failedUnexpectedly)
      .finally(() => unwritten--);
    return saving;
  };

  const setCurrent = (id: string) => {
    state.setState({ currentId: id, versions: null, untouched: false });
    options.onOpen?.(id);
  };

  /**
   * The untouched flow shown becomes an entry of its own (its first change, or a version saved of
   * it): named at once, so the working copy the autosave writes next names it too; written by the
   * next save (saveFlow makes the entry).
   */
  const keepUntouched = () => {
    if (!state.getState().untouched) return;
    setCurrent(idOf(ctx));
  };

  /**
   * A flow read from the library, made ready to be shown (`beforeShow`) while `live`: what `show`
   * does first, or null when it is not to be shown (no longer wanted, or cancelled by the user).
   */
  const readyToShow = async (flow: Flow, live: () => boolean): Promise<(() => void) | null> =>
    options.beforeShow ? options.beforeShow(flow, live) : () => {};

  /** Puts a flow in the editor as a new document (no undo across flows: each flow is its own). */
  const show = (id: string, flow: Flow, ready?: () => void) => {
    // Edits made while the next flow was read (the reads yield to the page) still wait for the
    // save timer: they are saved into the flow being left, before the switch clears that timer.
    if (timer !== null) void saveNow();
    switching = true;
    try {
      setCurrent(id);
      ready?.();
      store.getState().resetFlow(flow, { inFile: false });
    } finally {
      switching = false;
    }
  };

  const keepBeforeImport = (previous: Flow) => {
    const id = state.getState().currentId;
    if (id === null) return;
    saving = saving.then(async () => {
      succeeded(await keepVersion(ctx, id, previous, 'import'));
    }).catch(failedUnexpectedly);
  };

  /**
   * Counts the flows asked to be shown (open, create): the one asked last wins. An open still reading
   * or pricing a large flow when another is asked for shows nothing (it showed its flow over the later one).
   */
  let asked = 0;
  /** The versions listing whose large versions are still priced off the page (stopped by the next listing, or the dialog's close). */
  let versionsJob: AbortController | null = null;
  /** The large versions' summaries worked out so far (listVersions `known`): the dialog opened again asks the worker nothing. */
  const knownSummaries = new Map<string, KnownSummary>();
  /** The opens asked for and not finished yet, by entry (a rename of that entry waits for its open). */
  const openings = new Map<string, Promise<boolean>>();

  const openEntry = async (id: string): Promise<boolean> => {
    if (id === state.getState().currentId) return true;
    const mine = ++asked;
    const live = () => mine === asked;
    await saveNow();
    const opened = await openFlow(ctx, id);
    if (!live()) return false;
    if (!opened.ok) {
      // Cancelled by the user: the flow shown stays, nothing to say.
      if (opened.error.kind === 'cancelled') return false;
      fail(opened.error);
      store.getState().openDialog('importErrors', { errors: errorsOf(opened.error), fileName: opened.error.kind === 'unreadable' ? 'This flow' : 'The library', title: 'The flow was not opened' } satisfies LibraryErrorsPayload);
      return false;
    }
    const { record, flow } = opened.value;
    if (isAfterPause(record.updatedAt, now())) succeeded(await keepVersion(ctx, id, flow, 'pause'));
    // A later open, or the user's Cancel, stops the work ahead (no pricing of a flow no one will see).
    const ready = await readyToShow(flow, live);
    if (ready === null || !live()) return false;
    show(id, flow, ready);
    return true;
  };

  const createEntry = async (flow: Flow): Promise<boolean> => {
    const mine = ++asked;
    await saveNow();
    const added = await addFlow(ctx, flow);
    if (!succeeded(added)) return false;
    // Kept as a new entry either way; shown only if nothing was asked for since.
    if (mine !== asked) return true;
    show(added.value.id, flow);
    void refresh();
    return true;
  };

  const refresh = async () => {
    const listing = await listFlows(ctx);
    if (succeeded(listing)) state.setState({ listing: listing.value });
  };

  const begin = async (from: StoredFlow | null | Promise<StoredFlow | null | 'off'>): Promise<void> => {
    const restored = await from;
    if (restored === 'off') return;
    if (restored === null && unchanged(store.getState())) return beginUntouched();
    return beginStored(restored);
  };

  /** The start with the flow shown kept in the library: the working copy's entry, or a new one. */
  const beginStored = async (restored: StoredFlow | null): Promise<void> => {
    const flow = store.getState().flow;
    const working = { flow, ...(restored?.flowId ? { flowId: restored.flowId } : {}), ...(restored ? { savedAt: restored.savedAt } : {}) };
    const adopted = await adoptWorkingCopy(ctx, working);
    if (!succeeded(adopted)) {
      // No library: the autosave goes on alone; the flow stays open.
      return;
    }
    const { record, migrated } = adopted.value;
    let unopened = adopted.value.unopened;
    if (adopted.value.flow !== flow) {
      // The entry is newer than the working copy shown meanwhile. Shown unless the user edited the
      // working copy during its reading (or cancelled it): their edits are never replaced. The newer
      // flow is then kept as a version, offered in the versions, and their flow saved over the entry.
      const untouched = () => store.getState().flow === flow;
      const ready = untouched() ? await readyToShow(adopted.value.flow, untouched) : null;
      if (ready !== null && untouched()) show(record.id, adopted.value.flow, ready);
      else {
        const why: Unopened['why'] = untouched() ? { kind: 'cancelled', message: LIBRARY_MESSAGES.cancelled } : 'edited';
        // The flow was read (its credits per run known: the import worker priced a large one), only not shown.
        const kept = await keepStoredVersion(ctx, record, figuresOf(adopted.value.flow));
        // Not kept: the entry is left as it is and the flow shown names no entry (no save, no flush,
        // and its working copy no `flowId`), so nothing is written over it; the library stays off, as when it cannot be read.
        if (!kept.ok) return void fail({ kind: kept.error.kind, message: notKept(record.name, why, kept.error) });
        // Only now is the entry the open flow's: its saves may go over it.
        setCurrent(record.id);
        unopened = { name: record.name, why, version: kept.value };
      }
    } else setCurrent(record.id);
    if (unopened) tellUnopened(unopened);
    if (migrated && restored && restored.flowId === undefined) {
      store.getState().showToast('info', `Your saved flow “${record.name}” is now in the library (File › Library), with room for more flows.`);
    }
    watchEdits();
    const preferred = keptRead ? null : options.preferredId;
    keptRead = false;
    if (preferred && preferred !== record.id) await openEntry(preferred);
    else if (restored && isAfterPause(restored.savedAt, now())) succeeded(await keepVersion(ctx, record.id, flow, 'pause'));
    // Edits made while the library was being read.
    await saveNow();
    state.setState({ ready: true });
    // The list, read once now (its entries only, a few hundred bytes a flow), so the library opens on it at once.
    void refresh();
  };

  /**
   * The start with a flow stored nowhere and unchanged (the sample on a first visit): no entry is
   * made for it (each reload would add one), until it changes (watchEdits). The library is read
   * (its list), so a library that cannot be read is told as at any start.
   */
  const beginUntouched = async (): Promise<void> => {
    const listing = await listFlows(ctx);
    if (!succeeded(listing)) return;
    // Changed while the list was read (edits are watched only from here on): kept as any flow is.
    if (!unchanged(store.getState())) return beginStored(null);
    state.setState({ listing: listing.value, untouched: true });
    watchEdits();
    const preferred = keptRead ? null : options.preferredId;
    keptRead = false;
    if (preferred) await openEntry(preferred);
    // Changed while the tab's entry was read: saved into the entry its change made.
    await saveNow();
    state.setState({ ready: true });
  };

  /**
   * Saves the open flow into its entry as it changes (debounced), from the start on: an edit made
   * while the tab's own entry is read at start (`preferredId`) is saved into the flow it was made in.
   */
  const watchEdits = () => {
    /** The flow a load just replaced (the store records the load's undo step right after). */
    let replaced: Flow | null = null;
    unsubscribe = store.subscribe((s, previous) => {
      // An untouched flow replaced (an import over the sample) is stored nowhere: no version of it is kept.
      if (s.loadSerial !== previous.loadSerial) replaced = switching || state.getState().untouched ? null : previous.flow;
      if (replaced && s.past !== previous.past) {
        // An import (commands/files.ts labels its step "Import …") keeps the flow it replaces as a version.
        if (s.past.at(-1)?.label.startsWith('Import')) keepBeforeImport(replaced);
        replaced = null;
      }
      if (s.flow === previous.flow) return;
      // The first change of the untouched flow (not a flow opened in its place): it becomes an entry now.
      if (!switching) keepUntouched();
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => void saveNow(), delay);
    });
  };

  /** Why the flow shown stays, when the entry's newer copy was not opened at start because of the user (an edit, or Cancel). */
  const whyShownStays = (why: Unopened['why']): string | null =>
    why === 'edited' ? 'You edited the flow while its newer copy was opening, so your edits stay.' : why.kind === 'cancelled' ? 'Opening cancelled: the flow shown stays.' : null;

  /** Tells the user that the entry's newer copy was not opened at start, why, and where it is kept. */
  const tellUnopened = ({ name, why, version }: Unopened) => {
    const kept = `The newer copy of “${name}” saved in the library is kept as the version “${version.name}” (File › Versions).`;
    const stays = whyShownStays(why);
    if (stays !== null) store.getState().showToast('info', `${stays} ${kept}`);
    else if (why !== 'edited') store.getState().showToast('warning', `${why.message} ${kept}`);
  };

  /** The entry's newer copy was not opened at start, and could not be kept as a version either (`error`). */
  const notKept = (name: string, why: Unopened['why'], error: LibraryError): string =>
    `${whyShownStays(why) ?? ''} The newer copy of “${name}” could not be kept as a version, so the library leaves it as it is and does not save the flow shown. ${error.message}`.trim();

  /**
   * Each flow put aside by a tab closed with a conflict open, kept in the library: a version of the
   * entry it was (named so), or an entry of its own when that entry is gone; told in a toast. Until
   * 8 Dec it stayed under its backup key alone, which no screen shows: the tab's edits were lost to
   * the user. One that cannot be kept now (the library unreadable, storage full) is tried next start.
   */
  const keepSetAside = async (): Promise<void> => {
    const setAside = options.setAside;
    if (!setAside) return;
    let added = false;
    for (const copy of setAside.copies()) {
      const read = await readOnPage(copy.flowText, 'The flow of a tab closed with unsaved changes');
      if (!read.ok) continue;
      const flow = read.value;
      const entry = copy.flowId === undefined ? null : await getFlowRecord(ctx, copy.flowId);
      if (entry && !entry.ok && entry.error.kind !== 'missing') continue;
      const when = new Date(copy.savedAt).toLocaleString('en-GB');
      if (entry?.ok) {
        const kept = await saveVersion(ctx, entry.value.id, flow, `Set aside by another tab (saved ${when})`, 'unopened');
        if (!succeeded(kept)) continue;
        setAside.kept(copy.key);
        if (entry.value.id === state.getState().currentId) state.setState({ versions: null });
        store
          .getState()
          .showToast(
            'info',
            `Another tab (closed, or left open) held changes that were not saved, because “${entry.value.name}” was saved elsewhere meanwhile; its flow “${flow.name}” is kept as the version “${kept.value.name}” (File › Versions).`,
          );
      } else {
        const kept = await addFlow(ctx, flow);
        if (!succeeded(kept)) continue;
        setAside.kept(copy.key);
        added = true;
        store.getState().showToast('info', `Another tab (closed, or left open) held changes that were not saved, because its flow was saved elsewhere meanwhile; its flow “${flow.name}” is kept in the library (File › Library).`);
      }
    }
    if (added) void refresh();
  };

  const session: LibrarySession = {
    state,

    start(restored) {
      starting = begin(restored).then(() => keepSetAside().catch(() => undefined));
      return starting;
    },

    async keepUnopened(record, flow) {
      // Not after `starting`: the start waits for the restore that asks for this.
      const label = 'The flow saved in this browser, not opened';
      // The copy kept unread still has its module count: counted in its text (as serializeFlow writes it), not parsed.
      const modules = modulesInFileText(record.flowText) ?? 0;
      if (record.flowId !== undefined) {
        const got = await getFlowRecord(ctx, record.flowId);
        if (got.ok) {
          // The entry the copy names stays as it is, its name and its flow: nothing is saved over it.
          // The copy is kept beside it, as its version, only when it is newer than the entry.
          const entry = got.value;
          let version: string | null = null;
          if (record.savedAt > entry.updatedAt) {
            const kept =
              flow !== null
                ? await keepVersion(ctx, entry.id, flow, 'unopened')
                : await keepStoredVersion(ctx, { ...entry, updatedAt: record.savedAt, modules, perMonth: null, flowText: record.flowText, textChars: record.flowText.length }, undefined, label);
            if (!kept.ok) return kept;
            version = kept.value?.name ?? defaultVersionName('unopened');
          }
          // The flow shown is then a new entry of its own, and the tab's remembered entry is not reopened.
          keptRead = true;
          if (flow !== null) {
            const where = version === null ? '' : ` The copy saved in this browser is kept as its version “${version}” (File › Versions).`;
            store.getState().showToast('info', `You edited the flow while “${flow.name}”, saved in this browser, was opening, so your edits stay, as a flow of their own, “${store.getState().flow.name}”. “${entry.name}” is in the library (File › Library).${where}`);
          }
          return { ok: true, flowId: entry.id, version, entry: entry.name };
        }
        // The library could not be read: nothing is kept, and nothing saved over the copy.
        if (got.error.kind !== 'missing') return got;
      }
      // No entry (missing, or none named): its text cannot make an entry unread (its modules and credits
      // are not known), so it is kept as a version of the entry the flow shown is saved into.
      const flowId = record.flowId ?? (flow === null ? idOf(ctx) : undefined);
      const kept: Result<{ name: string } | null> =
        flow !== null
          ? flowId === undefined
            ? await addFlow(ctx, flow)
            : await keepVersion(ctx, flowId, flow, 'unopened')
          : await keepStoredVersion(ctx, { id: flowId!, name: '', createdAt: record.savedAt, updatedAt: record.savedAt, modules, perMonth: null, flowText: record.flowText, textChars: record.flowText.length }, undefined, label);
      // Not kept: the caller says so (the stored copy's banner, with its download).
      if (!kept.ok) return kept;
      const version = kept.value?.name ?? defaultVersionName('unopened');
      if (flow !== null) {
        const where = flowId === undefined ? 'as a flow of its own in the library (File › Library)' : `as the version “${version}” (File › Versions)`;
        store.getState().showToast('info', `You edited the flow while “${flow.name}”, saved in this browser, was opening, so your edits stay. It is kept ${where}.`);
      }
      return { ok: true, flowId, version, entry: null };
    },

    async keepRead(record, flow) {
      // Not after `starting`: the start waits for the restore that asks for this.
      const flowId = record.flowId;
      let kept: Result<unknown>;
      if (flowId === undefined) kept = await addFlow(ctx, flow);
      else {
        const entry = await getFlowRecord(ctx, flowId);
        // Saved after the working copy (a flow too large for it, or another tab): its newer flow stays, the copy read is kept beside it.
        if (entry.ok && entry.value.updatedAt > record.savedAt) kept = await keepVersion(ctx, flowId, flow, 'unopened');
        // Else the entry is given the copy read, as a start adopts the working copy (a missing entry is made again, under its id).
        else kept = await saveFlow(ctx, flowId, flow, record.savedAt);
      }
      // Not kept: the caller tries another way and gives the one message.
      if (!kept.ok) return { ok: false, error: kept.error };
      keptRead = true;
      const mine = store.getState().flow.name;
      store.getState().showToast('info', `Your saved flow “${flow.name}” is in the library (File › Library). What you made while it opened is kept as a flow of its own, “${mine}”.`);
      return { ok: true };
    },

    async usable() {
      await starting;
      return state.getState().ready;
    },

    async refresh() {
      await starting;
      await refresh();
    },

    async open(id) {
      await starting;
      const opened = openEntry(id);
      openings.set(id, opened);
      void opened.finally(() => {
        if (openings.get(id) === opened) openings.delete(id);
      });
      return opened;
    },

    async create(flow) {
      await starting;
      return createEntry(flow);
    },

    async rename(id, name) {
      await starting;
      // The entry being opened (a large one is read for seconds) is renamed once it is open, as the
      // open flow is: renamed in its entry alone, the flow shown would keep its old name and its next
      // save would write it back. Another entry's open is not waited for.
      await openings.get(id)?.catch(() => false);
      if (id === state.getState().currentId) {
        const error = store.getState().edit('Rename flow', (draft) => setFlowName(draft, name));
        if (error) return fail({ kind: 'failed', message: error.message });
        await saveNow();
      } else if (!succeeded(await renameFlow(ctx, id, name))) {
        return false;
      }
      await session.refresh();
      return true;
    },

    async duplicate(id) {
      await starting;
      if (id === state.getState().currentId) await saveNow();
      const copy = await duplicateFlow(ctx, id);
      if (!succeeded(copy)) return false;
      await session.refresh();
      return true;
    },

    async remove(id) {
      await starting;
      const wasOpen = id === state.getState().currentId;
      if (wasOpen) await saveNow();
      const removed = await removeFlow(ctx, id);
      if (!succeeded(removed)) return false;
      state.setState({ removed: removed.value });
      if (wasOpen) {
        // The open flow was deleted (and is not saved again): the most recent other one opens, or a new flow.
        state.setState({ currentId: null });
        const listing = await listFlows(ctx);
        const next = listing.ok ? listing.value.flows[0] : undefined;
        if (!next || !(await openEntry(next.id))) await createEntry(emptyFlow());
      }
      await session.refresh();
      return true;
    },

    async undoRemove() {
      await starting;
      const removed = state.getState().removed;
      if (!removed) return false;
      if (!succeeded(await restoreRemoved(ctx, removed))) return false;
      state.setState({ removed: null });
      await session.refresh();
      return true;
    },

    async saveVersion(name) {
      await starting;
      // A version of the untouched flow: the user wants it kept, so it becomes an entry.
      keepUntouched();
      const id = state.getState().currentId;
      if (id === null) return false;
      await saveNow();
      const saved = await saveVersion(ctx, id, store.getState().flow, name);
      if (!succeeded(saved)) return false;
      store.getState().showToast('info', `Version “${saved.value.name}” saved.`);
      await session.loadVersions();
      return true;
    },

    async loadVersions() {
      // A listing still pricing large versions is stopped: this one replaces it. Its own stop is
      // set before the wait for the start, so the dialog closed meanwhile (stopVersions) stops it.
      versionsJob?.abort();
      const job = new AbortController();
      versionsJob = job;
      await starting;
      if (job.signal.aborted) return;
      const id = state.getState().currentId;
      // The untouched flow is in no entry: it has no versions (yet).
      if (id === null && state.getState().untouched) state.setState({ versions: [] });
      if (id === null) return;
      const live = () => !job.signal.aborted && state.getState().currentId === id;
      const rows = await listVersions(ctx, id, {
        signal: job.signal,
        known: knownSummaries,
        onUpdate: (updated) => {
          if (live()) state.setState({ versions: updated });
        },
      });
      if (live() && succeeded(rows)) state.setState({ versions: rows.value });
    },

    stopVersions() {
      versionsJob?.abort();
      versionsJob = null;
    },

    async versionFlow(versionId, doing) {
      const row = state.getState().versions?.find((r) => r.version.id === versionId);
      if (!row) return null;
      // A large version goes through the library's reader, as a large entry's open does (progress, Cancel).
      const flow = await (ctx.readFlow ?? readOnPage)(row.version.flowText, `Version “${row.version.name}”`, row.version.name);
      if (flow.ok) return flow.value;
      if (flow.error.kind === 'cancelled') return null;
      fail(flow.error);
      store.getState().openDialog('importErrors', { errors: errorsOf(flow.error), fileName: row.version.name, title: `The version was not ${doing}` } satisfies LibraryErrorsPayload);
      return null;
    },

    async restoreVersion(versionId) {
      await starting;
      const id = state.getState().currentId;
      const row = state.getState().versions?.find((r) => r.version.id === versionId);
      if (id === null || !row) return false;
      const mine = ++asked;
      const live = () => mine === asked;
      const flow = await session.versionFlow(versionId, 'restored');
      if (!flow || !live()) return false;
      // Its price and names worked out ahead, a task a step (with the progress and Cancel for a large one).
      const ready = await readyToShow(flow, live);
      if (ready === null || !live()) return false;
      const current = store.getState().flow;
      if (!succeeded(await keepVersion(ctx, id, current, 'restore'))) return false;
      switching = true;
      try {
        ready();
        store.getState().loadFlow(flow, `Restore version “${row.version.name}”`);
      } finally {
        switching = false;
      }
      await saveNow();
      await session.loadVersions();
      return true;
    },

    async link(base) {
      const { flowLink } = await shareLink();
      return flowLink(serializeFlow(store.getState().flow), base);
    },

    async openLink(hash) {
      if (!hash) return false;
      const { flowTextOfLink, linkData } = await shareLink();
      const data = linkData(hash);
      if (data === null) return false;
      const refuse = (errors: FileError[]) => {
        store.getState().openDialog('importErrors', { errors, fileName: 'Share link', title: 'The link was not opened' } satisfies LibraryErrorsPayload);
        return true;
      };
      const text = await flowTextOfLink(data);
      if (!text.ok) return refuse([{ path: '', message: text.message }]);
      await starting;
      const parsed = parseFlow(text.text);
      if (!parsed.ok) return refuse(parsed.errors);
      if (await createEntry(parsed.value)) store.getState().showToast('info', `“${parsed.value.name}” from the link is now in your library.`);
      return true;
    },

    flush() {
      return saveNow().then(() => undefined);
    },

    pending() {
      return timer !== null || unwritten > 0;
    },

    stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      unsubscribe?.();
      unsubscribe = null;
    },
  };
  return session;
}
