/**
 * One editor: everything the canvas, the panels and the commands share, in one object.
 *
 * `createEditor({ storage, clipboard, files })` makes the document store (flow, selection,
 * undo history, UI slice), its memoised derived data, the command registry, the simulated
 * runs the panels share and the slots the canvas fills while it is mounted (viewport, centre
 * of view). The app makes one (main.tsx) and hands it to React with `<EditorProvider>`; tests
 * make as many as they like, with fake storage, clipboard and downloads. Nothing of an editor
 * lives at module level, so two editors never see each other's state.
 */
import type { LayoutEngine } from '../commands/layout';
import type { Flow, Position } from '../model/types';
import { createEditorStore, emptyFlow, type EditorStore } from '../store/editor';
import { createDerived, type Derived, type DerivedOptions } from '../store/derived';
import { browserStorage, forgetSetAside, initPersistence, PLACEHOLDER_NAME, readStoredText, restoresInWorker, setAsideCopies, STORAGE_KEY, type Autosave, type FlowReader, type PersistenceOptions, type RestoreResult, type StorageLike, type StoredFlow } from '../store/persistence';
import type { ParseResult } from '../io/parse';
import { readPlainFlow } from '../io/plainFile';
import { createCommands, type ClipboardAdapter, type CommandHost, type Commands } from '../commands/registry';
import { browserDownload, type Downloader } from '../commands/download';
import type { FilePicker } from '../commands/compare';
import { isMac } from '../commands/shortcuts';
import type { ViewportController } from '../commands/viewport';
import { laterSimulation, type SimulationHandle, type SimulationRequest } from '../workers/simulationHandle';
import { simulateOnOpen } from './simulationWarmup';
import { wantCores } from '../store/openedFlowWork';
import type { LibraryStorage } from '../store/libraryDb';
import type { LibrarySession } from '../store/librarySession';
import { createBandsStore, createDockRequests, createWhatIfSettings, requestDockTab, type BandsStore, type DockRequestStore, type WhatIfSettingsStore } from './slots';
import { createTraceSlot, type TraceSlot } from '../store/trace';
import { createCalibrationSlot, type CalibrationRunner, type CalibrationSlot } from '../store/calibration';
import type { ImportClient } from '../workers/importClient';
import type { VersionsClient } from '../workers/versionsClient';
import type { VersionsSummarizer } from '../store/library';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { loadOnce } from '../scheduling/loadOnce';
import type { StoredReading } from './readStored';

/**
 * Said when the large working copy could not be read at start (the code that reads it did not
 * download) and the user had already edited the placeholder: nothing is saved over the copy.
 */
export const NOT_OPENED_OFFLINE =
  'The flow saved in this browser could not be opened (the code that reads it did not download), so this tab saves nothing over it (nor into the library): reload the page when online to open it. Export what you make here to keep it.';

/** Said when reopening a large saved flow ended in a failure before anything was saved: nothing is saved over it in this tab. */
export const NOT_OPENED_FAILED =
  'The flow saved in this browser could not be opened, so this tab saves nothing over it (nor into the library): reload the page to try again. Export what you make here to keep it.';

/** Why a flow was not read when the code that reads it could not be fetched (offline after an update). */
export const CODE_NOT_DOWNLOADED = 'the code that reads flow files did not download (reload the page when online)';

