import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { freeze } from 'immer';
import {
  BACKUP_PREFIX,
  initPersistence,
  readStoredText,
  restoreFlow,
  startAutosave,
  STORAGE_KEY,
  STORAGE_VERSION,
  type Autosave,
  type StoredFlow,
  forgetSetAside,
  setAsideCopies,
} from './persistence';
import { createEditorStore, emptyFlow, type EditorStore } from './editor';
import { addModule } from './moduleRecipes';
import { setAssumption } from './inspectorRecipes';
import { serializeFlow } from '../io/serialize';
import { defaultSampleFlow } from '../io/samples/index';
import { parseFlow } from '../io/parse';
import type { Flow } from '../model/types';
import { generateFlow } from '../model/generate';
import { MemoryStorage } from './testing/storage';

const sample = () => defaultSampleFlow();

function myFlow(): Flow {
  const flow = emptyFlow('Mine');
  addModule(flow, 'trigger', { x: 0, y: 0 });
  addModule(flow, 'action', { x: 0, y: 100 });
  return flow;
}

function record(flow: Flow, tabId = 'other-tab', savedAt = 1000): string {
  const r: StoredFlow = { storageVersion: STORAGE_VERSION, savedAt, tabId, flowText: serializeFlow(flow) };
  return JSON.stringify(r);
}

describe('restoreFlow', () => {
  it('starts with the default sample when nothing is saved', () => {
    const result = restoreFlow(parseFlow, new MemoryStorage());
    expect(result.source).toBe('sample');
    expect(result.flow).toEqual(sample());
    expect(result.notice).toBeUndefined();
  });

  it('restores the saved flow', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, record(myFlow()));
    const result = restoreFlow(parseFlow, storage);
    expect(result.source).toBe('storage');
    expect(serializeFlow(result.flow)).toBe(serializeFlow(myFlow()));
  });

  it.each([
    ['not JSON', '{"storageVersion": 1, "flowText": '],
    ['not an object', '[1,2,3]'],
    ['no flow text', JSON.stringify({ storageVersion: 1, savedAt: 1, tabId: 'x' })],
    ['a broken flow', JSON.stringify({ storageVersion: 1, savedAt: 1, tabId: 'x', flowText: '{"format":"creditflow","version":1}' })],
    ['a newer storage version', JSON.stringify({ storageVersion: 99, savedAt: 1, tabId: 'x', flowText: '' })],
  ])('moves corrupt data (%s) to a backup key, tells the user, and starts with the sample', (_what, text) => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, text);
    const result = restoreFlow(parseFlow, storage, () => 1234);
    expect(result.source).toBe('sample');
    expect(result.flow).toEqual(sample());
    expect(result.backupKey).toBe(`${BACKUP_PREFIX}1234`);
    expect(storage.getItem(`${BACKUP_PREFIX}1234`)).toBe(text);
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    expect(result.notice).toContain(`${BACKUP_PREFIX}1234`);
  });

  it('says so when storage is unavailable', () => {
    const result = restoreFlow(parseFlow, null);
    expect(result.source).toBe('sample');
    expect(result.notice).toMatch(/does not let Creditflow save/);
  });

  it('migrates data saved before the record had a version (the bare flow)', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, serializeFlow(myFlow()));
    const read = readStoredText(storage.getItem(STORAGE_KEY)!);
    expect(read.ok && read.migratedFrom).toBe(0);
    expect(read.ok && read.record.storageVersion).toBe(STORAGE_VERSION);
    const result = restoreFlow(parseFlow, storage);
    expect(result.source).toBe('storage');
    expect(serializeFlow(result.flow)).toBe(serializeFlow(myFlow()));
  });
});

