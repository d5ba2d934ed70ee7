/**
 * Autosave to the browser's storage, and restore on start.
 *
 * - One key, `creditflow:flow:v1`, holds `{ storageVersion, savedAt, tabId, flowText }`,
 *   where flowText is the flow file text (serializeFlow), so what is stored is exactly
 *   what an export would write and is read back by the same parser as an import.
 * - Saves are debounced and spread over tasks: the flow's text (put together from each module's
 *   kept text, so an edit costs what it changed; a large flow's first save writes its items a few
 *   thousand per task), then the write to storage in a task of its own. Hiding or closing the page
 *   does what is left at once. A failure (storage full, storage switched off) is put in the
 *   store's `storage` status for the UI to show. The flow stays in memory and can still
 *   be exported.
 * - Stored data that cannot be read is moved aside to a backup key, never deleted, and the
 *   user is told and offered to download it or to keep what parses. When there is no room
 *   for the copy, it is left in place and autosave holds off until the user has downloaded
 *   it: nothing saves over it.
 * - Another tab saving a different flow opens a conflict: this tab stops autosaving until
 *   the user reloads theirs or keeps theirs own. Nothing is overwritten silently.
 */
import type { Flow } from '../model/types';
import type { ParseResult } from '../io/parse';
import { flowTextLength, serializeFlow, writeItemsAhead } from '../io/serialize';
import { defaultSampleFlow } from '../io/samples/index';
import type { EditorStore, StorageConflict, UnreadableCopy } from './editor';
import { later } from '../scheduling/slices';

/**
 * How the saved flow's text is read: `parseFlow`, or (the app) a reader that reads a plain file
 * without zod and asks `parseFlow` for any other (createEditor: its code is not in the page's
 * first download).
 */
export type FlowReader = (text: string) => ParseResult;

export const STORAGE_KEY = 'creditflow:flow:v1';
export const BACKUP_PREFIX = 'creditflow:flow:backup:';
/**
 * The backup keys of flows put aside by a tab closed (or hidden) with a conflict open, not yet kept
 * in the library (a JSON list). The library's next start keeps each as a version of its entry (or
 * an entry of its own) and tells the user; the backup itself is never deleted.
 */
export const SET_ASIDE_KEY = 'creditflow:flow:setAside';
export const STORAGE_VERSION = 1;
export const SAVE_DELAY_MS = 400;
/**
 * The most modules and edges a save writes out afresh in one task (about 10 ms): the first save
 * of a large flow after it was opened is spread over several tasks instead of holding the page.
 * Later saves write only what the edit changed (serializeFlow keeps the rest).
 */
export const ITEMS_PER_TASK = 1500;
/**
 * The longest flow text the autosave writes to localStorage. Chromium keeps 10 MiB of UTF-16 (5
 * million characters) per site, the record escapes the text's quotes, and the backups share the
 * room: a 10,000-module flow (3.7 million characters) fits, a 20,000-module one (7.5) cannot. A
 * longer text is not written at all: writing it would fail after holding the page (284 ms at
 * 100,000 modules for `JSON.stringify` of the record and the refused `setItem`), on every edit.
 * The library (IndexedDB) keeps such a flow; the working copy here stays the last one that fit.
 */
export const WORKING_COPY_MAX_CHARS = 4_000_000;
/**
 * A stored record at least this long (characters; about 2,700 generated modules) is not read on the
 * page at start but in the import worker (editor/restoreInWorker.ts), the first screen drawn
 * meanwhile: read on the page, the record's JSON, the flow's and its freeze are one task that grows
 * with the text (about 20 ms per 1,000 modules: 120–211 ms at 10,000, docs/performance.md), while
 * below this it stays well under 100 ms and the worker's start-up would only make a small flow
 * appear later.
 */
export const RESTORE_IN_WORKER_FROM = 1_000_000;

/** The name of the empty flow shown while a large working copy is read in the import worker. */
export const PLACEHOLDER_NAME = 'Opening your saved flow…';

/** Whether the stored text (the record under STORAGE_KEY, or null) is read in the import worker at start. */
export function restoresInWorker(stored: string | null, from: number = RESTORE_IN_WORKER_FROM): boolean {
  return stored !== null && stored.length >= from;
}

