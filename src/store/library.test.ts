import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { indexedDbLibrary, type LibraryStorage } from './libraryDb';
import {
  addFlow,
  adoptWorkingCopy,
  duplicateFlow,
  getFlowRecord,
  isAfterPause,
  keepVersion,
  LIBRARY_MESSAGES,
  listFlows,
  listVersions,
  openFlow,
  removeFlow,
  renameFlow,
  restoreRemoved,
  saveFlow,
  saveVersion,
  searchFlows,
  PAUSE_MS,
  readOnPage,
  type LibraryContext,
  type ListVersionsOptions,
  type VersionRow,
  type VersionsSummarizer,
} from './library';
import { versionSummarizer } from '../cost/versionSummary';
import { defaultSampleFlow } from '../io/samples/index';
import { serializeFlow, toFileObject } from '../io/serialize';
import { freeze } from 'immer';
import { generateFlow } from '../model/generate';
import { ITEMS_PER_TASK } from './persistence';
import type { FlowRecord } from './libraryDb';
import { priceFlow } from '../cost/price';
import type * as PriceModule from '../cost/price';
import { textOf } from './storedText';
import { blankFlowForTest, quotaFull, versionsFull } from './testing/library';
import { summaryOf } from './libraryRecords';
import type { Flow } from '../model/types';

// priceFlow as it is, its calls counted (the versions list prices each version once).
vi.mock('../cost/price', async (original) => {
  const real = await original<typeof PriceModule>();
  return { ...real, priceFlow: vi.fn(real.priceFlow) };
});

let dbs = 0;
/** A library on its own fake IndexedDB database, with a clock the test moves. */
function library(storage?: LibraryStorage): LibraryContext & { clock: { t: number } } {
  const clock = { t: 1_000_000 };
  let ids = 0;
  return { storage: storage ?? indexedDbLibrary(`test-library-${++dbs}-${Date.now()}`), now: () => clock.t, newId: () => `id${++ids}`, clock };
}

function ok<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const withModuleCount = (flow: Flow, n: number): Flow => ({ ...flow, modules: flow.modules.slice(0, n), edges: [] });

/** A version text that cannot be read (cut short). */
const UNREADABLE = '{"format": "creditflow", "version": 3, "name": "x", "modules": [';

/** The worker's versions summariser, played on the page by the same code (the context read with `after`). */
function workerLike() {
  const asked: { what: string; context: boolean }[][] = [];
  const summarizeVersions: VersionsSummarizer = (versions, onSummary) => {
    asked.push(versions.map((v) => ({ what: v.what, context: v.context === true })));
    const summarize = versionSummarizer();
    const done = (async () => {
      for (const [i, v] of versions.entries()) {
        const text = await textOf(v.flowText);
        if (v.context) summarize.after(text);
        else onSummary(i, summarize({ text, what: v.what, total: v.total, perMonth: v.perMonth }));
      }
      return true as const;
    })();
    return { done, cancel: () => {} };
  };
  return { asked, summarizeVersions };
}

/** The rows of a listing off the page once every pending one is filled in. */
async function listedOffPage(ctx: LibraryContext, flowId: string, known: ListVersionsOptions['known']): Promise<VersionRow[]> {
  const updates: VersionRow[][] = [];
  const rows = ok(await listVersions(ctx, flowId, { ...(known ? { known } : {}), onUpdate: (r) => updates.push(r) }));
  if (rows.some((r) => r.pending)) await vi.waitFor(() => expect(updates.at(-1)?.some((r) => r.pending) ?? true).toBe(false), { timeout: 10_000 });
  return updates.at(-1) ?? rows;
}

const stripRows = (list: VersionRow[]) => list.map((r) => ({ name: r.version.name, total: r.version.total, perMonth: r.version.perMonth, change: r.change, delta: r.deltaPerMonth, problem: r.problem ?? null, pending: r.pending ?? false }));