describe('autosave', () => {
  let store: EditorStore;
  let storage: MemoryStorage;
  let events: EventTarget;
  let autosave: Autosave;

  beforeEach(() => {
    vi.useFakeTimers();
    store = createEditorStore(myFlow());
    storage = new MemoryStorage();
    events = new EventTarget();
    autosave = startAutosave({ store, read: parseFlow, storage, events: events as unknown as Window, delayMs: 400, tabId: 'me', now: () => 5000 });
  });
  afterEach(() => {
    autosave.stop();
    vi.useRealTimers();
  });

  /** The debounce, then the save's later tasks (the record, the write). */
  const afterSave = () => {
    vi.advanceTimersByTime(400);
    vi.runAllTimers();
  };
  const edit = (value: number) => store.getState().edit('Duration', (d) => setAssumption(d, 'm2', 'durationSec', value));
  const stored = () => JSON.parse(storage.getItem(STORAGE_KEY)!) as StoredFlow;
  const otherTabSaves = (flow: Flow, tabId = 'other') => {
    const text = record(flow, tabId, 9000);
    storage.items.set(STORAGE_KEY, text);
    events.dispatchEvent(Object.assign(new Event('storage'), { key: STORAGE_KEY, newValue: text }));
  };

  it('saves once, 400 ms after the last of a burst of edits', () => {
    edit(1);
    vi.advanceTimersByTime(300);
    edit(2);
    vi.advanceTimersByTime(300);
    edit(3);
    expect(storage.writes).toBe(0);
    expect(store.getState().storage.state).toBe('pending');
    vi.advanceTimersByTime(399);
    expect(storage.writes).toBe(0);
    // The flow's text is written out when the delay is over; its record is made in the next task, and
    // stored in the one after (no task does two of them).
    vi.advanceTimersByTime(1);
    expect(storage.writes).toBe(0);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersToNextTimer();
    expect(storage.writes).toBe(0);
    vi.advanceTimersToNextTimer();
    expect(storage.writes).toBe(1);
    expect(stored()).toEqual({ storageVersion: STORAGE_VERSION, savedAt: 5000, tabId: 'me', flowText: serializeFlow(store.getState().flow) });
    expect(store.getState().storage).toMatchObject({ state: 'saved', lastSavedAt: 5000 });
  });

  it('flush saves a pending change at once', () => {
    edit(1);
    autosave.flush();
    expect(storage.writes).toBe(1);
  });

  it('an edit and its Undo before the save still write the record again, with the time of the Undo (the library may hold the edit)', () => {
    autosave.stop();
    let clock = 1000;
    autosave = startAutosave({ store, read: parseFlow, storage, events: events as unknown as Window, delayMs: 400, tabId: 'me', now: () => clock });
    edit(1);
    afterSave();
    const written = stored();
    expect(written.savedAt).toBe(1000);
    clock = 2000;
    edit(2); // saved into the library meanwhile, at 2000
    clock = 3000;
    store.getState().undo();
    expect(serializeFlow(store.getState().flow)).toBe(written.flowText);
    autosave.flush(); // the page goes away before the delay is over
    expect(stored()).toEqual({ ...written, savedAt: 3000 });
    // Nothing changed since: nothing is written again.
    const writes = storage.writes;
    clock = 4000;
    autosave.flush();
    afterSave();
    expect(storage.writes).toBe(writes);
  });

  it('shows a quota error, keeps the flow in memory, and saves again once there is room', () => {
    storage.full = true;
    edit(4);
    afterSave();
    expect(store.getState().storage.state).toBe('error');
    expect(store.getState().storage.message).toMatch(/storage is full/);
    expect(store.getState().flow.modules[1]?.assumptions?.durationSec).toBe(4);
    storage.full = false;
    edit(5);
    afterSave();
    expect(store.getState().storage.state).toBe('saved');
    expect(stored().flowText).toBe(serializeFlow(store.getState().flow));
  });

  describe('a flow too large for the storage', () => {
    const restart = (flowId: string | null) => {
      autosave.stop();
      autosave = startAutosave({ store, read: parseFlow, storage, delayMs: 400, tabId: 'me', now: () => 5000, flowId: () => flowId, maxChars: serializeFlow(myFlow()).length + 200 });
    };
    const grow = () =>
      store.getState().edit('Add modules', (d) => {
        for (let i = 0; i < 20; i++) addModule(d, 'action', { x: 0, y: 200 + 100 * i });
      });

    it('is not written, and the record that fit stays; with the library keeping it, no error is shown', () => {
      restart('entry-a');
      edit(1);
      afterSave();
      const fitted = storage.getItem(STORAGE_KEY);
      expect(storage.writes).toBe(1);
      grow();
      afterSave();
      autosave.flush();
      expect(storage.writes).toBe(1);
      expect(storage.getItem(STORAGE_KEY)).toBe(fitted);
      expect(store.getState().storage.state).toBe('saved');
      // Back within the limit, it is written again.
      store.getState().undo();
      edit(7);
      afterSave();
      expect(storage.writes).toBe(2);
      expect(stored().flowText).toBe(serializeFlow(store.getState().flow));
    });

    it('is told by the length of its text exactly as when the whole text was written: within the limit written, one character over not', () => {
      // The autosave counts the text's length from its pieces and stops past the limit; the decision
      // must be the one the whole text's length gave, at the limit and a few characters either side.
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), (modules, seed, over, library) => {
          autosave.stop();
          storage = new MemoryStorage();
          store = createEditorStore(freeze(generateFlow({ modules, seed }), true));
          store.getState().edit('Rename', (d) => void (d.name = `${d.name} ${over}`));
          const length = serializeFlow(store.getState().flow).length;
          autosave = startAutosave({ store, read: parseFlow, storage, delayMs: 400, tabId: 'me', now: () => 5000, flowId: () => (library ? 'entry' : null), maxChars: length - over });
          store.getState().edit('Move', (d) => void (d.modules[0]!.position = { x: 1, y: 1 }));
          expect(serializeFlow(store.getState().flow).length).toBe(length);
          afterSave();
          autosave.flush();
          const fits = over <= 0;
          expect(storage.writes).toBe(fits ? 1 : 0);
          if (fits) expect(stored().flowText).toBe(serializeFlow(store.getState().flow));
          expect(store.getState().storage.state).toBe(fits || library ? 'saved' : 'error');
          expect(autosave.holds(store.getState().flow)).toBe(fits);
        }),
        { numRuns: 120 },
      );
    });

    it('a flow another tab stored, longer than the limit of this tab, is known to be held without writing it', () => {
      autosave.stop();
      autosave = startAutosave({ store, read: parseFlow, storage, events: events as unknown as Window, delayMs: 400, tabId: 'me', flowId: () => 'entry-a', maxChars: 10 });
      edit(5);
      // Another tab (with a higher limit) stores this very flow before this tab's save comes round.
      otherTabSaves(store.getState().flow);
      afterSave();
      expect(storage.writes).toBe(0);
      expect(autosave.holds(store.getState().flow)).toBe(true);
      edit(6);
      afterSave();
      expect(storage.writes).toBe(0);
      expect(autosave.holds(store.getState().flow)).toBe(false);
    });

    it('without the library, says it is not saved and how to keep it', () => {
      restart(null);
      grow();
      afterSave();
      expect(storage.writes).toBe(0);
      expect(store.getState().storage).toMatchObject({ state: 'error', message: expect.stringMatching(/too large .* export it/) });
    });
  });

  it('shows when the browser gives no storage at all', () => {
    autosave.stop();
    autosave = startAutosave({ store, read: parseFlow, storage: null, delayMs: 400 });
    edit(1);
    afterSave();
    expect(store.getState().storage.state).toBe('unavailable');
  });

  describe('with the library (each save names the open entry)', () => {
    let mine: string | null;
    beforeEach(() => {
      autosave.stop();
      mine = 'entry-a';
      autosave = startAutosave({ store, read: parseFlow, storage, events: events as unknown as Window, delayMs: 400, tabId: 'me', now: () => 5000, flowId: () => mine });
    });
    const otherTabSavesEntry = (flow: Flow, flowId: string) => {
      const text = JSON.stringify({ ...JSON.parse(record(flow, 'other', 9000)), flowId });
      storage.items.set(STORAGE_KEY, text);
      events.dispatchEvent(Object.assign(new Event('storage'), { key: STORAGE_KEY, newValue: text }));
    };

    it('writes the entry into the record, and reads it back', () => {
      edit(1);
      autosave.flush();
      expect(stored().flowId).toBe('entry-a');
      const read = readStoredText(storage.getItem(STORAGE_KEY)!);
      expect(read.ok && read.record.flowId).toBe('entry-a');
    });

    it('a tab saving another entry is no conflict; the same entry is', () => {
      const theirs = myFlow();
      theirs.name = 'Theirs';
      otherTabSavesEntry(theirs, 'entry-b');
      expect(store.getState().storage.conflict).toBeNull();
      edit(2);
      afterSave();
      expect(store.getState().storage.state).toBe('saved');
      otherTabSavesEntry(theirs, 'entry-a');
      expect(store.getState().storage.state).toBe('conflict');
    });

    it('a record from before the library (no entry) still opens a conflict', () => {
      const theirs = myFlow();
      theirs.name = 'Theirs';
      otherTabSaves(theirs);
      expect(store.getState().storage.state).toBe('conflict');
    });
  });

  it('detects another tab saving a different flow, stops autosaving, and "keep mine" overwrites theirs', () => {
    const theirs = myFlow();
    theirs.name = 'Theirs';
    otherTabSaves(theirs);
    const status = store.getState().storage;
    expect(status.state).toBe('conflict');
    expect(status.conflict).toMatchObject({ tabId: 'other', savedAt: 9000, flowText: serializeFlow(theirs) });
    // While the conflict is open, edits are not saved over theirs.
    edit(7);
    vi.advanceTimersByTime(2000);
    expect(stored().tabId).toBe('other');
    autosave.keepMine();
    expect(store.getState().storage.conflict).toBeNull();
    expect(stored().tabId).toBe('me');
    expect(stored().flowText).toBe(serializeFlow(store.getState().flow));
  });

  it('a tab closed with a conflict open keeps its flow under a backup key, once, and leaves theirs in place', () => {
    const theirs = myFlow();
    theirs.name = 'Theirs';
    otherTabSaves(theirs);
    edit(9);
    autosave.flush();
    autosave.flush();
    const backups = [...storage.items.keys()].filter((k) => k.startsWith(BACKUP_PREFIX));
    expect(backups).toEqual([`${BACKUP_PREFIX}5000`]);
    const kept = JSON.parse(storage.getItem(backups[0]!)!) as StoredFlow;
    expect(kept.flowText).toBe(serializeFlow(store.getState().flow));
    expect(stored().tabId).toBe('other');
    // And a backup record reads back like a saved one.
    expect(readStoredText(storage.getItem(backups[0]!)!).ok).toBe(true);
    // Listed for the library's next start (which keeps it where the user finds it), once; the
    // listing forgets it when it is kept, and the backup itself stays.
    expect(setAsideCopies(storage)).toEqual([{ key: `${BACKUP_PREFIX}5000`, flowText: kept.flowText, savedAt: 5000, ...(kept.flowId ? { flowId: kept.flowId } : {}) }]);
    forgetSetAside(storage, `${BACKUP_PREFIX}5000`);
    expect(setAsideCopies(storage)).toEqual([]);
    expect(storage.getItem(backups[0]!)).not.toBeNull();
  });

  it('"reload theirs" loads the other tab’s flow as an undoable step', () => {
    const mine = store.getState().flow;
    const theirs = myFlow();
    theirs.name = 'Theirs';
    otherTabSaves(theirs);
    autosave.reloadTheirs();
    expect(store.getState().flow.name).toBe('Theirs');
    expect(store.getState().storage.conflict).toBeNull();
    vi.advanceTimersByTime(1000);
    expect(stored().tabId).toBe('other'); // nothing to save: we hold what is stored
    store.getState().undo();
    expect(store.getState().flow).toEqual(mine);
  });

  it('ignores its own saves, other keys, and another tab saving the same flow', () => {
    otherTabSaves(store.getState().flow, 'other');
    expect(store.getState().storage.conflict).toBeNull();
    otherTabSaves(emptyFlow('x'), 'me');
    expect(store.getState().storage.conflict).toBeNull();
    events.dispatchEvent(Object.assign(new Event('storage'), { key: 'something-else', newValue: 'x' }));
    expect(store.getState().storage.conflict).toBeNull();
  });
});

