/** The part of `Worker` the worker clients use (a fake in tests): the simulation's, the import's, the calibration's. */
export interface WorkerPort<Request, Reply> {
  postMessage(message: Request, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<Reply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/**
 * One worker of a client (the import's): made on first use, made again after
 * it was dropped (a busy worker is ended to stop what it does), and never again once one failed
 * to start or to load: the client then works on the main thread.
 */
export class WorkerSlot<Request, Reply> {
  private worker: WorkerPort<Request, Reply> | null = null;
  private broken = false;

  constructor(
    private readonly create: (() => WorkerPort<Request, Reply>) | null,
    private readonly listen: { onReply: (reply: Reply) => void; onError: (event: ErrorEvent) => void },
  ) {}

  /** The worker, made now if there is none; null where there can be none. */
  get(): WorkerPort<Request, Reply> | null {
    if (this.worker) return this.worker;
    if (!this.create || this.broken) return null;
    try {
      const worker = this.create();
      worker.onmessage = (event) => this.listen.onReply(event.data);
      worker.onerror = (event) => this.listen.onError(event);
      this.worker = worker;
      return worker;
    } catch {
      this.broken = true;
      return null;
    }
  }

  /** Ends the worker, if any, and hears nothing more from it. */
  drop(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    }
  }

  /** The worker failed (it could not take a message, or its script did not load): no more workers. */
  fail(): void {
    this.drop();
    this.broken = true;
  }
}
