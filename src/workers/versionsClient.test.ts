// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { defaultSampleFlow } from '../io/samples/index';
import { serializeFlow } from '../io/serialize';
import { versionSummarizer, type VersionSummary } from '../cost/versionSummary';
import { VersionsClient, type VersionsWorkerLike } from './versionsClient';
import type { VersionsReply, VersionsRequest } from './protocol';
import { FakeWorker as TestWorker } from './testing';

class FakeWorker extends TestWorker<VersionsRequest, VersionsReply> implements VersionsWorkerLike {}

const text = serializeFlow(defaultSampleFlow());
const versions = [
  { flowText: new Blob([text]), what: 'Version “A”', total: null, perMonth: null },
  { flowText: new Blob([text]), what: 'Version “B”', total: 1, perMonth: 2 },
];
const summary: VersionSummary = { total: 1, perMonth: 2, change: 'no changes', deltaPerMonth: 0 };

describe('VersionsClient', () => {
  it('posts the stored texts (Blobs, not read on the page) to the worker and tells each answer as it comes', async () => {
    const made: FakeWorker[] = [];
    const client = new VersionsClient({ createWorker: () => made[made.push(new FakeWorker()) - 1]!, unreadable: 'gone' });
    const told: number[] = [];
    const job = client.summarize(versions, (index) => told.push(index));
    const posted = made[0]!.posted[0]!;
    expect(posted).toMatchObject({ type: 'versions', unreadable: 'gone' });
    expect(posted.versions.map((v) => v.source)).toEqual(versions.map((v) => v.flowText));
    made[0]!.reply({ type: 'version', id: posted.id, index: 0, summary });
    expect(told).toEqual([0]);
    made[0]!.reply({ type: 'version', id: posted.id, index: 1, summary });
    made[0]!.reply({ type: 'versions-done', id: posted.id });
    expect(await job.done).toBe(true);
    expect(told).toEqual([0, 1]);
  });

  it('cancel ends the busy worker and hears nothing more of it; the next listing starts a fresh one', async () => {
    const made: FakeWorker[] = [];
    const client = new VersionsClient({ createWorker: () => made[made.push(new FakeWorker()) - 1]! });
    const told: number[] = [];
    const job = client.summarize(versions, (index) => told.push(index));
    const id = made[0]!.posted[0]!.id;
    job.cancel();
    expect(made[0]!.terminated).toBe(true);
    expect(await job.done).toBe(false);
    made[0]!.reply({ type: 'version', id, index: 0, summary });
    expect(told).toEqual([]);
    client.summarize(versions, () => {});
    expect(made).toHaveLength(2);
    client.dispose();
    expect(made[1]!.terminated).toBe(true);
  });

  it('an error answered by the worker ends the listing with its message (the listing tells the rows not answered)', async () => {
    const made: FakeWorker[] = [];
    const client = new VersionsClient({ createWorker: () => made[made.push(new FakeWorker()) - 1]! });
    const job = client.summarize(versions, () => {});
    const id = made[0]!.posted[0]!.id;
    made[0]!.reply({ type: 'version', id, index: 0, summary });
    made[0]!.reply({ type: 'error', id, message: 'Invalid string length' });
    expect(await job.done).toEqual({ problem: 'Invalid string length' });
  });

  it('a version given as context is read as the one the next is compared with, and not answered (on the page too)', async () => {
    const client = new VersionsClient({ createWorker: null });
    const got: [number, VersionSummary][] = [];
    const job = client.summarize([{ ...versions[0]!, context: true }, versions[1]!], (i, s) => got.push([i, s]));
    expect(await job.done).toBe(true);
    const expected = versionSummarizer();
    expected({ text, what: versions[0]!.what, total: null, perMonth: null });
    expect(got).toEqual([[1, expected({ text, what: versions[1]!.what, total: 1, perMonth: 2 })]]);
    expect(got[0]![1].change).not.toBe('first version');
  });

  it('without a worker, works out the same summaries on the page, a version a task', async () => {
    const client = new VersionsClient({ createWorker: null });
    const got: VersionSummary[] = [];
    const job = client.summarize(versions, (_, s) => got.push(s));
    expect(got).toEqual([]);
    expect(await job.done).toBe(true);
    const expected = versionSummarizer();
    expect(got).toEqual(versions.map((v) => expected({ text, what: v.what, total: v.total, perMonth: v.perMonth })));
  });
});