export interface EditorOptions {
  /** Where the flow is saved: localStorage by default; null: nowhere (the user is told). */
  storage?: StorageLike | null;
  /**
   * Where the flow library lives: IndexedDB by default when `storage` is the default too (tests
   * passing their own storage get no library unless they pass one); null: no library.
   */
  library?: LibraryStorage | null;
  /** This tab's own memory (sessionStorage by default): which library entry it had open, for a reload. */
  tab?: StorageLike | null;
  /** The system clipboard: navigator.clipboard by default; null: this editor's memory only. */
  clipboard?: ClipboardAdapter | null;
  /** How a file is saved: the browser's download by default. */
  files?: Downloader;
  /** How "Compare with file…" asks for a file: the browser's file chooser by default. */
  pickFile?: FilePicker;
  /** The document to start with (an empty flow by default; `startPersistence` replaces it with the saved one). */
  flow?: Flow;
  /** Shortcuts as on a Mac (⌘): detected from the browser by default. */
  mac?: boolean;
  /**
   * Makes the simulation client the panels share (tests pass one without a worker). By default a
   * handle whose client's code loads with the first run asked, or the workers' start (simulationHandle.ts).
   */
  simulationClient?: () => SimulationHandle;
  /** The auto-layout's engine (default: elk in a Web Worker; tests give their own). */
  layoutEngine?: LayoutEngine;
  /** Makes the client that reads picked and dropped files (tests pass one without a worker). */
  importClient?: () => ImportClient;
  /** Every flow opens fitted whole, however small (the browser benchmark, to compare like with like). */
  wholeFlowStartView?: boolean;
  /** Calibrates from a log (tests pass one without a worker); the calibration worker by default. */
  calibrationRunner?: CalibrationRunner;
  /**
   * Makes the validation and the compare selectors: by default their code loads when first needed
   * (not in the page's first download) and what they show appears once it has; tests pass
   * createFlowChecker and createCompareSelectors to have them at once.
   */
  derived?: Pick<DerivedOptions, 'flowChecker' | 'compareSelectors'>;
  /**
   * Reads a flow file's text with the schema (parseFlow): by default its code (zod) loads when
   * first needed (`readyToRestore`, or soon after the first paint); tests pass parseFlow to have it
   * at once. A plain file of the current version is read without it either way (readPlainFlow).
   */
  parseFlow?: (text: string) => ParseResult;
  /** The stored record's length from which it is read in the import worker at start (default RESTORE_IN_WORKER_FROM; tests lower it). */
  restoreInWorkerFrom?: number;
}

export interface Editor extends CommandHost {
  /** The document, the selection, the undo history, the UI slice and the storage status. */
  readonly store: EditorStore;
  /** Memoised data derived from the document (cost, problems, names…): selectors to subscribe with. */
  readonly derived: Derived;
  /** Every user action: the toolbar, the keys, the menus and the context menus read this list. */
  readonly commands: Commands;
  /** Where the flow is saved, or null. */
  readonly storage: StorageLike | null;
  /** Each module's P10–P90 band: the what-if code writes it, the canvas draws it. */
  readonly bands: BandsStore;
  /** The samples and seed the what-if panels and the canvas bands simulate with. */
  readonly whatIf: WhatIfSettingsStore;
  /** The trace of one simulated run the user steps through (the Trace tab and the canvas). */
  readonly trace: TraceSlot;
  /** Which dock tab a command last asked to show. */
  readonly dock: DockRequestStore;
  /** The calibration of the open flow from a log of its runs (the Calibration tab, the canvas, the problems). */
  readonly calibration: CalibrationSlot;
  /** The one simulation client the panels and the bands share (made on first use: no worker, nor its code, before). */
  simulation(): SimulationHandle;
  /**
   * Asks for the what-if panel's default simulated runs now, as its tab opens: the runs start while
   * the panel's code loads and renders (about 0.3 s), and the panel, asking the same, takes them.
   * Nothing while a scenario is shown (the panel asks for its own runs).
   */
  askWhatIfRuns(): void;
  /**
   * While the runs asked by `askWhatIfRuns` go (a person waits for them: the What-if tab shows
   * their progress), calls `then` once they have answered (a result, an error, a cancel) and
   * returns a cancel function; returns null, calling nothing, when no such runs go. Background
   * work (code loaded ahead, ui/preloadable's whenIdleAfter) waits through it: on a small machine
   * the page's thread and the simulation's workers share the cores.
   */
  whenRunsAnswered(then: () => void): (() => void) | null;
  /**
   * The one client that reads picked and dropped files, off the main thread: made on first call, its
   * code (workers/importClient.ts) loaded then (not in the first download: a drop or a picked file
   * is read asynchronously anyway).
   */
  importer(): Promise<ImportClient>;
  /** That client once made (null before the first import): the import progress reads it. */
  readonly importing: StoreApi<{ client: ImportClient | null }>;
  /** Cancels the import in flight, if any (file.cancelImport). */
  cancelImport(): void;
  /**
   * The client that reads large library entries, its progress shown as a drop's: made on first use
   * once the library's code (which brings the import client's) is here; null before that.
   */
  libraryReader(): ImportClient | null;
  /** That client once made (null before): the library's progress panel reads it. */
  readonly libraryReading: StoreApi<{ client: ImportClient | null }>;
  readonly wholeFlowStartView: boolean;

