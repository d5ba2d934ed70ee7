/**
 * Test helpers: a worker that keeps what the page posts and answers only when a test tells it to,
 * and the import worker's own steps run in this thread.
 */
import type { WorkerLike } from './simulationClient';
import type { ImportWorkerLike } from './importClient';
import type { ImportReply, ImportRequest, WorkerReply, WorkerRequest } from './protocol';
import type { Problem } from '../model/problems';
import { importSource } from '../io/import/readFile';
import { handOverMessages, type HandOverDone } from './handOverParts';
import { workOutForHandOver } from './handOver';

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

/**
 * The import worker's own steps (import.worker.ts), in this thread; what it was asked (`posted`) and
 * the problems it handed over (`handed`) are kept. It reads once `gate` has settled (a large entry's
 * read takes seconds).
 */
export function inProcessImportWorker(gate: Promise<void> = Promise.resolve()): {
  worker: ImportWorkerLike;
  posted: ImportRequest[];
  handed: Problem[][];
} {
  const posted: ImportRequest[] = [];
  const handed: Problem[][] = [];
  const worker: ImportWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(request: ImportRequest) {
      posted.push(request);
      void gate.then(() => importSource(request.source, request.as ? { as: request.as } : {})).then((result) => {
        const replies: ImportReply[] = result.ok ? handOverMessages(request.id, result, workOutForHandOver(result.flow)) : [{ type: 'done', id: request.id, result }];
        const done = replies.at(-1) as HandOverDone;
        if (done.handedOver) handed.push(done.handedOver.problems);
        for (const reply of replies) worker.onmessage?.({ data: reply } as MessageEvent<ImportReply>);
      });
    },
    terminate() {},
  };
  return { worker, posted, handed };
}
