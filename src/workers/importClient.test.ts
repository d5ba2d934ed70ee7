// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateFlow } from '../model/generate';
import { serializeFlow } from '../io/serialize';
import { importText } from '../io/import';
import { checkFlow } from '../cost/check';
import { figuresOf } from '../cost/flowFigures';
import { ImportClient, type ImportWorkerLike } from './importClient';
import type { ImportReply, ImportRequest } from './protocol';
import { FakeWorker as TestWorker } from './testing';

class FakeWorker extends TestWorker<ImportRequest, ImportReply> implements ImportWorkerLike {}

/** A generated flow with a second trigger: a flow with a problem to find. */
const flow = generateFlow({ modules: 30, seed: 4 });
flow.modules.push({ id: 'extra', type: 'trigger', name: 'Second trigger', position: { x: 0, y: 4000 } });
const text = serializeFlow(flow);
const big = new Blob([text]);
/** A client that sends everything (even a small file) to a fake worker. */
const workerClient = () => {
  const made: FakeWorker[] = [];
  const create = () => made[made.push(new FakeWorker()) - 1]!;
  return { client: new ImportClient({ createWorker: create, mainThreadBelowBytes: 0 }), made, create };
};
afterEach(() => {
  vi.useRealTimers();
});

describe('ImportClient with a worker', () => {
  it('sends the file once, shows its progress, and answers with the worker\'s result', async () => {
    const { client, made } = workerClient();
    const outcome = client.read(big, { fileName: 'big.json' });
    const worker = made[0]!;
    expect(worker.posted).toEqual([{ type: 'import', id: 1, source: big, fileName: 'big.json' }]);
    expect(client.getState()).toMatchObject({ status: 'running', fileName: 'big.json', ranOn: 'worker', progress: null });
    worker.reply({ type: 'progress', id: 1, progress: { stage: 'reading', loaded: 10, total: big.size } });
    expect(client.getState().progress).toEqual({ stage: 'reading', loaded: 10, total: big.size });
    const result = importText(text);
    worker.reply({ type: 'done', id: 1, result });
    expect(await outcome).toEqual({ cancelled: false, result });
    expect(client.getState().status).toBe('idle');
    expect(worker.terminated).toBe(false); // kept for the next import
  });

  it('hands over what the worker worked out about the flow with it', async () => {
    const { client, made } = workerClient();
    const outcome = client.read(big, { fileName: 'big.json' });
    const result = importText(text);
    const handedOver = { problems: [{ severity: 'warning' as const, code: 'unreachable', message: 'from the worker' }], flowText: 'the text' };
    made[0]!.reply({ type: 'done', id: 1, result, handedOver });
    expect(await outcome).toEqual({ cancelled: false, result, handedOver });
  });

  it('Cancel answers "cancelled" at once, ends the busy worker, and hears nothing it says after', async () => {
    const { client, made } = workerClient();
    const outcome = client.read(big, { fileName: 'big.json' });
    const worker = made[0]!;
    client.cancel();
    expect(await outcome).toEqual({ cancelled: true });
    expect(worker.terminated).toBe(true);
    expect(client.getState()).toMatchObject({ status: 'idle', progress: null });
    worker.reply({ type: 'progress', id: 1, progress: { stage: 'parsing', loaded: 1, total: 1 } });
    expect(client.getState()).toMatchObject({ status: 'idle', progress: null });
    // the next import starts a fresh worker
    const next = client.read(big);
    const fresh = made[1]!;
    expect(fresh).toBeDefined();
    fresh.reply({ type: 'done', id: 2, result: { ok: false, errors: [{ path: 'x', message: 'no' }] } });
    expect(await next).toEqual({ cancelled: false, result: { ok: false, errors: [{ path: 'x', message: 'no' }] } });
  });

  it('a newer import cancels the one in flight', async () => {
    const { client, made } = workerClient();
    const first = client.read(big, { fileName: 'a.json' });
    const second = client.read(big, { fileName: 'b.json' });
    expect(await first).toEqual({ cancelled: true });
    expect(client.getState()).toMatchObject({ status: 'running', fileName: 'b.json' });
    const worker = made[1]!;
    worker.reply({ type: 'done', id: 2, result: importText(text) });
    expect((await second).cancelled).toBe(false);
  });

  it('a worker that throws answers with an error value, not an exception', async () => {
    const { client, made } = workerClient();
    const outcome = client.read(big);
    made[0]!.reply({ type: 'error', id: 1, message: 'out of memory' });
    expect(await outcome).toEqual({ cancelled: false, result: { ok: false, errors: [{ path: '', message: 'The file could not be read: out of memory' }] } });
  });

  it('a worker that fails to load: the file is read on the main thread, with the same result', async () => {
    const { client, made } = workerClient();
    const outcome = client.read(big, { fileName: 'big.json' });
    made[0]!.onerror?.({ preventDefault: () => {} } as ErrorEvent);
    expect(await outcome).toEqual({ cancelled: false, result: importText(text, { fileName: 'big.json' }) });
    expect(client.getState().ranOn).toBe('main-thread');
  });
});