describe('the save of a large flow, spread over tasks (issue 18 item 9)', () => {
  let store: EditorStore;
  let storage: MemoryStorage;
  let win: EventTarget;
  let autosave: Autosave;
  const move = (x: number) => store.getState().edit('Move', (d) => void (d.modules[3]!.position = { x, y: 0 }));
  const storedText = () => readStoredText(storage.getItem(STORAGE_KEY)!);

  beforeEach(() => {
    vi.useFakeTimers();
    store = createEditorStore(generateFlow({ modules: 60, seed: 9 }));
    storage = new MemoryStorage();
    win = new EventTarget();
    autosave = startAutosave({ store, read: parseFlow, storage, delayMs: 400, tabId: 'me', itemsPerTask: 10 });
    win.addEventListener('pagehide', () => autosave.flush());
  });
  afterEach(() => {
    autosave.stop();
    vi.useRealTimers();
  });

  it('writes out the modules and edges a few per task, then makes the record and stores it, each in a task of its own', () => {
    const items = store.getState().flow.modules.length + store.getState().flow.edges.length;
    move(1);
    vi.advanceTimersByTime(400);
    let tasks = 1;
    while (storage.writes === 0 && vi.getTimerCount() > 0) {
      vi.advanceTimersToNextTimer();
      tasks++;
    }
    expect(storage.writes).toBe(1);
    // ceil(items / 10) tasks write the items out, one more makes the record, one more stores it.
    expect(tasks).toBe(Math.ceil(items / 10) + 2);
    const read = storedText();
    expect(read.ok && read.record.flowText).toBe(serializeFlow(store.getState().flow));
    // The next edit writes out only what it changed: one task for the text, one for the record, one for the write.
    move(2);
    vi.advanceTimersByTime(400);
    vi.advanceTimersToNextTimer();
    expect(storage.writes).toBe(1);
    vi.advanceTimersToNextTimer();
    expect(storage.writes).toBe(2);
  });

  it('an edit in the middle starts over from that edit: what is stored is the last flow', () => {
    move(1);
    vi.advanceTimersByTime(400);
    vi.advanceTimersToNextTimer();
    move(2);
    vi.runAllTimers();
    expect(storage.writes).toBe(1);
    const read = storedText();
    expect(read.ok && read.record.flowText).toBe(serializeFlow(store.getState().flow));
    expect(read.ok && read.record.flowText).toContain('"x": 2,');
  });

  it('a tab closed at any step still stores its last edit, at once', () => {
    for (let steps = 0; steps < 12; steps++) {
      const before = storage.writes;
      move(100 + steps);
      vi.advanceTimersByTime(400);
      for (let i = 0; i < steps && vi.getTimerCount() > 0; i++) vi.advanceTimersToNextTimer();
      if (storage.writes > before) move(200 + steps); // already stored: the tab closes right after one more edit
      win.dispatchEvent(new Event('pagehide'));
      const read = storedText();
      expect(read.ok && read.record.flowText).toBe(serializeFlow(store.getState().flow));
      expect(vi.getTimerCount()).toBe(0);
    }
  });
});

