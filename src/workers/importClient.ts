import type { ImportResult } from '../io/import';
import type { ImportProgress } from '../io/import/readFile';
import type { ImportReply, ImportRequest } from './protocol';
import { WorkerSlot, type WorkerPort } from './workerSlot';
import type { HandedOver } from './handOver';
import { HandOverParts } from './handOverParts';
import { createStateCell } from './stateCell';

/**
 * Opens flow files off the main thread (import.worker.ts runs io/import/readFile.ts, the code the
 * CLI and the tests run) and says how far it is, so the page never freezes while a large file is
 * read and the user can cancel.
 *
 * - One import at a time: a new one cancels the one in flight. Cancel terminates the busy worker
 *   (JSON.parse cannot read a message) and answers `{ cancelled: true }`; the page's flow is
 *   never touched by an import that was cancelled, and nothing it still says is heard (replies
 *   carry the request id). A fresh worker is started on the next import.
 * - A small source (below `mainThreadBelowBytes`, 256 kB: read in a few milliseconds) is read on
 *   the main thread, in a later task, by the same function: a worker's start-up would cost more.
 *   So is everything where `Worker` is missing (tests) or fails to start.
 * - The state (status, file name, stage and bytes) is an external store for the progress panel.
 */

export interface ImportState {
  status: 'idle' | 'running';
  /** The name of the file being read, when it has one. */
  fileName: string | null;
  /** What the progress panel says it does, when not "Opening “<file name>”" (the working copy reopened at start: "Reopening “<name>”"). */
  title: string | null;
  /** The latest progress (null before the first). */
  progress: ImportProgress | null;
  /** When the import began, on the client's clock (ms). */
  startedAt: number;
  /** Where the current or last import ran. */
  ranOn: 'worker' | 'main-thread' | null;
}

/**
 * An import's end: its result (a flow, or located errors) and, when the worker read it, what the
 * worker worked out about the flow (handOver.ts); or cancelled (by the user, or by a newer import).
 */
export type ImportOutcome = { cancelled: false; result: ImportResult; handedOver?: HandedOver } | { cancelled: true };

/**
 * A flow read and being opened on the page (frozen, priced and loaded over a few tasks): the
 * progress panel and its Cancel stay until `end()`. `live()` is false once the user cancelled (or
 * another import began): the opening then stops before the flow is loaded.
 */
export interface Opening {
  live(): boolean;
  end(): void;
}

/** The part of `Worker` this client uses (a fake in tests). */
export type ImportWorkerLike = WorkerPort<ImportRequest, ImportReply>;

export interface ImportClientOptions {
  /** Makes a worker; null = never use one. Default: the Vite module worker when `Worker` exists. */
  createWorker?: (() => ImportWorkerLike) | null;
  /** Sources smaller than this many bytes (or characters) are read on the main thread (default 256 kB). */
  mainThreadBelowBytes?: number;
  /** Clock in ms (default performance.now). */
  now?: () => number;
}

export const IDLE_IMPORT: ImportState = { status: 'idle', fileName: null, title: null, progress: null, startedAt: 0, ranOn: null };

function defaultCreateWorker(): (() => ImportWorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () => new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' }) as unknown as ImportWorkerLike;
}

/** The size of a source in bytes (a text's length in UTF-16 units: close enough to choose a thread). */
function sizeOf(source: Blob | string): number {
  return typeof source === 'string' ? source.length : source.size;
}

interface Pending {
  id: number;
  /** The slices of a large flow received so far (handOver.ts). */
  parts?: HandOverParts;
  source: Blob | string;
  fileName?: string;
  as?: 'creditflow';
  resolve: (outcome: ImportOutcome) => void;
}

export class ImportClient {
  private readonly cell = createStateCell<ImportState>(IDLE_IMPORT);
  private readonly mainThreadBelow: number;
  private readonly now: () => number;
  private readonly worker: WorkerSlot<ImportRequest, ImportReply>;
  private pending: Pending | null = null;
  /** The opening in progress (beginOpening), until it ends or is cancelled. */
  private opening: object | null = null;
  private nextId = 0;

