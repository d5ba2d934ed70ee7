/**
 * The app's restore without the file reader's code (zod) in the first download: a plain saved flow
 * reads at once; any other waits for `readyToRestore`, which loads the reader (createEditor).
 */
import { describe, expect, it } from 'vitest';
import { testEditor } from './testing';
import { STORAGE_KEY, BACKUP_PREFIX, type StorageLike } from '../store/persistence';
import { serializeFlow } from '../io/serialize';
import { parseFlow } from '../io/parse';
import { generateFlow } from '../model/generate';
import { defaultSampleFlow } from '../io/samples/index';

function memory(): StorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

const record = (flowText: string) => JSON.stringify({ storageVersion: 1, savedAt: 1, tabId: 'x', flowText });

/** An editor as the app makes it: no parseFlow given, its code loaded only when needed. */
function appEditor(stored?: string) {
  const storage = memory();
  if (stored !== undefined) storage.setItem(STORAGE_KEY, stored);
  return { editor: testEditor({ storage, parseFlow: undefined }), storage };
}

describe('restoring the saved flow without zod in the first download', () => {
  it('restores a plain saved flow as parseFlow reads it, with or without readyToRestore', async () => {
    const text = serializeFlow(generateFlow({ modules: 40, seed: 5, rangeShare: 0.3 }));
    const expected = parseFlow(text);
    if (!expected.ok) throw new Error('the generated flow must parse');
    const first = appEditor(record(text));
    await first.editor.readyToRestore();
    first.editor.startPersistence(null);
    expect(first.editor.store.getState().flow).toEqual(expected.value);
    const second = appEditor(record(text));
    second.editor.startPersistence(null);
    expect(second.editor.store.getState().flow).toEqual(expected.value);
    expect(second.editor.store.getState().storage.unreadable).toBeUndefined();
  });

  it('opens the default sample on a first visit without the reader', () => {
    const { editor } = appEditor();
    editor.startPersistence(null);
    expect(editor.store.getState().flow).toEqual(defaultSampleFlow());
  });

  it('waits for the reader for a saved flow that is not plain (an older version), then migrates it as before', async () => {
    const file = JSON.parse(serializeFlow(defaultSampleFlow())) as Record<string, unknown>;
    file.version = 2;
    file.name = 'Saved in version 2';
    const { editor } = appEditor(record(JSON.stringify(file)));
    await editor.readyToRestore();
    editor.startPersistence(null);
    expect(editor.store.getState().flow.name).toBe('Saved in version 2');
    expect(editor.store.getState().storage.notice).toMatch(/older version \(file version 2\)/);
  });

  it('refuses a broken saved flow with parseFlow’s own message, once ready', async () => {
    const broken = record('{"format":"creditflow","version":3,"modules":[{"id":"m1","type":"webscraper"}]}');
    const { editor, storage } = appEditor(broken);
    await editor.readyToRestore();
    editor.startPersistence(null);
    const unreadable = editor.store.getState().storage.unreadable;
    expect(unreadable?.problem).toMatch(/webscraper/);
    expect(storage.items.get(unreadable!.key)).toBe(broken);
  });

  it('keeps a saved flow it cannot read yet (started without readyToRestore) under a backup key, never loses it', () => {
    const file = JSON.parse(serializeFlow(defaultSampleFlow())) as Record<string, unknown>;
    file.version = 2;
    const stored = record(JSON.stringify(file));
    const { editor, storage } = appEditor(stored);
    editor.startPersistence(null);
    const unreadable = editor.store.getState().storage.unreadable;
    expect(unreadable?.key.startsWith(BACKUP_PREFIX)).toBe(true);
    expect(storage.items.get(unreadable!.key)).toBe(stored);
  });
});