describe('the flow library', () => {
  it('adds flows and lists them, the last edited first, with modules and credits per month', async () => {
    const ctx = library();
    const sample = defaultSampleFlow();
    ok(await addFlow(ctx, sample));
    ctx.clock.t += 10;
    ok(await addFlow(ctx, blankFlowForTest('Second')));
    const { flows, unreadable } = ok(await listFlows(ctx));
    expect(unreadable).toEqual([]);
    expect(flows.map((f) => f.name)).toEqual(['Second', sample.name]);
    expect(flows[1]!.modules).toBe(sample.modules.length);
    expect(flows[1]!.perMonth).toBe(priceFlow(sample).perMonth);
    expect(await textOf(ok(await getFlowRecord(ctx, flows[1]!.id)).flowText)).toBe(serializeFlow(sample));
  });

  it('opens a flow as the file parser reads it', async () => {
    const ctx = library();
    const record = ok(await addFlow(ctx, defaultSampleFlow()));
    expect(ok(await openFlow(ctx, record.id)).flow).toEqual(defaultSampleFlow());
  });

  it('saves a flow under its entry, keeping when it was made, and moves it to the top', async () => {
    const ctx = library();
    const a = ok(await addFlow(ctx, defaultSampleFlow()));
    ctx.clock.t += 5;
    ok(await addFlow(ctx, blankFlowForTest('Other')));
    ctx.clock.t += 5;
    const changed = withModuleCount(defaultSampleFlow(), 2);
    const saved = ok(await saveFlow(ctx, a.id, changed));
    expect(saved.createdAt).toBe(a.createdAt);
    expect(saved.modules).toBe(2);
    expect(ok(await listFlows(ctx)).flows[0]!.id).toBe(a.id);
    expect(ok(await openFlow(ctx, a.id)).flow).toEqual(changed);
  });

  it('a stored text that cannot be read back: opening says so, and a save of the flow writes it anew', async () => {
    /** A Blob whose bytes are gone (Chrome's NotReadableError when IndexedDB lost the blob's file). */
    class Unreadable extends Blob {
      override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
        throw new Error('NotReadableError');
      }
    }
    const inner = indexedDbLibrary(`test-library-${++dbs}-${Date.now()}`);
    let broken = false;
    const storage: LibraryStorage = {
      ...inner,
      getFlow: async (id) => {
        const record = (await inner.getFlow(id)) as FlowRecord | undefined;
        return record && broken ? { ...record, flowText: new Unreadable(['x']) } : record;
      },
    };
    const ctx = library(storage);
    const flow = defaultSampleFlow();
    const a = ok(await addFlow(ctx, flow));
    broken = true;
    const opened = await openFlow(ctx, a.id);
    expect(opened.ok).toBe(false);
    // The same text length, so the save has to read the stored text to compare: it cannot, and writes.
    const renamed = { ...flow, name: flow.name.replace(/.$/, '#') };
    expect(serializeFlow(renamed).length).toBe(serializeFlow(flow).length);
    ok(await saveFlow(ctx, a.id, renamed));
    broken = false;
    expect(ok(await openFlow(ctx, a.id)).flow.name).toBe(renamed.name);
  });

  it('renames, duplicates and searches by name', async () => {
    const ctx = library();
    const a = ok(await addFlow(ctx, defaultSampleFlow()));
    const renamed = ok(await renameFlow(ctx, a.id, '  Leads in Spain  '));
    expect(renamed.name).toBe('Leads in Spain');
    expect(ok(await openFlow(ctx, a.id)).flow.name).toBe('Leads in Spain');
    expect((await renameFlow(ctx, a.id, '  ')).ok).toBe(false);
    const copy = ok(await duplicateFlow(ctx, a.id));
    expect(copy.id).not.toBe(a.id);
    expect(copy.name).toBe('Leads in Spain (copy)');
    expect(ok(await openFlow(ctx, copy.id)).flow.modules).toEqual(defaultSampleFlow().modules);
    const { flows } = ok(await listFlows(ctx));
    expect(searchFlows(flows, 'copy').map((f) => f.id)).toEqual([copy.id]);
    expect(searchFlows(flows, 'SPAIN').length).toBe(2);
    expect(searchFlows(flows, '').length).toBe(2);
  });

  it('renames and duplicates within the name limit, so every entry still opens (issue 18 item 5)', async () => {
    const ctx = library();
    const a = ok(await addFlow(ctx, defaultSampleFlow()));
    // A rename of another entry (not the open flow) past the limit is refused, and the entry still opens
    const tooLong = await renameFlow(ctx, a.id, '📈'.repeat(201));
    expect(tooLong.ok).toBe(false);
    if (!tooLong.ok) expect(tooLong.error.message).toBe('A name can be at most 200 characters; this one has 201.');
    expect(ok(await openFlow(ctx, a.id)).flow.name).toBe(defaultSampleFlow().name);
    // A name at the limit is taken; its copy cuts the name to make room for " (copy)", never an emoji in half
    const atLimit = '📈'.repeat(200);
    expect(ok(await renameFlow(ctx, a.id, atLimit)).name).toBe(atLimit);
    const copy = ok(await duplicateFlow(ctx, a.id));
    expect(copy.name).toBe(`${'📈'.repeat(193)} (copy)`);
    expect(ok(await openFlow(ctx, copy.id)).flow.name).toBe(copy.name);
  });

  it('renames and duplicates by the name in the text\'s head, the rest kept as stored: any name, a string record, and a text laid out otherwise (read whole)', async () => {
    const ctx = library();
    const flow: Flow = { ...defaultSampleFlow(), name: 'Zürich "quotes" \\ 📈' };
    // A module named with characters of several bytes, after the name in the text.
    flow.modules = flow.modules.map((m, i) => (i === 0 ? { ...m, name: 'Ärger 🚀 "x"' } : m));
    const expectText = async (id: string, name: string) => {
      const record = ok(await getFlowRecord(ctx, id));
      const text = await textOf(record.flowText);
      expect(text).toBe(serializeFlow({ ...flow, name }));
      if (record.textChars !== undefined) expect(record.textChars).toBe(text.length);
      expect(record.name).toBe(name);
    };
    const a = ok(await addFlow(ctx, flow));
    for (const name of ['Ünïcödé 📈📈 \u2028 "and" \\ back', 'x', flow.name]) {
      ok(await renameFlow(ctx, a.id, name));
      await expectText(a.id, name);
    }
    await expectText(ok(await duplicateFlow(ctx, a.id)).id, `${flow.name} (copy)`);
    // A record written before texts were Blobs (a string).
    await ctx.storage.putFlow({ ...a, id: 'old', flowText: serializeFlow(flow) });
    ok(await renameFlow(ctx, 'old', 'Old renamed'));
    await expectText('old', 'Old renamed');
    // The name after a long value (not in the head the rename reads): the flow is read whole, as before.
    const late = JSON.parse(serializeFlow(flow)) as Record<string, unknown>;
    delete late.name;
    const text = JSON.stringify({ ...late, note: 'n'.repeat(40_000), name: flow.name }, null, 2);
    await ctx.storage.putFlow({ ...a, id: 'late', flowText: new Blob([text]) });
    expect(ok(await renameFlow(ctx, 'late', 'Late renamed')).name).toBe('Late renamed');
    expect(ok(await openFlow(ctx, 'late')).flow.name).toBe('Late renamed');
    expect(ok(await openFlow(ctx, ok(await duplicateFlow(ctx, 'late')).id)).flow.name).toBe('Late renamed (copy)');
    // Read whole, a text that does not parse is refused as before (and kept as it is).
    const broken = text.replace('"modules"', '"modulez"');
    await ctx.storage.putFlow({ ...a, id: 'broken', flowText: new Blob([broken]) });
    expect((await renameFlow(ctx, 'broken', 'Broken renamed')).ok).toBe(false);
    expect(await textOf(ok(await getFlowRecord(ctx, 'broken')).flowText)).toBe(broken);
  });

  it('deletes a flow with its versions, and Undo puts both back as they were', async () => {
    const ctx = library();
    const a = ok(await addFlow(ctx, defaultSampleFlow()));
    ok(await saveVersion(ctx, a.id, defaultSampleFlow(), 'v1'));
    const removed = ok(await removeFlow(ctx, a.id));
    expect(removed.name).toBe(defaultSampleFlow().name);
    expect(ok(await listFlows(ctx)).flows).toEqual([]);
    expect(ok(await listVersions(ctx, a.id))).toEqual([]);
    ok(await restoreRemoved(ctx, removed));
    expect(ok(await listFlows(ctx)).flows).toEqual([summaryOf(a)]);
    expect(ok(await listVersions(ctx, a.id)).map((r) => r.version.name)).toEqual(['v1']);
  });
});

