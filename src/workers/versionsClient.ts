import type { VersionsReply, VersionsRequest } from './protocol';
import { WorkerSlot, type WorkerPort } from './workerSlot';
import type { VersionSummary } from '../cost/versionSummary';

/**
 * Reads, prices and compares a flow's large versions off the main thread for File › Versions
 * (issue 19: one task of about 2 s a version of 100,000 modules on the page): an import worker of
 * its own (import.worker.ts, a `versions` request; the engine runs there unchanged) answers each
 * version's summary as soon as it is worked out, so the dialog's rows fill in one by one while the
 * page stays free. One listing at a time: a new one, or `cancel` (the dialog closed), ends the
 * worker's work by terminating it (a fresh one starts on the next listing). Where no worker can be
 * made, the same code runs on the page, a version a task.
 */

export type VersionsWorkerLike = WorkerPort<VersionsRequest, VersionsReply>;

export interface VersionToSummarize {
  flowText: Blob | string;
  what: string;
  total: number | null;
  perMonth: number | null;
  /** Its summary known already: read only as the version the next is compared with, not answered. */
  context?: true;
}

/** How a listing ended: every version answered (true), cancelled (false), or failed in the worker. */
export type VersionsOutcome = boolean | { problem: string };

export interface VersionsJob {
  /**
   * True once every version was answered; false when cancelled; `{ problem }` when the worker
   * answered an error (the versions not answered yet will not be: the listing says why).
   */
  done: Promise<VersionsOutcome>;
  cancel(): void;
}

function defaultCreateWorker(): (() => VersionsWorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () => new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' }) as unknown as VersionsWorkerLike;
}

interface Pending {
  id: number;
  versions: VersionToSummarize[];
  onSummary: (index: number, summary: VersionSummary) => void;
  finish: (outcome: VersionsOutcome) => void;
}

export class VersionsClient {
  private readonly worker: WorkerSlot<VersionsRequest, VersionsReply>;
  private pending: Pending | null = null;
  private nextId = 0;

  private readonly unreadable: string;

  constructor(options: { createWorker?: (() => VersionsWorkerLike) | null; unreadable?: string } = {}) {
    this.unreadable = options.unreadable ?? 'The version could not be read.';
    const create = options.createWorker === undefined ? defaultCreateWorker() : options.createWorker;
    this.worker = new WorkerSlot(create, { onReply: (reply) => this.onReply(reply), onError: (event) => this.onWorkerError(event) });
  }

  /** Summarises `versions` (oldest first), telling `onSummary` each one's as it comes; a listing in flight is cancelled. */
  summarize(versions: VersionToSummarize[], onSummary: (index: number, summary: VersionSummary) => void): VersionsJob {
    this.cancel();
    const id = ++this.nextId;
    let finish: (outcome: VersionsOutcome) => void = () => {};
    const done = new Promise<VersionsOutcome>((resolve) => (finish = resolve));
    const pending: Pending = { id, versions, onSummary, finish };
    this.pending = pending;
    const worker = this.worker.get();
    let sent = false;
    if (worker) {
      try {
        worker.postMessage({ type: 'versions', id, unreadable: this.unreadable, versions: versions.map(({ flowText, ...rest }) => ({ source: flowText, ...rest })) });
        sent = true;
      } catch {
        this.worker.fail();
      }
    }
    if (!sent) void this.onPage(pending, versions);
    return {
      done,
      cancel: () => {
        if (this.pending === pending) this.cancel();
      },
    };
  }

  /** Stops the listing in flight, if any (its worker is ended: a fresh one starts on the next). */
  cancel(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.worker.drop();
    pending.finish(false);
  }

  dispose(): void {
    this.cancel();
    this.worker.drop();
  }

  private onReply(reply: VersionsReply): void {
    const pending = this.pending;
    if (!pending || reply.id !== pending.id) return;
    if (reply.type === 'version') {
      pending.onSummary(reply.index, reply.summary);
      return;
    }
    this.pending = null;
    pending.finish(reply.type === 'versions-done' ? true : { problem: reply.message });
  }

  private onWorkerError(event: ErrorEvent): void {
    event.preventDefault?.();
    this.worker.fail();
    // The worker's script did not load or it died: the listing is done again here (rows already answered are answered again alike).
    if (this.pending) void this.onPage(this.pending, this.pending.versions);
  }

  /** No worker: the same summaries on the page, a version a task (the tests; a browser without workers). */
  private async onPage(pending: Pending, versions: VersionToSummarize[]): Promise<void> {
    const { versionSummarizer } = await import('../cost/versionSummary');
    const summarize = versionSummarizer();
    for (const [index, { flowText, what, total, perMonth, context }] of versions.entries()) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (this.pending !== pending) return;
      let text: string | { problem: string };
      try {
        text = typeof flowText === 'string' ? flowText : await flowText.text();
      } catch {
        text = { problem: this.unreadable };
      }
      if (this.pending !== pending) return;
      if (context) summarize.after(text);
      else pending.onSummary(index, summarize({ text, what, total, perMonth }));
    }
    if (this.pending !== pending) return;
    this.pending = null;
    pending.finish(true);
  }
}
