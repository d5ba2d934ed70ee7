import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { testEditor } from './testing';
import { generateFlow } from '../model/generate';
import { serializeFlow } from '../io/serialize';
import { indexedDbLibrary, type LibraryStorage } from '../store/libraryDb';
import { createLibrarySession } from '../store/librarySession';
import { flowOfText } from '../store/library';
import { setAssumption } from '../store/inspectorRecipes';
import { priceFlow } from '../cost/price';
import type * as PriceModule from '../cost/price';
import { ImportClient } from '../workers/importClient';
import { inProcessImportWorker } from '../workers/testing';
import type { Flow } from '../model/types';
import { storedReading } from './readStored';
import { asUsersFlow } from '../store/testing/library';

// priceFlow as it is, its calls counted: the list's figures of an edited flow must not price it again.
vi.mock('../cost/price', async (original) => {
  const real = await original<typeof PriceModule>();
  return { ...real, priceFlow: vi.fn(real.priceFlow) };
});

/** A flow with a problem to find (a second trigger). */
function flowWithAProblem(name: string): Flow {
  const flow = generateFlow({ modules: 30, seed: 5 });
  flow.name = name;
  flow.modules.push({ id: 'extra', type: 'trigger', name: 'Second trigger', position: { x: 0, y: 4000 } });
  return flow;
}

let dbs = 0;

/** An editor (the sample open) and its library session, large entries read by an in-process import worker. */
async function setup(onPageBelow: number, gate?: Promise<void>) {
  const storage: LibraryStorage = indexedDbLibrary(`read-stored-${++dbs}-${Date.now()}`);
  const editor = testEditor();
  const { worker, posted, handed } = inProcessImportWorker(gate);
  const client = new ImportClient({ createWorker: () => worker, mainThreadBelowBytes: 0 });
  const reading = storedReading(editor, () => client, { onPageBelow });
  const session = createLibrarySession({ store: asUsersFlow(editor.store), storage, delayMs: 0, readFlow: reading.readFlow, beforeShow: reading.beforeShow });
  await session.start(null);
  return { editor, storage, session, posted, handed, client };
}

const entry = (id: string, flowText: Blob | string) => ({ id, name: id, flowText, modules: 31, perMonth: 1, createdAt: 1, updatedAt: Date.now() });

describe('reopening a library entry (storedReading)', () => {
  it('reads a large entry in the import worker, as a drop: the flow as stored, its problems the worker found', async () => {
    const s = await setup(1);
    const text = serializeFlow(flowWithAProblem('Big'));
    const stored = new Blob([text]);
    await s.storage.putFlow(entry('big', stored));
    expect(await s.session.open('big')).toBe(true);
    // Named for the progress panel ("Opening “big” from the library").
    expect(s.posted).toEqual([expect.objectContaining({ source: stored, as: 'creditflow', fileName: 'big' })]);
    const state = s.editor.store.getState();
    expect(serializeFlow(state.flow)).toBe(text);
    expect(Object.isFrozen(state.flow.modules[0])).toBe(true);
    // The worker's problems are shown as they came (the page did not check the flow again).
    expect(s.editor.derived.selectProblems(state)).toBe(s.handed[0]);
    expect(s.handed[0]!.length).toBeGreaterThan(0);
    s.session.stop();
  });

  it('refuses a stored text that does not parse with the parser\'s errors, as on the page, and keeps the flow open and the text stored', async () => {
    const s = await setup(1);
    const before = s.editor.store.getState().flow;
    const text = serializeFlow(flowWithAProblem('Broken')).replace('"modules"', '"modulez"');
    await s.storage.putFlow(entry('broken', new Blob([text])));
    expect(await s.session.open('broken')).toBe(false);
    expect(s.posted).toHaveLength(1);
    const onPage = flowOfText(text, '“broken”');
    expect(onPage.ok).toBe(false);
    const dialog = s.editor.store.getState().ui.dialog;
    expect(dialog?.payload).toMatchObject({ title: 'The flow was not opened', errors: !onPage.ok && onPage.error.errors });
    expect(s.session.state.getState().error).toBe(!onPage.ok && onPage.error.message);
    expect(s.editor.store.getState().flow).toBe(before);
    expect(await ((await s.storage.getFlow('broken')) as { flowText: Blob }).flowText.text()).toBe(text);
    s.session.stop();
  });

  it('reads a record written before texts were Blobs (a string) in the worker too', async () => {
    const s = await setup(1);
    const text = serializeFlow(flowWithAProblem('Old'));
    await s.storage.putFlow(entry('old', text));
    expect(await s.session.open('old')).toBe(true);
    expect(s.posted).toHaveLength(1);
    expect(s.posted[0]!.source).toBeInstanceOf(Blob);
    expect(serializeFlow(s.editor.store.getState().flow)).toBe(text);
    s.session.stop();
  });

  it('reads a small entry on the page, with no worker', async () => {
    const s = await setup(1_000_000);
    const text = serializeFlow(flowWithAProblem('Small'));
    await s.storage.putFlow(entry('small', new Blob([text])));
    expect(await s.session.open('small')).toBe(true);
    expect(s.posted).toEqual([]);
    expect(serializeFlow(s.editor.store.getState().flow)).toBe(text);
    s.session.stop();
  });
});