describe('versions', () => {
  it('are listed newest first, each with its credits and the change since the previous one', async () => {
    const ctx = library();
    const sample = defaultSampleFlow();
    const a = ok(await addFlow(ctx, sample));
    ok(await saveVersion(ctx, a.id, withModuleCount(sample, 2), 'Small'));
    ctx.clock.t += 1000;
    ok(await saveVersion(ctx, a.id, sample, 'Full'));
    ctx.clock.t += 1000;
    ok(await saveVersion(ctx, a.id, sample, ''));
    const rows = ok(await listVersions(ctx, a.id));
    expect(rows.map((r) => r.version.name)).toEqual(['Saved version', 'Full', 'Small']);
    expect(rows[2]!.change).toBe('first version');
    const added = sample.modules.length - 2;
    expect(rows[1]!.change).toMatch(new RegExp(`^\\+${added} modules`));
    expect(rows[1]!.deltaPerMonth).toBeCloseTo(priceFlow(sample).perMonth - priceFlow(withModuleCount(sample, 2)).perMonth, 6);
    expect(rows[1]!.version.perMonth).toBe(priceFlow(sample).perMonth);
    expect(rows[0]!.change).toBe('no changes');
    expect(rows[0]!.deltaPerMonth).toBe(0);
    // Each version priced once, its price shared by the two diffs it is in (before: four prices for three versions).
    vi.mocked(priceFlow).mockClear();
    ok(await listVersions(ctx, a.id));
    expect(priceFlow).toHaveBeenCalledTimes(3);
  });

  it('of a large flow are read, priced and compared off the page (summarizeVersions): pending rows at once, filled in as answers come', async () => {
    const ctx = library();
    const small = defaultSampleFlow();
    const large = generateFlow({ modules: 1500, seed: 19 });
    const a = ok(await addFlow(ctx, small));
    ok(await saveVersion(ctx, a.id, small, 'Small'));
    ctx.clock.t += 1000;
    ok(await saveVersion(ctx, a.id, large, 'Large'));
    const onPage = ok(await listVersions(ctx, a.id));
    // The off-page path: a worker's answers, played here by the same summariser, one a task.
    const asked: { versions: { flowText: unknown; what: string }[]; cancelled: boolean }[] = [];
    const summarizeVersions: VersionsSummarizer = (versions, onSummary) => {
      const job = { versions, cancelled: false };
      asked.push(job);
      const summarize = versionSummarizer();
      const done = (async () => {
        for (const [i, v] of versions.entries()) {
          await new Promise((r) => setTimeout(r, 0));
          if (job.cancelled) return false;
          onSummary(i, summarize({ text: await textOf(v.flowText), what: v.what, total: v.total, perMonth: v.perMonth }));
        }
        return true;
      })();
      return { done, cancel: () => (job.cancelled = true) };
    };
    const updates: VersionRow[][] = [];
    vi.mocked(priceFlow).mockClear();
    const rows = ok(await listVersions({ ...ctx, summarizeVersions }, a.id, { onUpdate: (r) => updates.push(r) }));
    // Nothing read, parsed or priced on the page: every row pending, its stored text handed over as stored.
    expect(priceFlow).not.toHaveBeenCalled();
    expect(rows.map((r) => [r.version.name, r.change, r.pending])).toEqual([
      ['Large', 'pricing…', true],
      ['Small', 'pricing…', true],
    ]);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.versions.map((v) => v.what)).toEqual(['Version “Small”', 'Version “Large”']);
    expect(asked[0]!.versions.every((v) => v.flowText instanceof Blob)).toBe(true);
    await vi.waitFor(() => expect(updates).toHaveLength(2), { timeout: 10_000 });
    // First the oldest filled in, then the newest: the same rows the page would have made.
    expect(updates[0]!.map((r) => r.pending ?? false)).toEqual([true, false]);
    const strip = (list: VersionRow[]) => list.map((r) => ({ name: r.version.name, total: r.version.total, perMonth: r.version.perMonth, change: r.change, delta: r.deltaPerMonth, pending: r.pending ?? false }));
    expect(strip(updates[1]!)).toEqual(strip(onPage));
    expect(onPage[0]!.change).toMatch(/modules/);

    // Listed again with the summaries kept (the dialog opened again): filled in at once, nothing asked.
    const known: NonNullable<ListVersionsOptions['known']> = new Map();
    ok(await listVersions({ ...ctx, summarizeVersions }, a.id, { known }));
    await vi.waitFor(() => expect(known.size).toBe(2), { timeout: 10_000 });
    const again = ok(await listVersions({ ...ctx, summarizeVersions }, a.id, { known }));
    expect(asked).toHaveLength(2);
    expect(strip(again)).toEqual(strip(onPage));

    // Stopped (the dialog closed): what is pending is cancelled and nothing more is told.
    const stop = new AbortController();
    const later: VersionRow[][] = [];
    ok(await listVersions({ ...ctx, summarizeVersions }, a.id, { onUpdate: (r) => later.push(r), signal: stop.signal }));
    stop.abort();
    expect(asked[2]!.cancelled).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(later).toEqual([]);
  });

  it('of a large flow whose worker fails (it answers an error): the rows not answered say they cannot be priced and why, never "pricing…" for ever', async () => {
    const ctx = library();
    const a = ok(await addFlow(ctx, defaultSampleFlow()));
    ok(await saveVersion(ctx, a.id, defaultSampleFlow(), 'Small'));
    ctx.clock.t += 1000;
    ok(await saveVersion(ctx, a.id, generateFlow({ modules: 1500, seed: 19 }), 'Large'));
    const summarize = versionSummarizer();
    // The oldest answered, then the worker's error (a RangeError reading a huge text): the job ends not done.
    const summarizeVersions: VersionsSummarizer = (versions, onSummary) => {
      const done = (async () => {
        await new Promise((r) => setTimeout(r, 0));
        const v = versions[0]!;
        onSummary(0, summarize({ text: await textOf(v.flowText), what: v.what, total: v.total, perMonth: v.perMonth }));
        return { problem: 'Invalid string length' };
      })();
      return { done, cancel: () => {} };
    };
    const updates: VersionRow[][] = [];
    const known: NonNullable<ListVersionsOptions['known']> = new Map();
    const rows = ok(await listVersions({ ...ctx, summarizeVersions }, a.id, { known, onUpdate: (r) => updates.push(r) }));
    expect(rows.map((r) => r.change)).toEqual(['pricing…', 'pricing…']);
    await vi.waitFor(() => expect(updates).toHaveLength(2), { timeout: 10_000 });
    const last = updates.at(-1)!;
    expect(last.map((r) => [r.version.name, r.change, r.pending ?? false])).toEqual([
      ['Large', 'cannot be priced', false],
      ['Small', 'first version', false],
    ]);
    expect(last[0]!.problem).toBe('Version “Large” cannot be priced: Invalid string length');
    // Not kept as answered: the next listing asks again.
    expect(known.size).toBe(1);

    // Stopped (the dialog closed) and then failing: nothing more is told.
    const stop = new AbortController();
    const later: VersionRow[][] = [];
    const failing: VersionsSummarizer = () => ({ done: new Promise((r) => setTimeout(() => r({ problem: 'x' }), 5)), cancel: () => {} });
    ok(await listVersions({ ...ctx, summarizeVersions: failing }, a.id, { onUpdate: (r) => later.push(r), signal: stop.signal }));
    stop.abort();
    await new Promise((r) => setTimeout(r, 20));
    expect(later).toEqual([]);
  });

  it('of a large flow, listed again after a new save: only the new version is summarised off the page, the one before it read as context', async () => {
    const ctx = library();
    const a = ok(await addFlow(ctx, defaultSampleFlow()));
    const sizes = [1500, 1510, 1520];
    for (const [i, n] of sizes.entries()) {
      ctx.clock.t += 1000;
      ok(await saveVersion(ctx, a.id, generateFlow({ modules: n, seed: 19 }), `v${i + 1}`));
    }
    // The worker, played here by the same summariser: it counts what it is asked to summarise.
    const asked: { what: string; context: boolean }[][] = [];
    const summarizeVersions: VersionsSummarizer = (versions, onSummary) => {
      asked.push(versions.map((v) => ({ what: v.what, context: (v as { context?: boolean }).context === true })));
      const summarize = versionSummarizer();
      const done = (async () => {
        for (const [i, v] of versions.entries()) {
          await new Promise((r) => setTimeout(r, 0));
          const text = await textOf(v.flowText);
          if ((v as { context?: boolean }).context) summarize.after(text);
          else onSummary(i, summarize({ text, what: v.what, total: v.total, perMonth: v.perMonth }));
        }
        return true;
      })();
      return { done, cancel: () => {} };
    };
    const summarised = (job: { context: boolean }[]) => job.filter((v) => !v.context).length;
    const known: NonNullable<ListVersionsOptions['known']> = new Map();
    const strip = (list: VersionRow[]) => list.map((r) => ({ name: r.version.name, total: r.version.total, change: r.change, delta: r.deltaPerMonth, pending: r.pending ?? false }));
    const listed = async () => {
      const updates: VersionRow[][] = [];
      const rows = ok(await listVersions({ ...ctx, summarizeVersions }, a.id, { known, onUpdate: (r) => updates.push(r) }));
      if (rows.some((r) => r.pending)) await vi.waitFor(() => expect(updates.at(-1)?.some((r) => r.pending) ?? true).toBe(false), { timeout: 10_000 });
      return updates.at(-1) ?? rows;
    };
    await listed();
    expect(asked.map(summarised)).toEqual([3]);

    // A new save: one new version. Only it is summarised; v3 is read as the version before it.
    ctx.clock.t += 1000;
    ok(await saveVersion(ctx, a.id, generateFlow({ modules: 1530, seed: 19 }), 'v4'));
    const rows = await listed();
    expect(asked.map(summarised)).toEqual([3, 1]);
    expect(asked[1]).toEqual([
      { what: 'Version “v3”', context: true },
      { what: 'Version “v4”', context: false },
    ]);
    // The same rows as a listing that summarises every version again.
    expect(strip(rows)).toEqual(strip(ok(await listVersions(ctx, a.id))));
    expect(rows[0]!.change).toMatch(/^\+10 modules/);

    // Nothing new: nothing asked.
    await listed();
    expect(asked).toHaveLength(2);

    // A version that cannot be read, then a new one: the new one is compared with v4, the last read,
    // as a listing of every version compares it.
    ctx.clock.t += 1000;
    await ctx.storage.putVersion({ id: 'broken', flowId: a.id, name: 'Broken', kind: 'saved', savedAt: ctx.clock.t, flowText: '{"format": "creditflow", "version": 3, "name": "x", "modules": [', modules: 0, total: null, perMonth: null });
    await listed();
    ctx.clock.t += 1000;
    ok(await saveVersion(ctx, a.id, generateFlow({ modules: 1540, seed: 19 }), 'v6'));
    const after = await listed();
    expect(asked.at(-1)).toEqual([
      { what: 'Version “v4”', context: true },
      { what: 'Version “Broken”', context: true },
      { what: 'Version “v6”', context: false },
    ]);
    expect(strip(after)).toEqual(strip(ok(await listVersions(ctx, a.id))));
    expect(after[0]!.change).toMatch(/^\+10 modules/);
  });

  it('of a large flow, listed again after a version arrived before one that cannot be read: the version after that one is compared again, with the new one', async () => {
    const ctx = library();
    const a = ok(await addFlow(ctx, defaultSampleFlow()));
    ctx.clock.t += 1000;
    ok(await saveVersion(ctx, a.id, generateFlow({ modules: 1500, seed: 19 }), 'v1'));
    ctx.clock.t += 1000;
    await ctx.storage.putVersion({ id: 'broken', flowId: a.id, name: 'Broken', kind: 'saved', savedAt: ctx.clock.t, flowText: UNREADABLE, modules: 0, total: null, perMonth: null });
    ctx.clock.t += 1000;
    ok(await saveVersion(ctx, a.id, generateFlow({ modules: 1520, seed: 19 }), 'v3'));
    const { asked, summarizeVersions } = workerLike();
    const known: NonNullable<ListVersionsOptions['known']> = new Map();
    await listedOffPage({ ...ctx, summarizeVersions }, a.id, known);
    // Another tab's version, saved between v1 and Broken, arrives later: v3 is now compared with it.
    await ctx.storage.putVersion({ id: 'x', flowId: a.id, name: 'Other tab', kind: 'saved', savedAt: 1_001_500, flowText: serializeFlow(generateFlow({ modules: 1510, seed: 19 })), modules: 1510, total: null, perMonth: null });
    const rows = await listedOffPage({ ...ctx, summarizeVersions }, a.id, known);
    // Asked again: the new version (after v1, read as context), and v3 (after Broken, passed over).
    expect(asked.at(-1)).toEqual([
      { what: 'Version “v1”', context: true },
      { what: 'Version “Other tab”', context: false },
      { what: 'Version “Broken”', context: true },
      { what: 'Version “v3”', context: false },
    ]);
    const full = ok(await listVersions(ctx, a.id));
    expect(stripRows(rows)).toEqual(stripRows(full));
    expect(rows.find((r) => r.version.name === 'v3')!.change).toMatch(/^\+10 modules/);
  });

  it('of a large flow, listed again after each of several versions arrives (some unreadable, some saved before older ones): always the rows of a full listing', async () => {
    // Each case: the versions as they arrive, [savedAt, modules] (0 modules: a text that cannot be
    // read), listed off the page after each arrival with the summaries kept from the listings before.
    const cases: [number, number][][] = [
      [[10, 1500], [20, 0], [30, 12], [15, 8]],
      [[10, 1500], [20, 0], [30, 0], [40, 12], [25, 8], [15, 0], [12, 9]],
      [[50, 1500], [40, 0], [30, 7], [20, 0], [10, 9]],
      [[10, 1500], [30, 12], [20, 0], [25, 8], [22, 0], [21, 11], [35, 0], [40, 6]],
    ];
    // And a few more, drawn from fixed seeds (the same on every run).
    for (const seed of [7, 31, 1234]) {
      let s = seed;
      const next = (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
      const steps: [number, number][] = [[500, 1500]];
      for (let k = 0; k < 7; k++) steps.push([next(1000), next(3) === 0 ? 0 : 5 + next(10)]);
      cases.push(steps);
    }
    for (const [n, steps] of cases.entries()) {
      const ctx = library();
      const a = ok(await addFlow(ctx, defaultSampleFlow()));
      const { asked, summarizeVersions } = workerLike();
      const known: NonNullable<ListVersionsOptions['known']> = new Map();
      for (const [k, [savedAt, modules]] of steps.entries()) {
        const flowText = modules === 0 ? UNREADABLE : serializeFlow(generateFlow({ modules, seed: 19 }));
        await ctx.storage.putVersion({ id: `c${n}-${k}`, flowId: a.id, name: `#${k}`, kind: 'saved', savedAt: 2_000_000 + savedAt, flowText, modules, total: null, perMonth: null });
        const rows = await listedOffPage({ ...ctx, summarizeVersions }, a.id, known);
        expect(stripRows(rows), `case ${n}, after version #${k}`).toEqual(stripRows(ok(await listVersions(ctx, a.id))));
        // Still only the new version and at most the one compared with it after it are summarised.
        if (k > 0) expect(asked.at(-1)!.filter((v) => !v.context).length, `case ${n}, after version #${k}`).toBeLessThanOrEqual(2);
      }
    }
  }, 60_000);

  it('of small flows stay on the page even with summarizeVersions (no worker start-up for them)', async () => {
    const ctx = library();
    const a = ok(await addFlow(ctx, defaultSampleFlow()));
    ok(await saveVersion(ctx, a.id, defaultSampleFlow(), 'v1'));
    const summarizeVersions = vi.fn<VersionsSummarizer>();
    const rows = ok(await listVersions({ ...ctx, summarizeVersions }, a.id));
    expect(summarizeVersions).not.toHaveBeenCalled();
    expect(rows.map((r) => [r.change, r.pending])).toEqual([['first version', undefined]]);
  });

  it('are kept automatically only when the newest version does not already hold the flow', async () => {
    const ctx = library();
    const a = ok(await addFlow(ctx, defaultSampleFlow()));
    const first = ok(await keepVersion(ctx, a.id, defaultSampleFlow(), 'import'));
    expect(first?.name).toBe('Before an import');
    expect(ok(await keepVersion(ctx, a.id, defaultSampleFlow(), 'pause'))).toBeNull();
    expect(ok(await keepVersion(ctx, a.id, withModuleCount(defaultSampleFlow(), 1), 'pause'))?.kind).toBe('pause');
  });

  it('after a pause of more than an hour', () => {
    expect(isAfterPause(1000, 1000 + PAUSE_MS + 1)).toBe(true);
    expect(isAfterPause(1000, 1000 + PAUSE_MS)).toBe(false);
    expect(isAfterPause(0, PAUSE_MS * 5)).toBe(false);
  });
});

