// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithEditor, testEditor } from '../../editor/testing';
import { indexedDbLibrary } from '../../store/libraryDb';
import { serializeFlow } from '../../io/serialize';
import { asUsersFlow, blankFlowForTest } from '../../store/testing/library';
import { LibraryDialog } from './LibraryDialog';

let dbs = 0;
const FLOWS = 300;

/** An editor whose library holds `n` flows ("Flow 0" the most recently edited) besides the open one. */
async function editorWithFlows(n: number) {
  const storage = indexedDbLibrary(`library-dialog-${++dbs}-${Date.now()}`);
  const flowText = serializeFlow(blankFlowForTest('x'));
  for (let i = 0; i < n; i++) {
    await storage.putFlow({ id: `f${i}`, name: `Flow ${i}`, flowText, modules: 1, perMonth: i, createdAt: 1, updatedAt: 1e12 - i });
  }
  const editor = testEditor({ flow: blankFlowForTest('Open one'), library: storage });
  asUsersFlow(editor.store);
  await (await editor.loadLibrary())!.start(null);
  return editor;
}

const rows = () => screen.queryAllByTestId('library-row');
const indexOf = (el: Element | null) => Number(el?.closest('[data-index]')?.getAttribute('data-index'));

describe('the library dialog', () => {
  afterEach(cleanup);

  it('with hundreds of flows: says how many, renders only a window of rows, and search finds any of them', async () => {
    const editor = await editorWithFlows(FLOWS);
    renderWithEditor(<LibraryDialog />, editor);
    await waitFor(() => expect(screen.getByTestId('library-count').textContent).toBe(`${FLOWS + 1} flows`));
    const drawn = rows().length;
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(40);
    // The open flow was saved last: it heads the list; the rest follow, newest first.
    expect(rows()[0]!.getAttribute('data-name')).toBe('Open one');
    expect(rows()[1]!.getAttribute('data-name')).toBe('Flow 0');

    fireEvent.change(screen.getByTestId('library-search'), { target: { value: 'flow 250' } });
    await waitFor(() => expect(rows().map((r) => r.getAttribute('data-name'))).toEqual(['Flow 250']));
    expect(screen.getByTestId('library-count').textContent).toBe(`1 of ${FLOWS + 1} flows`);
  });

  it('moves between the rows with the keys, rendering the rows it goes to', async () => {
    const editor = await editorWithFlows(FLOWS);
    renderWithEditor(<LibraryDialog />, editor);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    fireEvent.keyDown(screen.getByTestId('library-search'), { key: 'ArrowDown' });
    expect(indexOf(document.activeElement)).toBe(0);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(indexOf(document.activeElement)).toBe(2);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(indexOf(document.activeElement)).toBe(1);

    // End: the list scrolls to the last flow, which is rendered and focused.
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    const list = screen.getByTestId('library-list');
    act(() => {
      list.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(indexOf(document.activeElement)).toBe(FLOWS));
    expect(document.activeElement?.closest('[data-testid="library-row"]')?.getAttribute('data-name')).toBe(`Flow ${FLOWS - 1}`);
    expect(rows().length).toBeLessThan(40);
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    act(() => {
      list.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(indexOf(document.activeElement)).toBe(0));
  });
  it('on a first visit, lists no untouched sample and says it is kept with the first change; after that change it is listed once', async () => {
    const storage = indexedDbLibrary(`library-dialog-${++dbs}-${Date.now()}`);
    const editor = testEditor({ flow: blankFlowForTest('The sample'), library: storage });
    const library = (await editor.loadLibrary())!;
    await library.start(null);
    renderWithEditor(<LibraryDialog />, editor);
    await waitFor(() => expect(screen.getByTestId('library-count').textContent).toBe('0 flows'));
    expect(screen.getByTestId('library-untouched').textContent).toMatch(/“The sample”, open now, is not kept here yet/);
    act(() => editor.store.getState().edit('Rename flow', (d) => void (d.name = 'Mine')));
    await library.flush();
    await act(() => library.refresh());
    expect(rows().map((r) => r.getAttribute('data-name'))).toEqual(['Mine']);
    expect(screen.queryByTestId('library-untouched')).toBeNull();
    library.stop();
    editor.dispose();
  });
});