/** The entry "big" (400 modules) and a smaller one, "small"; both read in the worker (every text is, from 1 character). */
async function twoEntries(gate?: Promise<void>) {
  const s = await setup(1, gate);
  await s.storage.putFlow(entry('big', new Blob([serializeFlow({ ...generateFlow({ modules: 400, seed: 2 }), name: 'Big' })])));
  await s.storage.putFlow(entry('small', new Blob([serializeFlow(flowWithAProblem('Small'))])));
  return s;
}
/** Calls `then` when the opening work starts pricing the flow named `name` (its first step). */
const onPricing = (s: Awaited<ReturnType<typeof setup>>, name: string, then: () => void) => {
  const costInSteps = s.editor.derived.costInSteps;
  vi.spyOn(s.editor.derived, 'costInSteps').mockImplementation((state) => {
    if (state.flow.name === name) then();
    return costInSteps(state);
  });
};

describe('a reopening stopped: by a later open, or by the user\'s Cancel (the flow shown stays)', () => {
  const namesWorkedOut = (s: Awaited<ReturnType<typeof setup>>) => vi.spyOn(s.editor.derived, 'moduleNamesInSteps');

  it('a large flow still being priced when another is opened stops there: it is neither priced to the end nor shown', async () => {
    const s = await twoEntries();
    let second: Promise<boolean> | null = null;
    onPricing(s, 'Big', () => (second ??= s.session.open('small')));
    const names = namesWorkedOut(s);
    const first = s.session.open('big');
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(s.editor.store.getState().flow.name).toBe('Small');
    // The work ahead for the big flow stopped before its module names (the step after its price).
    expect(names.mock.calls.map(([state]) => state.flow.name)).toEqual(['Small']);
    s.session.stop();
  });

  it('Cancel while the entry is read: nothing opens, nothing is said, the flow shown stays', async () => {
    // The worker reads only once the test has cancelled.
    let release = () => {};
    const s = await twoEntries(new Promise<void>((r) => (release = r)));
    const before = s.editor.store.getState().flow;
    const opening = s.session.open('big');
    await vi.waitFor(() => expect(s.posted).toHaveLength(1), { timeout: 10_000 });
    s.client.cancel();
    release();
    expect(await opening).toBe(false);
    expect(s.editor.store.getState().flow).toBe(before);
    expect(s.session.state.getState().error).toBeNull();
    expect(s.editor.store.getState().ui.dialog).toBeNull();
    expect(s.editor.store.getState().ui.toast).toBeNull();
    s.session.stop();
  });

  it('Cancel while the flow read is being opened (frozen and priced, "Opening N modules…"): the same', async () => {
    const s = await twoEntries();
    const before = s.editor.store.getState().flow;
    onPricing(s, 'Big', () => {
      expect(s.client.getState()).toMatchObject({ status: 'running', progress: { stage: 'opening', total: 400 } });
      s.client.cancel();
    });
    const names = namesWorkedOut(s);
    expect(await s.session.open('big')).toBe(false);
    expect(s.editor.store.getState().flow).toBe(before);
    expect(s.session.state.getState().error).toBeNull();
    expect(s.editor.store.getState().ui.toast).toBeNull();
    expect(names).not.toHaveBeenCalled();
    expect(s.client.getState().status).toBe('idle');
    s.session.stop();
  });
});