describe('the old autosaved record', () => {
  it('moves into the library once, as a new entry, and the library says so only the first time', async () => {
    const ctx = library();
    const first = ok(await adoptWorkingCopy(ctx, { flow: defaultSampleFlow() }));
    expect(first.migrated).toBe(true);
    expect(ok(await openFlow(ctx, first.record.id)).flow).toEqual(defaultSampleFlow());
    // The next start: the working copy now names its entry.
    const edited = withModuleCount(defaultSampleFlow(), 3);
    ctx.clock.t += 10;
    const again = ok(await adoptWorkingCopy(ctx, { flow: edited, flowId: first.record.id, savedAt: ctx.clock.t }));
    expect(again.migrated).toBe(false);
    expect(again.record.id).toBe(first.record.id);
    expect(ok(await listFlows(ctx)).flows.length).toBe(1);
    expect(ok(await openFlow(ctx, first.record.id)).flow).toEqual(edited);
  });

  it('never replaces an entry changed after the working copy was saved (another tab): that one opens', async () => {
    const ctx = library();
    const entry = ok(await addFlow(ctx, defaultSampleFlow()));
    ctx.clock.t += 100;
    ok(await renameFlow(ctx, entry.id, 'Renamed in another tab'));
    const adopted = ok(await adoptWorkingCopy(ctx, { flow: defaultSampleFlow(), flowId: entry.id, savedAt: entry.updatedAt + 1 }));
    expect(adopted.flow.name).toBe('Renamed in another tab');
    expect(ok(await openFlow(ctx, entry.id)).flow.name).toBe('Renamed in another tab');
  });

  it('a save that lands late carries the time its flow was taken: a working copy saved after that (the last edit, then a reload) opens, not the older flow', async () => {
    const ctx = library();
    const entry = ok(await addFlow(ctx, defaultSampleFlow()));
    ctx.clock.t += 10;
    const taken = ctx.clock.t;
    // The entry's read is slow: meanwhile the user edits again and the working copy is saved.
    const slow = library({ ...ctx.storage, getFlow: async (id) => {
      const got = await ctx.storage.getFlow(id);
      ctx.clock.t += 50;
      return got;
    } });
    slow.now = () => ctx.clock.t;
    const older = withModuleCount(defaultSampleFlow(), 3);
    const saved = ok(await saveFlow(slow, entry.id, older));
    expect(saved.updatedAt).toBe(taken);
    const newer = withModuleCount(defaultSampleFlow(), 2);
    const adopted = ok(await adoptWorkingCopy(ctx, { flow: newer, flowId: entry.id, savedAt: taken + 25 }));
    expect(adopted.flow).toEqual(newer);
    expect(ok(await openFlow(ctx, entry.id)).flow).toEqual(newer);
  });

  it('reads the entry only when it is newer than the working copy (its record\'s time compared first)', async () => {
    const ctx = library();
    const entry = ok(await addFlow(ctx, defaultSampleFlow()));
    let reads = 0;
    const counted: LibraryContext = { ...ctx, readFlow: (stored, what, name) => (reads++, readOnPage(stored, what, name)) };
    const edited = withModuleCount(defaultSampleFlow(), 3);
    expect(ok(await adoptWorkingCopy(counted, { flow: edited, flowId: entry.id, savedAt: entry.updatedAt + 1 })).flow).toBe(edited);
    expect(reads).toBe(0);
  });

  it('an entry saved after the working copy but holding the same flow (its save landed last, after an edit) is not read again: the flow shown is the entry\'s', async () => {
    const ctx = library();
    const working = freeze(withModuleCount(defaultSampleFlow(), 3), true);
    const entry = ok(await addFlow(ctx, working));
    let reads = 0;
    const counted: LibraryContext = { ...ctx, readFlow: (stored, what, name) => (reads++, readOnPage(stored, what, name)) };
    const adopted = ok(await adoptWorkingCopy(counted, { flow: working, flowId: entry.id, savedAt: entry.updatedAt - 1 }));
    expect(reads).toBe(0);
    // The very flow shown, no copy of it to put in its place (nor a "newer copy" to keep, should the user edit meanwhile).
    expect(adopted.flow).toBe(working);
    expect(adopted.unopened).toBeUndefined();
    expect(adopted.record).toEqual(ok(await getFlowRecord(ctx, entry.id)));
    expect(ok(await listVersions(ctx, entry.id))).toEqual([]);
    // A different flow in the newer entry is still read and wins.
    const other = withModuleCount(defaultSampleFlow(), 2);
    expect(ok(await adoptWorkingCopy(counted, { flow: other, flowId: entry.id, savedAt: entry.updatedAt - 1 })).flow).toEqual(working);
    expect(reads).toBe(1);
  });

  it('a newer entry whose flow is not read (cancelled, refused, failed) is kept as a version before the working copy is saved over it', async () => {
    const ctx = library();
    const entry = ok(await addFlow(ctx, blankFlowForTest('Newer')));
    const stored = await textOf(ok(await getFlowRecord(ctx, entry.id)).flowText);
    for (const kind of ['cancelled', 'unreadable', 'failed'] as const) {
      const notRead: LibraryContext = { ...ctx, readFlow: async () => ({ ok: false, error: { kind, message: kind } }) };
      const working = withModuleCount(defaultSampleFlow(), 3);
      const adopted = ok(await adoptWorkingCopy(notRead, { flow: working, flowId: entry.id, savedAt: entry.updatedAt - 1 }));
      expect(adopted.flow).toBe(working);
      expect(adopted.unopened?.why).toMatchObject({ kind });
      expect(ok(await openFlow(ctx, entry.id)).flow).toEqual(working);
      const version = ok(await listVersions(ctx, entry.id)).find((row) => row.version.id === adopted.unopened?.version.id)!.version;
      expect(version.kind).toBe('unopened');
      expect(version.flowText).toBe(stored);
      // The next round: the entry newer again.
      ctx.clock.t += 10;
      ok(await saveFlow(ctx, entry.id, blankFlowForTest('Newer')));
    }
  });

  it('a newer entry not read and not kept as a version (versions full) is not written over', async () => {
    const ctx = library();
    const entry = ok(await addFlow(ctx, blankFlowForTest('Newer')));
    // Only the version cannot be written: the entry could be, and must not be.
    const full: LibraryContext = { ...ctx, storage: versionsFull(ctx.storage), readFlow: async () => ({ ok: false, error: { kind: 'cancelled', message: '' } }) };
    const adopted = await adoptWorkingCopy(full, { flow: defaultSampleFlow(), flowId: entry.id, savedAt: entry.updatedAt - 1 });
    expect(adopted.ok).toBe(false);
    expect(ok(await openFlow(ctx, entry.id)).flow.name).toBe('Newer');
  });

  it('is not marked as moved when the move failed, so it is moved next time', async () => {
    const ctx = library();
    const full = library(quotaFull(ctx.storage));
    const failed = await adoptWorkingCopy(full, { flow: defaultSampleFlow() });
    expect(failed.ok).toBe(false);
    expect(ok(await adoptWorkingCopy(ctx, { flow: defaultSampleFlow() })).migrated).toBe(true);
  });
});