  constructor(options: ImportClientOptions = {}) {
    const create = options.createWorker === undefined ? defaultCreateWorker() : options.createWorker;
    this.worker = new WorkerSlot(create, { onReply: (reply) => this.onReply(reply), onError: (event) => this.onWorkerError(event) });
    this.mainThreadBelow = options.mainThreadBelowBytes ?? 256 * 1024;
    this.now = options.now ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()));
  }

  getState = (): ImportState => this.cell.get();

  subscribe = (listener: () => void): (() => void) => this.cell.subscribe(listener);

  private set(patch: Partial<ImportState>): void {
    this.cell.set(patch);
  }

  /**
   * Reads `source` (a picked or dropped file, or a text) into an import result; a newer import or
   * `cancel` ends it. `as: 'creditflow'`: a text the app wrote, read by parseFlow alone (readFile.ts).
   */
  read(source: Blob | string, options: { fileName?: string; as?: 'creditflow'; title?: string } = {}): Promise<ImportOutcome> {
    this.cancel();
    const id = ++this.nextId;
    return new Promise<ImportOutcome>((resolve) => {
      const pending: Pending = {
        id,
        source,
        resolve,
        ...(options.fileName === undefined ? {} : { fileName: options.fileName }),
        ...(options.as === undefined ? {} : { as: options.as }),
      };
      this.pending = pending;
      this.set({ status: 'running', fileName: options.fileName ?? null, title: options.title ?? null, progress: null, startedAt: this.now() });
      const worker = sizeOf(source) >= this.mainThreadBelow ? this.worker.get() : null;
      if (worker) {
        this.set({ ranOn: 'worker' });
        try {
          worker.postMessage({
            type: 'import',
            id,
            source,
            ...(pending.fileName === undefined ? {} : { fileName: pending.fileName }),
            ...(pending.as === undefined ? {} : { as: pending.as }),
          });
          return;
        } catch {
          // The source could not be sent to the worker, or the worker is gone: read it here instead.
          this.worker.fail();
        }
      }
      this.runOnMainThread(pending);
    });
  }

  /**
   * The flow of an import that just ended (`modules` of them) is being opened: the progress stays
   * up, at the stage "opening", with Cancel, until the returned `end()`.
   */
  beginOpening(modules: number): Opening {
    this.cancel();
    const token = {};
    this.opening = token;
    this.set({ status: 'running', progress: { stage: 'opening', loaded: 0, total: modules } });
    return {
      live: () => this.opening === token,
      end: () => {
        if (this.opening !== token) return;
        this.opening = null;
        this.set({ status: 'idle', progress: null });
      },
    };
  }

  /** Stops the import in flight, if any: it answers `{ cancelled: true }` and changes nothing. */
  cancel(): void {
    if (this.opening) {
      this.opening = null;
      this.set({ status: 'idle', progress: null });
    }
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    // JSON.parse cannot read a cancel message: a busy worker is ended (a fresh one starts on demand).
    if (this.cell.get().ranOn === 'worker') this.worker.drop();
    this.set({ status: 'idle', progress: null });
    pending.resolve({ cancelled: true });
  }

  /** Cancels and lets the worker go. The client stays usable. */
  dispose(): void {
    this.cancel();
    this.worker.drop();
  }

  private finish(id: number, result: ImportResult, handedOver?: HandedOver): void {
    const pending = this.pending;
    if (!pending || pending.id !== id) return;
    this.pending = null;
    this.set({ status: 'idle', progress: null });
    pending.resolve(handedOver && result.ok ? { cancelled: false, result, handedOver } : { cancelled: false, result });
  }

  private onReply(reply: ImportReply): void {
    if (!this.pending || reply.id !== this.pending.id) return; // a cancelled import
    if (reply.type === 'progress') this.set({ progress: reply.progress });
    else if (reply.type === 'part') (this.pending.parts ??= new HandOverParts()).add(reply);
    else if (reply.type === 'done') {
      const whole = (this.pending.parts ?? new HandOverParts()).complete(reply);
      this.finish(reply.id, whole.result, whole.handedOver);
    }
    else this.finish(reply.id, { ok: false, errors: [{ path: '', message: `The file could not be read: ${reply.message}` }] });
  }

  /** The worker script failed to load or died: read the current source here, and use this thread from now on. */
  private onWorkerError(event: ErrorEvent): void {
    event.preventDefault?.();
    this.worker.fail();
    if (this.pending) this.runOnMainThread(this.pending);
  }

  private runOnMainThread(pending: Pending): void {
    this.set({ ranOn: 'main-thread' });
    const live = () => this.pending?.id === pending.id;
    // A later task: the caller's click or drop handler returns first, as with the worker.
    setTimeout(() => {
      if (!live()) return;
      // The readers load here on first use: the worker has its own copy, the first bundle none.
      void import('../io/import/readFile')
        .then(({ importSource }) =>
          importSource(pending.source, {
            ...(pending.fileName === undefined ? {} : { fileName: pending.fileName }),
            ...(pending.as === undefined ? {} : { as: pending.as }),
            onProgress: (progress) => {
              if (live()) this.set({ progress });
            },
          }),
        )
        .then(
          (result) => this.finish(pending.id, result),
          () => this.finish(pending.id, { ok: false, errors: [{ path: '', message: 'The file could not be read.' }] }),
        );
    }, 0);
  }
}