/** The part of the Web Storage API this module uses (localStorage, or a fake in tests). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What one save writes. */
export interface StoredFlow {
  storageVersion: number;
  savedAt: number;
  tabId: string;
  flowText: string;
  /**
   * The library entry (library.ts) this flow is, when the library is on: two tabs on different
   * entries are not in conflict, and the next start opens this entry. Absent in records saved
   * before the library.
   */
  flowId?: string;
}

// ---------------------------------------------------------------------------------------
// Stored record: read, migrate

/**
 * Migrations of the stored record, by the version they upgrade FROM. Version 0 is the
 * layout before the record had a version: the flow object itself stored as JSON.
 */
export const STORAGE_MIGRATIONS: Readonly<Record<number, (old: Record<string, unknown>) => Record<string, unknown>>> = {
  0: (old) => ({
    storageVersion: 1,
    savedAt: typeof old.savedAt === 'number' ? old.savedAt : 0,
    tabId: '',
    flowText: JSON.stringify(old),
  }),
};

export type ReadResult =
  | { ok: true; record: StoredFlow; migratedFrom?: number }
  | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a stored text into a current record, migrating older layouts. */
export function readStoredText(text: string): ReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the saved data is not valid JSON' };
  }
  if (!isRecord(value)) return { ok: false, reason: 'the saved data is not an object' };
  let version: number;
  if (value.storageVersion === undefined) {
    if (value.format !== 'creditflow') return { ok: false, reason: 'the saved data has no storage version' };
    version = 0;
  } else if (typeof value.storageVersion === 'number' && Number.isInteger(value.storageVersion) && value.storageVersion >= 0) {
    version = value.storageVersion;
  } else {
    return { ok: false, reason: 'the saved data has an unreadable storage version' };
  }
  if (version > STORAGE_VERSION) {
    return { ok: false, reason: `it was saved by a newer version of Creditflow (storage version ${version})` };
  }
  const from = version;
  let record: Record<string, unknown> = value;
  while (version < STORAGE_VERSION) {
    const step = STORAGE_MIGRATIONS[version];
    if (!step) return { ok: false, reason: `no migration from storage version ${version}` };
    record = step(record);
    version++;
  }
  const { savedAt, tabId, flowText, flowId } = record;
  if (typeof flowText !== 'string') return { ok: false, reason: 'the saved data holds no flow' };
  const result: ReadResult = {
    ok: true,
    record: {
      storageVersion: STORAGE_VERSION,
      savedAt: typeof savedAt === 'number' ? savedAt : 0,
      tabId: typeof tabId === 'string' ? tabId : '',
      flowText,
      ...(typeof flowId === 'string' && flowId !== '' ? { flowId } : {}),
    },
  };
  if (from < STORAGE_VERSION) result.migratedFrom = from;
  return result;
}

// ---------------------------------------------------------------------------------------
// Storage access