describe('faults', () => {
  it('a full storage is an error value with the quota message; nothing stored is changed', async () => {
    const ctx = library();
    const a = ok(await addFlow(ctx, defaultSampleFlow()));
    const full = { ...ctx, storage: quotaFull(ctx.storage) };
    const saved = await saveFlow(full, a.id, withModuleCount(defaultSampleFlow(), 1));
    expect(saved).toEqual({ ok: false, error: { kind: 'quota', message: LIBRARY_MESSAGES.quota } });
    expect((await saveVersion(full, a.id, defaultSampleFlow(), 'v')).ok).toBe(false);
    expect((await addFlow(full, defaultSampleFlow())).ok).toBe(false);
    expect(ok(await openFlow(ctx, a.id)).flow).toEqual(defaultSampleFlow());
  });

  it('a corrupted record is listed as unreadable with its text, never dropped; opening it says why', async () => {
    const ctx = library();
    ok(await addFlow(ctx, defaultSampleFlow()));
    const bad = { id: 'broken', name: 'Broken', flowText: '{"format":"creditflow","version":3,"modules":[{"id":"m1","type":"webscraper"}]}', updatedAt: 5 };
    await ctx.storage.putFlow(bad as never);
    await ctx.storage.putFlow({ id: 'no-text', name: 'x' } as never);
    const { flows, unreadable } = ok(await listFlows(ctx));
    expect(flows.map((f) => f.id)).toContain('broken');
    expect(unreadable).toEqual([{ id: 'no-text', problem: 'the record holds no flow', text: JSON.stringify({ id: 'no-text', name: 'x' }, null, 2) }]);
    const opened = await openFlow(ctx, 'broken');
    expect(opened.ok).toBe(false);
    if (!opened.ok) {
      expect(opened.error.kind).toBe('unreadable');
      expect(opened.error.errors?.[0]?.path).toMatch(/^modules\[0\]/);
      expect(opened.error.message).toMatch(/^“Broken” cannot be read: .*webscraper/);
    }
    // Saving the open flow over its damaged record is allowed (it is that flow's own copy).
    ok(await saveFlow(ctx, 'broken', defaultSampleFlow()));
    expect(ok(await openFlow(ctx, 'broken')).flow).toEqual(defaultSampleFlow());
  });

  it('a storage that throws on reading is an error value, not an exception', async () => {
    const ctx = library();
    const broken: LibraryStorage = { ...ctx.storage, listFlows: () => Promise.reject(new Error('blocked')), getFlow: () => Promise.reject(new Error('blocked')) };
    const b = { ...ctx, storage: broken };
    expect(await listFlows(b)).toEqual({ ok: false, error: { kind: 'failed', message: LIBRARY_MESSAGES.failed } });
    expect((await openFlow(b, 'x')).ok).toBe(false);
    expect(await openFlow(ctx, 'nothing')).toEqual({ ok: false, error: { kind: 'missing', message: LIBRARY_MESSAGES.missing } });
  });
});