  /** Slots the canvas fills while it is mounted (null otherwise): see `attachCanvas`. */
  viewport: ViewportController | null;
  centreOfView: (() => Position | undefined) | null;
  /** The canvas fills its slots when it mounts; the returned function empties them when it unmounts. */
  attachCanvas(canvas: { viewport: ViewportController; centreOfView: () => Position | undefined }): () => void;
  /** The running autosave, once `startPersistence` has run. */
  autosave: Autosave | null;
  /**
   * The flow library once its code has loaded (`loadLibrary`), else null; null too when the browser
   * has no IndexedDB. What is rendered from it (the library and versions dialogs) opens through a
   * command, which waits for `loadLibrary` first.
   */
  readonly library: LibrarySession | null;
  /**
   * The flow library, its code loaded on first call (it is not on the first paint: the working copy
   * in localStorage decides what opens); null when the browser has no IndexedDB. Rejects when its
   * code did not download (the commands say so); the next call tries again, and starts the library
   * then if `startPersistence` could not.
   */
  loadLibrary(): Promise<LibrarySession | null>;
  /** Settles once the library has taken in the restored flow (at once without a library). */
  libraryStarted: Promise<void>;

  /**
   * Settles when `startPersistence` can restore without waiting: at once when the saved flow is a
   * plain file (or there is none: the sample is one), else once the file reader's code (zod) has
   * loaded. The app awaits it before its first render.
   */
  readyToRestore(): Promise<void>;
  /** The file reader with the schema (parseFlow), its code loaded on first call (the app asks soon after the first paint). */
  loadFileReader(): Promise<(text: string) => ParseResult>;
  /**
   * Restores the saved flow (or opens the sample), tells the user what happened if anything
   * went wrong, and starts autosave with cross-tab conflict detection on `win`'s events. A saved
   * flow that is not a plain file needs the file reader: await `readyToRestore` first.
   * A large working copy (`restoresInWorker`), with a library, is read in the library's import
   * worker instead (editor/restoreInWorker.ts): an empty placeholder is shown meanwhile, the
   * autosave starts once it is settled (`libraryStarted` settles after that) and this returns null.
   */
  startPersistence(win: Pick<Window, 'addEventListener' | 'removeEventListener'> | null): Autosave | null;
  /** Stops the autosave and the simulation client's worker. */
  dispose(): void;
}

/** The key under which a tab remembers its open library entry (sessionStorage: per tab, kept over a reload). */
export const OPEN_ENTRY_KEY = 'creditflow:library:open';

