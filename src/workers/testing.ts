/**
 * Test helper: a worker that keeps what the page posts and answers only when a test tells it to.
 */
import type { WorkerLike } from './simulationClient';
import type { WorkerReply, WorkerRequest } from './protocol';

/** A simulation worker by default; `FakeWorker<ImportRequest, ImportReply>` and the like for the other workers. */
export class FakeWorker<Request = WorkerRequest, Reply = WorkerReply> implements Pick<WorkerLike, 'terminate'> {
  posted: Request[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<Reply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: Request): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(message: Reply): void {
    this.onmessage?.({ data: message } as MessageEvent<Reply>);
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