describe('ImportClient on the main thread', () => {
  it('reads a small file here (no worker started), with the result a worker would give', async () => {
    const { create, made } = workerClient();
    const client = new ImportClient({ createWorker: create });
    const outcome = await client.read(big, { fileName: 'small.json' });
    expect(made).toHaveLength(0);
    expect(outcome).toEqual({ cancelled: false, result: importText(text, { fileName: 'small.json' }) });
  });

  it('Cancel before the read ends: the result is dropped', async () => {
    vi.useFakeTimers();
    const client = new ImportClient({ createWorker: null });
    const outcome = client.read(text);
    client.cancel();
    await vi.runAllTimersAsync();
    expect(await outcome).toEqual({ cancelled: true });
    expect(client.getState().status).toBe('idle');
  });
});

describe('import.worker.ts', () => {
  it('answers a file with progress by stage, then the result of the shared pipeline', async () => {
    const posted: ImportReply[] = [];
    const scope = { postMessage: (m: ImportReply) => posted.push(m), onmessage: null as null | ((e: { data: ImportRequest }) => Promise<void>) };
    vi.stubGlobal('self', scope);
    try {
      await import('./import.worker');
      await scope.onmessage?.({ data: { type: 'import', id: 7, source: big, fileName: 'w.json' } });
    } finally {
      vi.unstubAllGlobals();
    }
    const stages = posted.filter((m) => m.type === 'progress').map((m) => (m.type === 'progress' ? m.progress.stage : ''));
    expect(stages).toContain('reading');
    expect(stages.slice(-2)).toEqual(['parsing', 'checking']);
    const result = importText(text, { fileName: 'w.json' });
    if (!result.ok) throw new Error('the test flow does not import');
    // With the flow, what the page would otherwise work out again: its problems, its file text, the library's figures.
    const { total, perMonth } = figuresOf(result.flow);
    expect(posted.at(-1)).toEqual({ type: 'done', id: 7, result, handedOver: { problems: checkFlow(result.flow), flowText: serializeFlow(result.flow), figures: { total, perMonth } } });
    expect(posted.every((m) => m.id === 7)).toBe(true);
  });
});

describe('ImportClient receiving a large flow in slices', () => {
  it('answers with the very flow and problems the worker read, put back together', async () => {
    const { workOutForHandOver } = await import('./handOver');
    const { handOverMessages } = await import('./handOverParts');
    const { client, made } = workerClient();
    const outcome = client.read(big, { fileName: 'big.json' });
    const result = importText(text);
    if (!result.ok) throw new Error('the flow does not read');
    const handedOver = workOutForHandOver(result.flow);
    const messages = handOverMessages(1, result, handedOver, 4);
    expect(messages.length).toBeGreaterThan(10);
    for (const message of messages) made[0]!.reply(structuredClone(message));
    expect(await outcome).toEqual({ cancelled: false, result, handedOver });
  });

  it('drops the slices of a cancelled import: the next import gets only its own', async () => {
    const { workOutForHandOver } = await import('./handOver');
    const { handOverMessages } = await import('./handOverParts');
    const { client, made } = workerClient();
    const first = client.read(big, { fileName: 'a.json' });
    const result = importText(text);
    if (!result.ok) throw new Error('the flow does not read');
    const handedOver = workOutForHandOver(result.flow);
    const [part] = handOverMessages(1, result, handedOver, 4);
    made[0]!.reply(part!);
    client.cancel();
    expect(await first).toEqual({ cancelled: true });
    const second = client.read(big, { fileName: 'b.json' });
    for (const message of handOverMessages(2, result, handedOver, 4)) made.at(-1)!.reply(message);
    expect(await second).toEqual({ cancelled: false, result, handedOver });
  });
});

describe('ImportClient while the flow read is opened on the page', () => {
  it('shows the stage "opening" with Cancel until the opening ends; Cancel or a newer import ends it', () => {
    const { client } = workerClient();
    const opening = client.beginOpening(12_000);
    expect(client.getState()).toMatchObject({ status: 'running', progress: { stage: 'opening', total: 12_000 } });
    expect(opening.live()).toBe(true);
    client.cancel();
    expect(opening.live()).toBe(false);
    expect(client.getState().status).toBe('idle');
    const next = client.beginOpening(5);
    void client.read(big);
    expect(next.live()).toBe(false);
    next.end(); // an opening that was ended already changes nothing
    expect(client.getState().status).toBe('running');
  });
});