/** The browser's localStorage, or null when it is switched off or blocked. */
export function browserStorage(): StorageLike | null {
  try {
    const storage = (globalThis as { localStorage?: StorageLike }).localStorage;
    if (!storage) return null;
    const probe = `${STORAGE_KEY}:probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

export function isQuotaError(error: unknown): boolean {
  if (!isRecord(error) && !(error instanceof Error)) return false;
  const e = error as { name?: unknown; code?: unknown };
  return (
    e.name === 'QuotaExceededError' ||
    e.name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    e.code === 22 ||
    e.code === 1014
  );
}

export const MESSAGES = {
  quota:
    "Your browser's storage is full, so this flow is not being saved. It is still here: export it to keep it, or free some space.",
  unavailable:
    "This browser does not let Creditflow save (storage is off or blocked). Your work stays until you close the tab: export it to keep it.",
  failed: 'Saving to the browser failed. Your flow is still here: export it to keep it.',
  conflict:
    'Another tab saved a different version of this flow. Load theirs, or keep yours (it will replace theirs).',
  held:
    'Not saving: the flow saved in this browser could not be read and is still stored there; saving would replace it. Download the unreadable copy first.',
  heldUnopened:
    'Not saving: the flow saved in this browser was not opened and could not be kept in the library, so it is still stored there; saving would replace it. Download it first.',
  tooLarge:
    'This flow is too large for the browser\'s storage, so it is not being saved (the flow library, which could keep it, is not available here). It is still open: export it to keep it.',
};

function sampleFlow(): Flow {
  return structuredClone(defaultSampleFlow());
}

export interface RestoreResult {
  flow: Flow;
  /** A sentence for the user when something went wrong or was changed on the way. */
  notice?: string;
  /** Where the flow comes from. */
  source: 'storage' | 'sample';
  /** The backup key the unreadable data was moved to. */
  backupKey?: string;
  /** The stored record as read (for conflict checks). */
  record?: StoredFlow;
  /** The saved data that was refused: where it is now, and its text. */
  unreadable?: UnreadableCopy & { text: string };
}

/** Whether a stored text's JSON (the record's and the flow's inside it) reads, so repair can be tried. */
function jsonReads(text: string): boolean {
  const read = readStoredText(text);
  if (!read.ok) return false;
  try {
    JSON.parse(read.record.flowText);
    return true;
  } catch {
    return false;
  }
}

/**
 * The flow to start with: the saved one, else the default sample. Unreadable saved data is
 * moved to `creditflow:flow:backup:<timestamp>` and the notice says so.
 */
export function restoreFlow(read: FlowReader, storage: StorageLike | null = browserStorage(), now: () => number = Date.now): RestoreResult {
  if (!storage) return { flow: sampleFlow(), source: 'sample', notice: MESSAGES.unavailable };
  let text: string | null;
  try {
    text = storage.getItem(STORAGE_KEY);
  } catch {
    return { flow: sampleFlow(), source: 'sample', notice: MESSAGES.unavailable };
  }
  if (text === null) return { flow: sampleFlow(), source: 'sample' };

  const stored = readStoredText(text);
  let problem: string;
  if (stored.ok) {
    const parsed = read(stored.record.flowText);
    if (parsed.ok) {
      const result: RestoreResult = { flow: parsed.value, source: 'storage', record: stored.record };
      if (parsed.migratedFrom !== undefined) result.notice = migratedNotice(parsed.migratedFrom);
      return result;
    }
    const first = parsed.errors[0];
    problem = first ? first.message : 'the saved flow cannot be read';
  } else {
    problem = stored.reason;
  }

  return setAsideUnreadable(storage, text, problem, now);
}

/** Said when the saved flow was migrated from an older file version on its way in. */
export const migratedNotice = (from: number): string => `Your saved flow was made with an older version (file version ${from}) and has been updated.`;

/**
 * Saved data that cannot be read (`problem`: why): moved to `creditflow:flow:backup:<timestamp>`,
 * or left in place when there is no room to copy it (autosave then holds off until the user has
 * downloaded it); the sample opens and the notice says so. The restore on the page (restoreFlow)
 * and the restore of a large working copy in the import worker (editor/restoreInWorker.ts) both
 * refuse a copy through this, so an unreadable copy is dealt with the same way whichever read it.
 */
export function setAsideUnreadable(storage: StorageLike, text: string, problem: string, now: () => number = Date.now): RestoreResult {
  const backupKey = `${BACKUP_PREFIX}${now()}`;
  const repairable = jsonReads(text);
  try {
    storage.setItem(backupKey, text);
    storage.removeItem(STORAGE_KEY);
  } catch {
    return {
      flow: sampleFlow(),
      source: 'sample',
      unreadable: { key: STORAGE_KEY, problem, leftInPlace: true, repairable, text },
      notice: `The flow saved in this browser could not be read (${problem}) and there is no room to copy it aside, so it was left in place and nothing will be saved over it until you download it. A sample flow was opened.`,
    };
  }
  return {
    flow: sampleFlow(),
    source: 'sample',
    backupKey,
    unreadable: { key: backupKey, problem, leftInPlace: false, repairable, text },
    notice: `The flow saved in this browser could not be read (${problem}). It was kept under "${backupKey}" and a sample flow was opened.`,
  };
}

// ---------------------------------------------------------------------------------------
// Autosave

export interface AutosaveOptions {
  /** The editor's store whose flow is saved. */
  store: EditorStore;
  /** null when the browser gives no storage: every change then shows the "unavailable" status. */
  storage?: StorageLike | null;
  /** Where `storage` events arrive (window); omit to not listen to other tabs. */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
  delayMs?: number;
  tabId?: string;
  now?: () => number;
  /** The record restoreFlow read, so a later save by another tab can be told apart. */
  restored?: StoredFlow;
  /** The saved data restoreFlow refused (and its text): offered for download and repair; never saved over. */
  unreadable?: UnreadableCopy & { text: string };
  /** The library entry of the open flow, written into each save (null: none yet, or no library). */
  flowId?: () => string | null;
  /** Reads the other tab's flow when this tab loads it (reloadTheirs). */
  read: FlowReader;
  /** The longest flow text written to storage (default WORKING_COPY_MAX_CHARS). */
  maxChars?: number;
  /** The most modules and edges written out afresh in one task (default ITEMS_PER_TASK). */
  itemsPerTask?: number;
}

export interface Autosave {
  /** Saves now if a save is pending; with a conflict open, puts this tab's flow under a backup key. */
  flush(): void;
  /** Loads the other tab's flow (undoable) and ends the conflict. */
  reloadTheirs(): void;
  /** Keeps this tab's flow: saves it now over the other tab's, and ends the conflict. */
  keepMine(): void;
  /**
   * The text of the saved data refused on start (null when there was none). Asking for it
   * to download it ends the hold on a copy left in place: autosave goes on.
   */
  takeUnreadable(): string | null;
  /** The text of the saved data refused on start, to repair it (the hold stays). */
  peekUnreadable(): string | null;
  stop(): void;
  /** Whether storage holds this very flow now (written, or found there), so closing the tab loses none of it. */
  holds(flow: Flow): boolean;
  /** The record the flow was restored from on start (initPersistence), or null. */
  restoredRecord?: StoredFlow | null;
  /**
   * The flow was changed before the autosave started (edits made while the working copy was read
   * in the import worker): it is saved as an edit is.
   */
  changed(): void;
}

function newTabId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `tab-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
}

/** Starts saving the store's flow on every change (debounced). Returns controls; `stop()` ends it. */
export function startAutosave(options: AutosaveOptions): Autosave {
  const store = options.store;
  const storage = options.storage === undefined ? browserStorage() : options.storage;
  const delay = options.delayMs ?? SAVE_DELAY_MS;
  const tabId = options.tabId ?? newTabId();
  const now = options.now ?? Date.now;
  const events = options.events ?? null;
  const flowIdOf = options.flowId ?? (() => null);
  const maxChars = options.maxChars ?? WORKING_COPY_MAX_CHARS;
  const itemsPerTask = options.itemsPerTask ?? ITEMS_PER_TASK;
  const recordOf = (flowText: string): StoredFlow => {
    const flowId = flowIdOf();
    return { storageVersion: STORAGE_VERSION, savedAt: now(), tabId, flowText, ...(flowId === null ? {} : { flowId }) };
  };

  /** Cancels the save's next step, waiting for its task (the debounce, or a step of a save under way). */
  let pending: (() => void) | null = null;
  /** The flow text this tab and storage agree on (last saved or loaded). */
  let lastText: string | null = options.restored?.flowText ?? null;
  /** The flow object last saved, so an unchanged flow is not serialized again. */
  let lastFlow: Flow | null = null;
  /**
   * The flow was something else since the record was written (an edit, then its Undo): the next
   * save writes the record again, with the same text and a new time, even though the text is the
   * same. On start, the record's time is weighed against the library entry's (adoptWorkingCopy); a
   * record left with its old time would lose to the entry saved in between (the edit), and the
   * Undo made just before a reload would be lost.
   */
  let changedSinceWrite = false;
  /** The flow whose text storage holds (not a flow too large to be written). */
  let heldFlow: Flow | null = null;
  /** The refused saved data, kept for download and repair. */
  const unreadable = options.unreadable ?? null;
  /** The refused data sits under the flow's own key: nothing is saved until the user has it. */
  let held = unreadable?.leftInPlace === true;

  const status = (patch: Parameters<ReturnType<EditorStore['getState']>['setStorageStatus']>[0]) =>
    store.getState().setStorageStatus(patch);

  /**
   * Saves the flow. Spread over tasks unless `now`: the modules and edges not written yet, a few
   * thousand at a time (writeItemsAhead), then the text; then the stored record's JSON; then the
   * write to storage: no task both writes out a large flow and stores it. `pending` cancels the next step: an edit
   * cancels it (schedule), a flush does what is left at once.
   */
  const save = (now: boolean) => {
    pending = null;
    const state = store.getState();
    if (state.storage.conflict !== null) return;
    if (!storage) {
      status({ state: 'unavailable', message: MESSAGES.unavailable });
      return;
    }
    if (held) {
      status({ state: 'held', message: unreadable?.unopened ? MESSAGES.heldUnopened : MESSAGES.held });
      return;
    }
    const flow = state.flow;
    if (!now && !writeItemsAhead(flow, itemsPerTask)) {
      inATask(() => save(false));
      return;
    }
    // The text's length is counted from its pieces, only as far as the limit (the same one that storage
    // may already hold, when it is longer): a text too long for storage is never put together.
    const unchanged = lastText !== null && !changedSinceWrite;
    const limit = unchanged ? Math.max(maxChars, lastText!.length) : maxChars;
    const flowText = flowTextLength(flow, limit) <= limit ? serializeFlow(flow) : null;
    if (flowText !== null && flowText === lastText && !changedSinceWrite) {
      // Storage already holds exactly this flow (saved or loaded from there).
      lastFlow = flow;
      heldFlow = flow;
      if (state.storage.state === 'pending') status({ state: 'saved' });
      return;
    }
    if (flowText === null || flowText.length > maxChars) {
      // Too large for this storage: not tried (it would fail, after holding the page). The library's
      // entry keeps the flow, and the stored record, older and naming that entry, gives way to it on start.
      lastFlow = flow;
      if (flowIdOf() === null) status({ state: 'error', message: MESSAGES.tooLarge });
      else status({ state: 'saved', message: undefined });
      return;
    }
    // The record (its JSON escapes every quote and line break of the text) and the write to storage:
    // a task each, unless now.
    const record = () => {
      const stored = recordOf(flowText);
      return { stored, text: JSON.stringify(stored) };
    };
    if (now) write(flow, flowText, record());
    else
      inATask(() => {
        const made = record();
        inATask(() => write(flow, flowText, made));
      });
  };

  /** Runs `step` in a task of its own (after `delayMs`); `pending` cancels it, so an edit cancels it and a flush does it now. */
  const inATask = (step: () => void, delayMs = 0) => {
    pending = later(() => {
      pending = null;
      step();
    }, delayMs);
  };

  const write = (flow: Flow, flowText: string, record: { stored: StoredFlow; text: string }) => {
    try {
      storage!.setItem(STORAGE_KEY, record.text);
    } catch (error) {
      status({ state: 'error', message: isQuotaError(error) ? MESSAGES.quota : MESSAGES.failed });
      return;
    }
    lastText = flowText;
    lastFlow = flow;
    heldFlow = flow;
    changedSinceWrite = false;
    status({ state: 'saved', message: undefined, lastSavedAt: record.stored.savedAt });
  };

  const schedule = () => {
    pending?.();
    inATask(() => save(false), delay);
    const s = store.getState().storage;
    if (s.state !== 'error' && s.state !== 'unavailable' && s.state !== 'conflict' && s.state !== 'held') status({ state: 'pending' });
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.flow === previous.flow) return;
    if (state.flow === lastFlow && !changedSinceWrite) return;
    if (state.storage.conflict !== null) return;
    if (state.flow !== lastFlow) changedSinceWrite = true;
    schedule();
  });

  const onStorage = (event: Event) => {
    const e = event as StorageEvent;
    if (e.key !== STORAGE_KEY || e.newValue === null) return;
    const read = readStoredText(e.newValue);
    if (!read.ok || read.record.tabId === tabId) return;
    // Another tab on another flow of the library: not this flow, nothing to decide.
    const mine = flowIdOf();
    if (read.record.flowId !== undefined && mine !== null && read.record.flowId !== mine) return;
    const theirs = read.record.flowText;
    const myText = serializeFlow(store.getState().flow);
    if (theirs === myText) {
      // Same flow: nothing to decide; both tabs agree with storage, as of now.
      lastText = theirs;
      changedSinceWrite = false;
      return;
    }
    pending?.();
    pending = null;
    const conflict: StorageConflict = { flowText: theirs, savedAt: read.record.savedAt, tabId: read.record.tabId };
    status({ state: 'conflict', message: MESSAGES.conflict, conflict });
  };
  events?.addEventListener('storage', onStorage);

  /** The flow last put aside while a conflict was open (so switching tabs does not pile up copies). */
  let setAside: Flow | null = null;

  const controls: Autosave = {
    flush() {
      if (pending !== null) {
        pending();
        save(true);
      }
      // The page is going away with a conflict still open: keep this tab's flow under a backup key,
      // so neither version is lost, and the other tab's save stays where it is.
      const state = store.getState();
      if (state.storage.conflict && storage && state.flow !== setAside) {
        const flowText = serializeFlow(state.flow);
        if (flowText !== state.storage.conflict.flowText) {
          const record = recordOf(flowText);
          const key = `${BACKUP_PREFIX}${record.savedAt}`;
          try {
            storage.setItem(key, JSON.stringify(record));
            setAside = state.flow;
            // Listed for the library's next start, which keeps it where the user finds it (File › Versions).
            storage.setItem(SET_ASIDE_KEY, JSON.stringify([...setAsideKeys(storage).filter((k) => k !== key), key]));
          } catch {
            // Storage full: nothing more can be done without the user; the banner is still showing.
          }
        }
      }
    },
    reloadTheirs() {
      const conflict = store.getState().storage.conflict;
      if (!conflict) return;
      const parsed = options.read(conflict.flowText);
      if (!parsed.ok) {
        status({ conflict: null, state: 'error', message: 'The other tab’s flow cannot be read; yours is kept.' });
        schedule();
        return;
      }
      lastText = conflict.flowText;
      status({ conflict: null, state: 'saved', message: undefined });
      store.getState().loadFlow(parsed.value, 'Load flow from other tab');
      lastFlow = store.getState().flow;
      heldFlow = lastFlow;
      changedSinceWrite = false;
    },
    keepMine() {
      if (!store.getState().storage.conflict) return;
      status({ conflict: null, state: 'pending', message: undefined });
      lastText = null;
      save(true);
    },
    takeUnreadable() {
      if (!unreadable) return null;
      if (held) {
        held = false;
        const copy = store.getState().storage.unreadable;
        status({ state: 'pending', message: undefined, ...(copy ? { unreadable: { ...copy, leftInPlace: false } } : {}) });
        save(true);
      }
      return unreadable.text;
    },
    peekUnreadable() {
      return unreadable?.text ?? null;
    },
    holds(flow) {
      return pending === null && heldFlow === flow;
    },
    changed() {
      changedSinceWrite = true;
      schedule();
    },
    stop() {
      pending?.();
      pending = null;
      unsubscribe();
      events?.removeEventListener('storage', onStorage);
    },
  };
  return controls;
}