describe('initPersistence', () => {
  it('restores into the editor’s store, autosaves, and flushes when the page is hidden', () => {
    vi.useFakeTimers();
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, record(myFlow(), 'earlier-tab'));
    const win = new EventTarget();
    const store = createEditorStore();
    const autosave = initPersistence(store, win as unknown as Window, storage, parseFlow);
    expect(store.getState().flow.name).toBe('Mine');
    expect(store.getState().canUndo).toBe(false);
    store.getState().edit('Duration', (d) => setAssumption(d, 'm2', 'durationSec', 12));
    expect(storage.writes).toBe(1); // only the record written by this test
    win.dispatchEvent(new Event('pagehide'));
    expect(storage.writes).toBe(2);
    const saved = JSON.parse(storage.getItem(STORAGE_KEY)!) as StoredFlow;
    expect(saved.flowText).toBe(serializeFlow(store.getState().flow));
    autosave.stop();
    vi.useRealTimers();
  });

  it('leaving the page asks first only while the library has a save to write of a flow the working copy cannot hold', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, record(myFlow(), 'earlier-tab'));
    const win = new EventTarget();
    const store = createEditorStore();
    let libraryPending = true;
    const autosave = initPersistence(store, win as unknown as Window, storage, parseFlow, {
      flowId: () => 'entry-a',
      libraryPending: () => libraryPending,
      maxChars: serializeFlow(myFlow()).length + 200,
    });
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true });
      win.dispatchEvent(event);
      return event.defaultPrevented ? 'asks' : 'leaves';
    };
    // A small edit: the working copy takes it as the page goes, so nothing is lost whatever the library does.
    store.getState().edit('Duration', (d) => setAssumption(d, 'm2', 'durationSec', 12));
    expect(leave()).toBe('leaves');
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!).flowText).toBe(serializeFlow(store.getState().flow));
    // Too large for the working copy: only the library keeps it.
    store.getState().edit('Add modules', (d) => {
      for (let i = 0; i < 20; i++) addModule(d, 'action', { x: 0, y: 200 + 100 * i });
    });
    expect(leave()).toBe('asks');
    libraryPending = false; // the library's save has landed
    expect(leave()).toBe('leaves');
    autosave.stop();
    libraryPending = true;
    expect(leave()).toBe('leaves'); // stopped: no more listening
  });

  it('tells the user when stored data was corrupt, and shows storage as unavailable without storage', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, '{ not json');
    const store = createEditorStore();
    const autosave = initPersistence(store, null, storage, parseFlow);
    expect(store.getState().storage.notice).toMatch(/could not be read/);
    expect(store.getState().flow).toEqual(sample());
    autosave.stop();
    const elsewhere = createEditorStore();
    const none = initPersistence(elsewhere, null, null, parseFlow);
    expect(elsewhere.getState().storage.state).toBe('unavailable');
    none.stop();
  });
});