describe('a rename or duplicate of another entry while a large one opens (one reader client for both)', () => {
  const listed = async (s: Awaited<ReturnType<typeof setup>>) => {
    await s.session.refresh();
    return s.session.state.getState().listing!.flows.map((f) => f.name);
  };
  /** The entry's stored text read back: its flow as the parser reads it. */
  const storedFlow = async (s: Awaited<ReturnType<typeof setup>>, id: string) => {
    const record = (await s.storage.getFlow(id)) as { flowText: Blob; textChars?: number };
    const text = await record.flowText.text();
    if (record.textChars !== undefined) expect(record.textChars).toBe(text.length);
    const read = flowOfText(text, id);
    if (!read.ok) throw new Error(read.error.message);
    return read.value;
  };
  /** Whether `promise` settles while the test waits (a few turns of the event loop, not a timing). */
  const settlesMeanwhile = async (promise: Promise<unknown>) => {
    let settled = false;
    void promise.then(() => (settled = true));
    for (let i = 0; i < 200 && !settled; i++) await new Promise((r) => setTimeout(r, 0));
    return settled;
  };

  it('a rename asked while the large flow is read is done at once, without waiting for the read; the open is not stopped', async () => {
    // The worker reads once the test lets it: until then the open waits.
    let release = () => {};
    const s = await twoEntries(new Promise<void>((r) => (release = r)));
    const small = await storedFlow(s, 'small');
    const opening = s.session.open('big');
    await vi.waitFor(() => expect(s.posted).toHaveLength(1), { timeout: 10_000 });
    const renaming = s.session.rename('small', 'Renamed meanwhile');
    expect(await settlesMeanwhile(renaming)).toBe(true);
    expect(await renaming).toBe(true);
    // Nothing else read through the reader (the small entry's text was not read in the worker).
    expect(s.posted).toHaveLength(1);
    release();
    expect(await opening).toBe(true);
    expect(s.editor.store.getState().flow.name).toBe('Big');
    expect(s.session.state.getState().error).toBeNull();
    expect(await listed(s)).toContain('Renamed meanwhile');
    // The entry's text is its flow, renamed: nothing else changed.
    expect(serializeFlow(await storedFlow(s, 'small'))).toBe(serializeFlow({ ...small, name: 'Renamed meanwhile' }));
    s.session.stop();
  });

  it('a duplicate asked while the large flow is read is done at once too, a copy of the entry as stored; the open is not stopped', async () => {
    let release = () => {};
    const s = await twoEntries(new Promise<void>((r) => (release = r)));
    const small = await storedFlow(s, 'small');
    const opening = s.session.open('big');
    await vi.waitFor(() => expect(s.posted).toHaveLength(1), { timeout: 10_000 });
    const duplicating = s.session.duplicate('small');
    expect(await settlesMeanwhile(duplicating)).toBe(true);
    expect(await duplicating).toBe(true);
    expect(s.posted).toHaveLength(1);
    release();
    expect(await opening).toBe(true);
    expect(s.editor.store.getState().flow.name).toBe('Big');
    expect(s.session.state.getState().error).toBeNull();
    const copy = s.session.state.getState().listing!.flows.find((f) => f.name === 'Small (copy)');
    expect(copy).toMatchObject({ modules: 31, perMonth: 1 });
    expect(serializeFlow(await storedFlow(s, copy!.id))).toBe(serializeFlow({ ...small, name: 'Small (copy)' }));
    s.session.stop();
  });

  it('a rename of the very entry being opened waits for it, then renames the flow shown: the name is not lost to its next save', async () => {
    let release = () => {};
    const s = await twoEntries(new Promise<void>((r) => (release = r)));
    const opening = s.session.open('big');
    await vi.waitFor(() => expect(s.posted).toHaveLength(1), { timeout: 10_000 });
    const renaming = s.session.rename('big', 'Big renamed');
    release();
    expect(await opening).toBe(true);
    expect(await renaming).toBe(true);
    expect(s.editor.store.getState().flow.name).toBe('Big renamed');
    await s.session.flush();
    expect((await storedFlow(s, 'big')).name).toBe('Big renamed');
    expect(await listed(s)).toContain('Big renamed');
    s.session.stop();
  });

  it('a duplicate asked while the large flow is priced ("Opening N modules…") neither stops the open nor is stopped by it', async () => {
    const s = await twoEntries();
    let duplicating: Promise<boolean> | null = null;
    onPricing(s, 'Big', () => (duplicating ??= s.session.duplicate('small')));
    expect(await s.session.open('big')).toBe(true);
    expect(s.editor.store.getState().flow.name).toBe('Big');
    expect(duplicating).not.toBeNull();
    expect(await duplicating).toBe(true);
    expect(s.session.state.getState().error).toBeNull();
    expect(await listed(s)).toContain('Small (copy)');
    s.session.stop();
  });
});

describe('the library list\'s figures of the open flow', () => {
  it('come from the editor\'s own price on a save after an edit: the flow is not priced again, and they are its price', async () => {
    const storage = indexedDbLibrary(`read-stored-${++dbs}-${Date.now()}`);
    const editor = testEditor({ flow: generateFlow({ modules: 200, seed: 3 }), library: storage });
    const session = (await editor.loadLibrary())!;
    asUsersFlow(editor.store);
    await session.start(null);
    const id = session.state.getState().currentId!;
    // What the canvas and the cost panel ask for after every edit.
    editor.derived.selectFlowCost(editor.store.getState());
    const module = editor.store.getState().flow.modules.find((m) => m.type === 'search')!;
    vi.mocked(priceFlow).mockClear();
    editor.store.getState().edit('Duration', (draft) => setAssumption(draft, module.id, 'durationSec', 41));
    editor.derived.selectFlowCost(editor.store.getState());
    await session.flush();
    expect(priceFlow).not.toHaveBeenCalled();
    const listed = session.state.getState().listing?.flows.find((f) => f.id === id);
    const price = priceFlow(structuredClone(editor.store.getState().flow));
    expect(listed?.perMonth).toBe(price.perMonth);
    session.stop();
  });
});