/**
 * App start: restores the saved flow (or the sample) into the store, tells the user what
 * happened if anything went wrong, and starts autosave with cross-tab conflict detection.
 */
export interface PersistenceOptions {
  /** The library entry of the open flow (absent: no library). */
  flowId?: () => string | null;
  /**
   * Whether the library has a save of the open flow not written yet. Leaving the page then, with a
   * flow the working copy does not hold (too large for localStorage), asks the browser to confirm:
   * the save cannot finish once the page is gone.
   */
  libraryPending?: () => boolean;
  /** The longest flow text written to storage (default WORKING_COPY_MAX_CHARS). */
  maxChars?: number;
  /**
   * The restore already done (a large working copy read in the import worker: editor/restoreInWorker.ts)
   * instead of restoreFlow's on the page. When its flow is the store's already (the user's edits made
   * meanwhile), the store is left as it is.
   */
  restored?: RestoreResult;
}

export function initPersistence(
  store: EditorStore,
  win: (Pick<Window, 'addEventListener' | 'removeEventListener'>) | null,
  storage: StorageLike | null,
  read: FlowReader,
  more: PersistenceOptions = {},
): Autosave {
  const restored = more.restored ?? restoreFlow(read, storage);
  // A flow restored from storage may hold edits that are in no file: replacing it asks first.
  if (store.getState().flow !== restored.flow) store.getState().resetFlow(restored.flow, { inFile: restored.source === 'sample' });
  if (!storage) {
    store.getState().setStorageStatus({ state: 'unavailable', message: MESSAGES.unavailable });
  } else {
    // The sample (a first visit, or saved data moved aside) is stored nowhere yet: not "Saved locally".
    if (restored.source === 'sample') store.getState().setStorageStatus({ state: 'unsaved' });
    if (restored.notice) store.getState().setStorageStatus({ notice: restored.notice });
  }
  const options: AutosaveOptions = { store, storage, events: win, read, ...(more.flowId ? { flowId: more.flowId } : {}), ...(more.maxChars !== undefined ? { maxChars: more.maxChars } : {}) };
  if (restored.record) options.restored = restored.record;
  if (restored.unreadable) {
    const { text: _text, ...copy } = restored.unreadable;
    store.getState().setStorageStatus({ unreadable: copy, ...(copy.leftInPlace ? { state: 'held', message: copy.unopened ? MESSAGES.heldUnopened : MESSAGES.held } : {}) });
    options.unreadable = restored.unreadable;
  }
  const autosave = startAutosave(options);
  // Save what is pending when the tab is hidden or closed, without waiting for the debounce.
  const onHide = () => autosave.flush();
  // Leaving with the library's save of a flow the working copy cannot hold still to come: the browser asks first.
  const onLeave = (event: Event) => {
    autosave.flush();
    if (!more.libraryPending?.() || autosave.holds(store.getState().flow)) return;
    event.preventDefault(); // the browser's own "Leave site?" dialog
  };
  win?.addEventListener('pagehide', onHide);
  win?.addEventListener('visibilitychange', onHide);
  win?.addEventListener('beforeunload', onLeave);
  autosave.restoredRecord = restored.record ?? null;
  const stop = autosave.stop;
  autosave.stop = () => {
    win?.removeEventListener('pagehide', onHide);
    win?.removeEventListener('visibilitychange', onHide);
    win?.removeEventListener('beforeunload', onLeave);
    stop();
  };
  return autosave;
}