describe('a saved flow that cannot be read and cannot be moved aside (issue 18 item 4)', () => {
  /** A storage with room for the unreadable record and a small flow, but not for a second copy of it. */
  class TightStorage extends MemoryStorage {
    constructor(private room: number) {
      super();
    }
    override setItem(key: string, value: string) {
      let used = value.length;
      for (const [k, v] of this.items) if (k !== key) used += v.length;
      if (used > this.room) throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      super.setItem(key, value);
    }
  }
  const unreadable = JSON.stringify({ storageVersion: 1, savedAt: 1, tabId: 'x', flowText: `{"format":"creditflow","version":2,"modules":[{"id":"m1","type":"webscraper","note":"${'x'.repeat(20_000)}"}]}` });

  it('is left in place, and no edit or page hide saves over it until the user has downloaded it', () => {
    vi.useFakeTimers();
    const storage = new TightStorage(unreadable.length + 10_000);
    storage.setItem(STORAGE_KEY, unreadable);
    const store = createEditorStore();
    const win = new EventTarget();
    const autosave = initPersistence(store, win as unknown as Window, storage, parseFlow);
    expect(store.getState().flow).toEqual(sample());
    expect(store.getState().storage.unreadable).toEqual(expect.objectContaining({ key: STORAGE_KEY, leftInPlace: true, repairable: true }));
    expect(store.getState().storage.state).toBe('held');

    store.getState().edit('Rename', (d) => void (d.name = 'First edit'));
    vi.advanceTimersByTime(5_000);
    win.dispatchEvent(new Event('pagehide'));
    expect(storage.getItem(STORAGE_KEY)).toBe(unreadable);
    expect(store.getState().storage.state).toBe('held');

    // downloading it ends the hold: the flow is saved from then on
    expect(autosave.takeUnreadable()).toBe(unreadable);
    expect(store.getState().storage.state).toBe('saved');
    expect(JSON.parse(JSON.parse(storage.getItem(STORAGE_KEY)!).flowText).name).toBe('First edit');
    autosave.stop();
    vi.useRealTimers();
  });

  it('a copy moved aside is offered too, and autosave goes on as before', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, unreadable);
    const store = createEditorStore();
    const autosave = initPersistence(store, null, storage, parseFlow);
    const copy = store.getState().storage.unreadable!;
    expect(copy.leftInPlace).toBe(false);
    expect(storage.getItem(copy.key)).toBe(unreadable);
    expect(autosave.takeUnreadable()).toBe(unreadable);
    autosave.stop();
  });
});
