/**
 * Test helper: a worker that keeps what the page posts and answers only when a test tells it to.
 */
import type { WorkerLike } from './simulationClient';
import type { WorkerReply, WorkerRequest } from './protocol';

export class FakeWorker implements WorkerLike {
  posted: WorkerRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
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

/** Fake workers for one test: `create` makes one (a client's createWorker), `made` lists them in order. */
export function fakeWorkers(): { made: FakeWorker[]; create: () => FakeWorker } {
  const made: FakeWorker[] = [];
  return {
    made,
    create: () => {
      const worker = new FakeWorker();
      made.push(worker);
      return worker;
    },
  };
}