// ---------------------------------------------------------------------------------------
// Flows put aside by a tab closed with a conflict open

function setAsideKeys(storage: StorageLike): string[] {
  try {
    const list: unknown = JSON.parse(storage.getItem(SET_ASIDE_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string' && k.startsWith(BACKUP_PREFIX)) : [];
  } catch {
    return [];
  }
}

/** A flow a tab put aside when it closed with a conflict open, under `key`. */
export interface SetAsideCopy {
  key: string;
  flowText: string;
  savedAt: number;
  flowId?: string;
}

/** The flows put aside by tabs closed with a conflict open and not yet kept in the library, oldest first. */
export function setAsideCopies(storage: StorageLike): SetAsideCopy[] {
  const copies: SetAsideCopy[] = [];
  for (const key of setAsideKeys(storage)) {
    let text: string | null;
    try {
      text = storage.getItem(key);
    } catch {
      continue;
    }
    // Read as every stored record is (readStoredText); one that is not a record (changed by other means) is left where it is, unlisted.
    const read = text === null ? null : readStoredText(text);
    if (!read?.ok) continue;
    const { flowText, savedAt, flowId } = read.record;
    copies.push({ key, flowText, savedAt, ...(flowId !== undefined ? { flowId } : {}) });
  }
  return copies.sort((a, b) => a.savedAt - b.savedAt);
}

/** The copy under `key` is kept in the library: no longer listed (its backup stays, never deleted). */
export function forgetSetAside(storage: StorageLike, key: string): void {
  try {
    const rest = setAsideKeys(storage).filter((k) => k !== key);
    if (rest.length === 0) storage.removeItem(SET_ASIDE_KEY);
    else storage.setItem(SET_ASIDE_KEY, JSON.stringify(rest));
  } catch {
    // Storage refused: listed still, it is kept again at the next start (a second version, never a loss).
  }
}
