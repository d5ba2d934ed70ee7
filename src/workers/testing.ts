/**
 * Test helper: a worker that keeps what the page posts and answers only when a test tells it to.
 */
import type { WorkerLike } from './simulationClient';
import type { WorkerReply, WorkerRequest } from './protocol';

export class FakeWorker implements WorkerLike {
  /** Every fake worker made since the test last emptied this list. */
  static made: FakeWorker[] = [];
  posted: WorkerRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(message: WorkerRequest): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: WorkerReply): void {
    this.onmessage?.({ data: message } as MessageEvent<WorkerReply>);
  }
}