describe('saving a large flow (issue 18 item 9)', () => {
  it('writes its modules out over several tasks, and stores the same text as serializeFlow', async () => {
    const puts: FlowRecord[] = [];
    const storage = { getFlow: () => Promise.resolve(undefined), putFlow: (r: FlowRecord) => (puts.push(r), Promise.resolve()) } as unknown as LibraryStorage;
    const flow = freeze(generateFlow({ modules: ITEMS_PER_TASK * 2, seed: 5 }), true);
    const saving = saveFlow({ storage }, 'big', flow);
    // A task of the page's runs before the save is done: it did not hold the page to the end.
    const storedByThen = await new Promise<number>((done) => setTimeout(() => done(puts.length), 0));
    expect(storedByThen).toBe(0);
    ok(await saving);
    expect(puts).toHaveLength(1);
    expect(await textOf(puts[0]!.flowText)).toBe(`${JSON.stringify(toFileObject(flow), null, 2)}\n`);
  });
});

describe('texts stored as Blobs beside records written before as strings', () => {
  /** Counts the flow writes of a storage. */
  const counting = (inner: LibraryStorage) => {
    const seen = { puts: 0 };
    return { seen, storage: { ...inner, putFlow: (r: FlowRecord) => (seen.puts++, inner.putFlow(r)) } };
  };

  it('writes a Blob, and a library holding both kinds lists, opens, saves and versions each', async () => {
    const ctx = library();
    const old = blankFlowForTest('Old');
    const oldText = serializeFlow(old);
    // A record and a version as the library wrote them before: the text itself.
    await ctx.storage.putFlow({ id: 'old', name: 'Old', flowText: oldText, modules: 1, perMonth: 0, createdAt: 1, updatedAt: 2 });
    await ctx.storage.putVersion({ id: 'v-old', flowId: 'old', name: 'Before', kind: 'saved', savedAt: 3, flowText: oldText, modules: 1, total: 0, perMonth: 0 });
    const added = ok(await addFlow(ctx, defaultSampleFlow()));
    const stored = (await ctx.storage.getFlow(added.id)) as FlowRecord;
    expect(stored.flowText).toBeInstanceOf(Blob);
    expect(stored.textChars).toBe(serializeFlow(defaultSampleFlow()).length);

    expect(ok(await listFlows(ctx)).flows.map((f) => f.id).sort()).toEqual([added.id, 'old'].sort());
    expect(ok(await openFlow(ctx, 'old')).flow).toEqual(old);
    expect(ok(await openFlow(ctx, added.id)).flow).toEqual(defaultSampleFlow());

    // Saving the same flow writes nothing, whichever kind its record holds; a change is written as a Blob.
    const { seen, storage } = counting(ctx.storage);
    const c = { ...ctx, storage };
    ok(await saveFlow(c, 'old', old));
    ok(await saveFlow(c, added.id, defaultSampleFlow()));
    expect(seen.puts).toBe(0);
    const renamed = { ...defaultSampleFlow(), name: `${defaultSampleFlow().name}!` };
    ok(await saveFlow(c, added.id, renamed));
    expect(seen.puts).toBe(1);
    expect(ok(await openFlow(ctx, added.id)).flow).toEqual(renamed);
    // Same length, other text: read back to tell.
    const sameLength = { ...defaultSampleFlow(), name: `${defaultSampleFlow().name}?` };
    ok(await saveFlow(c, added.id, sameLength));
    expect(seen.puts).toBe(2);
    expect(ok(await openFlow(ctx, added.id)).flow).toEqual(sameLength);

    // Versions: the old string one still holds the flow (no new one kept); a new one is a Blob; both are listed and read.
    ctx.clock.t += 10;
    expect(ok(await keepVersion(ctx, 'old', old, 'pause'))).toBeNull();
    const kept = ok(await keepVersion(ctx, 'old', { ...old, name: 'Old, edited' }, 'pause'));
    expect(kept?.flowText).toBeInstanceOf(Blob);
    const rows = ok(await listVersions(ctx, 'old'));
    expect(rows.map((r) => [r.version.id, r.change])).toEqual([
      [kept!.id, expect.any(String)],
      ['v-old', 'first version'],
    ]);
    expect(rows.map((r) => r.version.flowText)).toEqual([serializeFlow({ ...old, name: 'Old, edited' }), oldText]);
  });

  it('a save of the very flow opened from an entry writes nothing while the entry is unchanged, without comparing texts', async () => {
    const ctx = library();
    const old = blankFlowForTest('Compact');
    // Written before, without indentation: the app's text of the same flow differs, so a comparison would rewrite it.
    await ctx.storage.putFlow({ id: 'compact', name: 'Compact', flowText: JSON.stringify(JSON.parse(serializeFlow(old))), modules: 1, perMonth: 0, createdAt: 1, updatedAt: 2 });
    const { seen, storage } = counting(ctx.storage);
    const c = { ...ctx, storage };
    const opened = ok(await openFlow(c, 'compact')).flow;
    expect(Object.isFrozen(opened.modules)).toBe(true);
    ok(await saveFlow(c, 'compact', opened));
    expect(seen.puts).toBe(0);
    // Once the entry is written again (here from another flow), the flow opened before is compared, and written.
    ctx.clock.t += 10;
    ok(await saveFlow(c, 'compact', { ...old, name: 'Changed' }));
    expect(seen.puts).toBe(1);
    ok(await saveFlow(c, 'compact', opened));
    expect(seen.puts).toBe(2);
    expect(ok(await openFlow(ctx, 'compact')).flow).toEqual(old);
    // A flow that can still change is never taken for its record: the same object, changed, is written.
    const open = structuredClone(old);
    ok(await saveFlow(c, 'compact', open));
    open.name = 'Changed in place';
    ok(await saveFlow(c, 'compact', open));
    expect(ok(await openFlow(ctx, 'compact')).flow.name).toBe('Changed in place');
  });

  it('an unreadable record holding a Blob is offered for download with its text, not as {}', async () => {
    const ctx = library();
    const text = serializeFlow(defaultSampleFlow());
    await ctx.storage.putFlow({ id: 'nameless', flowText: new Blob([text]) } as never);
    const { unreadable } = ok(await listFlows(ctx));
    expect(unreadable.map((u) => u.problem)).toEqual(['the record has no name']);
    expect(JSON.parse(unreadable[0]!.text)).toEqual({ id: 'nameless', flowText: text });
  });
});
