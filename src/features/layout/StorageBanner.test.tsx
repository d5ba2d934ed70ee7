// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { StorageBanner } from './StorageBanner';
import { renderWithEditor, testEditor } from '../../editor/testing';
import { STORAGE_KEY, type StorageLike } from '../../store/persistence';
import { serializeFlow } from '../../io/serialize';
import { defaultSampleFlow } from '../../io/samples/index';

function memory(): StorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
  };
}

afterEach(cleanup);

const record = (flowText: string) => JSON.stringify({ storageVersion: 1, savedAt: 1, tabId: 'x', flowText });

/** An editor started on a storage whose saved flow is `stored`. */
function startedOn(stored: string) {
  const storage = memory();
  storage.setItem(STORAGE_KEY, stored);
  const editor = testEditor({ storage });
  editor.startPersistence(null);
  renderWithEditor(<StorageBanner />, editor);
  return { editor, storage };
}

describe('the banner for a saved flow refused on load (issue 18 item 6)', () => {
  it('downloads the unreadable copy byte for byte', async () => {
    const stored = record('{"format":"creditflow","version":2,"modules":[{"id":"m1","type":"webscraper"}]}');
    const { editor } = startedOn(stored);
    await act(async () => fireEvent.click(screen.getByTestId('download-unreadable')));
    expect(editor.downloads).toEqual([['unreadable-saved-flow.json', stored]]);
  });

  it('repairs once when asked twice while the repair’s code loads (one undo step, not two)', async () => {
    const file = JSON.parse(serializeFlow(defaultSampleFlow()));
    file.name = 'My saved flow';
    file.modules[0].type = 'webscraper';
    const { editor } = startedOn(record(JSON.stringify(file)));
    await Promise.all([editor.commands.run('file.repairUnreadable'), editor.commands.run('file.repairUnreadable')]);
    expect(editor.store.getState().flow.name).toBe('My saved flow');
    act(() => editor.store.getState().undo());
    expect(editor.store.getState().flow.name).toBe(defaultSampleFlow().name);
  });

  it('repairs what parses, opens it, and says what was dropped', async () => {
    const file = JSON.parse(serializeFlow(defaultSampleFlow()));
    file.name = 'My saved flow';
    const broken = file.modules[0];
    broken.type = 'webscraper';
    const { editor } = startedOn(record(JSON.stringify(file)));
    expect(editor.store.getState().flow.name).toBe(defaultSampleFlow().name);

    await act(async () => fireEvent.click(screen.getByTestId('repair-unreadable')));
    // The repair's code loads on first use: the flow opens once it has.
    await waitFor(() => expect(editor.store.getState().flow.name).toBe('My saved flow'));
    const flow = editor.store.getState().flow;
    expect(flow.modules.map((m) => m.id)).not.toContain(broken.id);
    expect(flow.modules).toHaveLength(file.modules.length - 1);
    expect(screen.getByTestId('storage-notice').textContent).toContain(`module '${broken.id}'`);
    // the copy can still be downloaded; the repair is one undo step
    expect(screen.getByTestId('download-unreadable')).toBeTruthy();
    act(() => editor.store.getState().undo());
    expect(editor.store.getState().flow.name).toBe(defaultSampleFlow().name);
  });

  it('offers only the download when the JSON itself is broken, and says so', () => {
    startedOn('{"storageVersion":1,"flowText":"{\\"form');
    expect(screen.getByTestId('storage-notice').textContent).toContain('not valid JSON');
    expect(screen.getByTestId('download-unreadable')).toBeTruthy();
    expect(screen.queryByTestId('repair-unreadable')).toBeNull();
  });

  it('offers only the download once the flow inside the record is not JSON', () => {
    startedOn(record('{"format":'));
    expect(screen.queryByTestId('repair-unreadable')).toBeNull();
    expect(screen.getByTestId('download-unreadable')).toBeTruthy();
  });
});