/** The stored record's text, or null (none, or storage refused). */
function storedText(storage: StorageLike): string | null {
  try {
    return storage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function sessionMemory(): StorageLike | null {
  try {
    return (globalThis as { sessionStorage?: StorageLike }).sessionStorage ?? null;
  } catch {
    return null;
  }
}

function systemClipboard(): ClipboardAdapter | null {
  const nav = (globalThis as { navigator?: { clipboard?: ClipboardAdapter } }).navigator;
  return nav?.clipboard ?? null;
}

/**
 * The calibration worker's runner, its code loaded with the first calibration (it is not on the
 * first paint; a calibration is asynchronous anyway). A run cancelled meanwhile starts nothing.
 */
const calibrationOnFirstUse: CalibrationRunner = (request, run) =>
  import('../workers/calibrationRun').then(
    ({ createCalibrationRunner }) => createCalibrationRunner()(request, run),
    // The runner's code did not download (offline after an update): said, not left "running".
    (error: unknown) => ({ ok: false as const, message: `${request.logName}: the calibration could not start: ${error instanceof Error ? error.message : String(error)}.` }),
  );

export function createEditor(options: EditorOptions = {}): Editor {
  const store = createEditorStore(options.flow ?? emptyFlow());
  const storage = options.storage === undefined ? browserStorage() : options.storage;
  const makeClient =
    options.simulationClient ?? (() => laterSimulation(() => import('../workers/simulationClient').then(({ SimulationClient }) => () => new SimulationClient())));
  let client: SimulationHandle | null = null;
  /** The runs last asked by askWhatIfRuns while still to come (a person waits for them), or null. */
  let runsWaitedFor: SimulationRequest | null = null;
  /** 'browser': IndexedDB, if this browser has it (known once the library's code has loaded). */
  const libraryStorage: LibraryStorage | 'browser' | null = options.library === undefined ? (options.storage === undefined ? 'browser' : null) : options.library;
  const tab = options.tab === undefined ? sessionMemory() : options.tab;
  const remembered = (): string | null => {
    try {
      return tab?.getItem(OPEN_ENTRY_KEY) ?? null;
    } catch {
      return null;
    }
  };
  let library: LibrarySession | null = null;
  /** The library's reader of stored texts (its import worker for a large one), once its code is here. */
  let storedReader: StoredReading | null = null;
  /**
   * What readyToRestore found of the stored record, for the restore that follows: its text when it is
   * large (read in the worker, not here), null when it is not; undefined while it has not looked
   * (startPersistence then reads the record itself to decide).
   */
  let largeAhead: string | null | undefined;
  /** The start of persistence under way (startPersistence again, or dispose, ends a restore in the worker). */
  let persisting: object | null = null;
  /**
   * The library's code loaded and its session made, once: a failed download (offline after an
   * update) rejects every ask waiting on it and is forgotten, so the next ask tries again, as the
   * editor's other lazy code (loadOnce). Null, kept, when the browser has no IndexedDB.
   */
  const libraryCode = loadOnce((): Promise<LibrarySession | null> =>
    Promise.all([
      import('../store/librarySession'),
      libraryStorage === 'browser' ? import('../store/libraryDb').then((m) => m.browserLibrary()) : libraryStorage!,
      import('./readStored'),
      import('./openFlowFigures'),
      options.importClient ?? import('../workers/importClient').then(({ ImportClient }) => () => new ImportClient()),
      import('../workers/versionsClient'),
      import('../store/library'),
    ]).then(([{ createLibrarySession }, libraryStore, { storedReading }, { openFlowFigures }, makeReader, { VersionsClient }, { LIBRARY_MESSAGES }]) => {
      if (!libraryStore) return null;
      // Large versions are read, priced and compared in an import worker of their own (File › Versions).
      const summarizeVersions: VersionsSummarizer = (versions, onSummary) => {
        if (disposed) return { done: Promise.resolve(false), cancel: () => {} };
        versionsClient ??= new VersionsClient({ unreadable: LIBRARY_MESSAGES.failed });
        return versionsClient.summarize(versions, onSummary);
      };
      // A large entry is read in an import worker of its own (a drop's read never cancels it).
      makeLibraryReader ??= makeReader;
      const reading = storedReading(editor, () => libraryReaderOf(makeReader));
      storedReader = reading;
      library = createLibrarySession({
        store,
        storage: libraryStore,
        readFlow: reading.readFlow,
        beforeShow: reading.beforeShow,
        summarizeVersions,
        knownFigures: openFlowFigures(editor),
        ...(storage ? { setAside: { copies: () => setAsideCopies(storage), kept: (key: string) => forgetSetAside(storage, key) } } : {}),
        preferredId: remembered(),
        onOpen: (id) => {
          try {
            tab?.setItem(OPEN_ENTRY_KEY, id);
          } catch {
            // A tab without its own memory reopens the entry the working copy names.
          }
        },
      });
      return library;
    }),
  );
  /**
   * The start of the library that `startPersistence` asked for and that has not run yet (its code
   * did not download then): it runs as soon as a later ask has loaded the session, before that
   * ask is answered, so the library a command gets has taken in the restored flow.
   */
  let startOwed: ((session: LibrarySession) => Promise<void>) | null = null;
  /** That start once it runs. */
  let libraryStart: Promise<void> | undefined;
  const loadLibrary = async (): Promise<LibrarySession | null> => {
    if (libraryStorage === null) return null;
    const session = await libraryCode.get();
    const start = startOwed;
    if (session && start) {
      startOwed = null;
      libraryStart = start(session);
      editor.libraryStarted = libraryStart;
    }
    return session;
  };
  // The file reader with the schema once its code is here; a plain file needs none (readPlainFlow).
  let parser: ((text: string) => ParseResult) | null = options.parseFlow ?? null;
  // Not downloaded (offline after an update): tried again on next need.
  const parserCode = loadOnce(() => import('../io/parse').then((m) => (parser = m.parseFlow)));
  const loadFileReader = (): Promise<(text: string) => ParseResult> => (parser ? Promise.resolve(parser) : parserCode.get());
  /** The saved flow readyToRestore read plainly, handed to the restore that follows (not read twice). */
  let readAhead: { text: string; flow: Flow } | null = null;
  const readFlow: FlowReader = (text) => {
    const ahead = readAhead;
    readAhead = null;
    const plain = ahead && ahead.text === text ? ahead.flow : readPlainFlow(text);
    if (plain) return { ok: true, value: plain };
    if (parser) return parser(text);
    return { ok: false, errors: [{ path: '', message: CODE_NOT_DOWNLOADED }] };
  };
  const importing = createStore<{ client: ImportClient | null }>()(() => ({ client: null }));
  const makeImporter = async (): Promise<ImportClient> => {
    if (options.importClient) return options.importClient();
    const { ImportClient } = await import('../workers/importClient');
    return new ImportClient();
  };
  // Not downloaded (offline after an update): tried again on next use.
  const importerOnce = loadOnce(async () => {
    const client = await makeImporter();
    if (disposed) {
      // Closed while the client's code loaded: no worker is left behind.
      client.dispose();
      throw new Error('the editor was closed');
    }
    importing.setState({ client });
    return client;
  });
  /** The library's reader of large entries (made on first use), and how to make it once known. */
  const libraryReading = createStore<{ client: ImportClient | null }>()(() => ({ client: null }));
  let makeLibraryReader: (() => ImportClient) | null = options.importClient ?? null;
  /** Set by dispose: nothing made after it is kept (the library's reader made after it is dropped at once). */
  let disposed = false;
  /** The client that summarises large versions (File › Versions), made on first use. */
  let versionsClient: VersionsClient | null = null;
  const libraryReaderOf = (make: () => ImportClient): ImportClient => {
    let client = libraryReading.getState().client;
    if (!client) {
      client = make();
      if (disposed) client.dispose();
      else libraryReading.setState({ client });
    }
    return client;
  };
  let stopWarmup: (() => void) | null = null;
  /** The what-if panel's default request as useWhatIfSimulation makes it now; null while a scenario is shown. */
  const whatIfRequest = (): SimulationRequest | null => {
    const state = store.getState();
    if (state.ui.activeScenarioId) return null;
    const { samples, seed } = editor.whatIf.getState();
    return { flow: editor.derived.selectFlowIgnoringPositions(state), samples, seed };
  };

  const editor: Editor = {
    store,
    // Code that loaded later (validation, comparison) touches the store, so every problem marker and list catches up.
    derived: createDerived({ ...options.derived, loaded: () => store.setState({}) }),
    // The registry (made just below) needs the editor as its host.
    get commands() {
      return commands;
    },
    storage,
    clipboard: options.clipboard === undefined ? systemClipboard() : options.clipboard,
    download: options.files ?? browserDownload,
    ...(options.pickFile ? { pickFile: options.pickFile } : {}),
    mac: options.mac ?? isMac(),
    bands: createBandsStore(),
    whatIf: createWhatIfSettings(),
    trace: createTraceSlot(store),
    dock: createDockRequests(),
    calibration: createCalibrationSlot(store, options.calibrationRunner ?? calibrationOnFirstUse),
    showDockTab(tab) {
      requestDockTab(editor.dock, tab);
    },
    simulation() {
      client ??= makeClient();
      return client;
    },
    askWhatIfRuns() {
      const request = whatIfRequest();
      if (!request) return;
      const client = editor.simulation();
      client.run(request);
      // Runs a person now waits for (not an answer already there): work ahead gives them the cores.
      runsWaitedFor = client.getState().status === 'running' ? request : null;
      if (runsWaitedFor) wantCores();
    },
    whenRunsAnswered(then) {
      const runs = client;
      const waited = runsWaitedFor;
      // Those very runs, still going: not runs asked later by other work (the canvas bands, the work ahead).
      if (!waited || !runs || !runs.isRunning(waited)) {
        runsWaitedFor = null;
        return null;
      }
      let answered = false;
      const stop = runs.subscribe(() => {
        if (answered || runs.isRunning(waited)) return;
        answered = true;
        if (runsWaitedFor === waited) runsWaitedFor = null;
        stop();
        then();
      });
      return stop;
    },
    importer() {
      return importerOnce.get();
    },
    importing,
    cancelImport() {
      importing.getState().client?.cancel();
    },
    libraryReader() {
      return makeLibraryReader && !disposed ? libraryReaderOf(makeLibraryReader) : libraryReading.getState().client;
    },
    libraryReading,
    wholeFlowStartView: options.wholeFlowStartView ?? false,
    ...(options.layoutEngine ? { layoutEngine: options.layoutEngine } : {}),
    viewport: null,
    centreOfView: null,
    attachCanvas({ viewport, centreOfView }) {
      editor.viewport = viewport;
      editor.centreOfView = centreOfView;
      return () => {
        if (editor.viewport !== viewport) return;
        editor.viewport = null;
        editor.centreOfView = null;
      };
    },
    autosave: null,
    get library() {
      return library;
    },
    loadLibrary,
    libraryStarted: Promise.resolve(),
    async readyToRestore() {
      if (parser || !storage) return;
      let text: string | null;
      try {
        text = storage.getItem(STORAGE_KEY);
      } catch {
        return;
      }
      // A large working copy is read in the worker after the first render (startPersistence): not here.
      const large = libraryStorage !== null && restoresInWorker(text, options.restoreInWorkerFrom);
      largeAhead = large ? text : null;
      if (large) return;
      const stored = text === null ? null : readStoredText(text);
      // Nothing saved (the sample is plain) or nothing readable (moved aside, no reader needed).
      if (!stored?.ok) return;
      const flow = readPlainFlow(stored.record.flowText);
      if (flow) readAhead = { text: stored.record.flowText, flow };
      else await loadFileReader();
    },
    loadFileReader,
    startPersistence(win) {
      editor.autosave?.stop();
      editor.autosave = null;
      library?.stop();
      const token = {};
      persisting = token;
      const more: PersistenceOptions = libraryStorage ? { flowId: () => library?.state.getState().currentId ?? null, libraryPending: () => library?.pending() ?? false } : {};
      /** The top bar's "Reopening…" ends as the autosave starts (or a restart begins again). */
      const opened = () => {
        if (store.getState().storage.state === 'opening') store.getState().setStorageStatus({ state: 'idle' });
      };
      opened();
      const persist = (restored?: RestoreResult): Autosave => {
        opened();
        const autosave = initPersistence(store, win, storage, readFlow, restored ? { ...more, restored } : more);
        editor.autosave = autosave;
        return autosave;
      };
      const ahead = largeAhead;
      largeAhead = undefined;
      // Read again only when readyToRestore did not look (a small copy is read once, by restoreFlow).
      const large = storage && libraryStorage !== null ? (ahead === undefined ? storedText(storage) : ahead) : null;
      if (storage && restoresInWorker(large, options.restoreInWorkerFrom)) {
        // The placeholder at once (the first render draws it); the restore's code loads with the library's.
        const placeholder = emptyFlow(PLACEHOLDER_NAME);
        store.getState().resetFlow(placeholder, { inFile: true });
        // Nothing is saved until it is settled: the top bar says it is reopened, not "Saved locally".
        store.getState().setStorageStatus({ state: 'opening', message: undefined });
        const live = () => !disposed && persisting === token;
        // The library's start is owed from now on, waiting for the restore's outcome: it runs as soon
        // as the library's code is here (loadLibrary), before any caller gets the library, and, should
        // that code not download, at the next use of the library.
        let settle: (record: StoredFlow | null | 'off') => void = () => {};
        const outcome = new Promise<StoredFlow | null | 'off'>((resolve) => (settle = resolve));
        libraryStart = undefined;
        startOwed = (session) => session.start(outcome);
        editor.libraryStarted = import('./restoreInWorker').then(({ restoreInWorker }) => restoreInWorker({
          store,
          storage,
          text: large!,
          placeholder,
          library: async () => {
            const session = await loadLibrary();
            return session && storedReader ? { session, reading: storedReader } : null;
          },
          persist: async (restored) => {
            // Read on the page (no worker): a text that is not a plain file needs the file reader's code.
            if (!restored) await loadFileReader().catch(() => undefined);
            // Closed or restarted meanwhile: no autosave (nor its listeners) left behind.
            return live() ? persist(restored) : null;
          },
          settle,
          live,
        }), async () => {
          // Its code did not download (offline after an update): read on the page, as before.
          if (store.getState().flow === placeholder) await loadFileReader().catch(() => undefined);
          if (!live()) return;
          if (store.getState().flow !== placeholder) {
            // Edited meanwhile: the copy is not read, so nothing is saved over it (nor lost), and the user is told.
            store.getState().setStorageStatus({ state: 'error', message: NOT_OPENED_OFFLINE });
            return;
          }
          settle(persist().restoredRecord ?? null);
          // The library starts now if its code downloads, else at its next use.
          await loadLibrary();
        }).catch(() => undefined).then(() => {
          settle('off');
          // Ended with no autosave started (a throw): not "Reopening…" for ever; nothing is saved over the copy.
          if (live() && store.getState().storage.state === 'opening') store.getState().setStorageStatus({ state: 'error', message: NOT_OPENED_FAILED });
          return libraryStart;
        }).then(
          () => undefined,
          () => undefined,
        );
        return null;
      }
      const autosave = persist();
      if (libraryStorage) {
        // Not if the editor was stopped or restarted while the code loaded.
        libraryStart = undefined;
        startOwed = async (session) => {
          if (editor.autosave === autosave) await session.start(autosave.restoredRecord ?? null);
        };
        // Its code not downloaded: the autosave goes on alone, and the next use of the library
        // (a command, which says so if it fails again) loads it and starts it then.
        editor.libraryStarted = loadLibrary().then(
          () => libraryStart,
          () => undefined,
        );
      }
      return autosave;
    },
    dispose() {
      disposed = true;
      persisting = null;
      editor.trace.pause();
      editor.autosave?.stop();
      editor.autosave = null;
      library?.stop();
      stopWarmup?.();
      stopWarmup = null;
      client?.dispose();
      client = null;
      importing.getState().client?.dispose();
      importing.setState({ client: null });
      importerOnce.forget();
      libraryReading.getState().client?.dispose();
      libraryReading.setState({ client: null });
      versionsClient?.dispose();
      versionsClient = null;
    },
  };
  const commands = createCommands(editor);
  // The what-if panel's default simulated runs ahead (or the simulation's workers warmed), before
  // the panel asks for them.
  stopWarmup = simulateOnOpen(
    store,
    () => editor.simulation(),
    whatIfRequest,
    () => editor.whatIf.getState().samples,
  );
  return editor;
}
