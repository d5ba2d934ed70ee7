// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { renderWithEditor, testEditor, type TestEditor } from '../../editor/testing';
import { CommandButton } from './CommandButton';

let editor: TestEditor;
afterEach(() => {
  cleanup();
  editor.dispose();
});

describe('the toolbar’s Undo and Redo follow the edits’ queue (review 3)', () => {
  it('are offered as soon as an edit waits for the commands’ code, and Redo is withdrawn once the queue has drained', async () => {
    // A fresh editor: the commands' code (loadedLater.ts) has not loaded, so a plan change waits for it.
    editor = testEditor();
    renderWithEditor(
      <>
        <CommandButton id="edit.undo" />
        <CommandButton id="edit.redo" />
      </>,
      editor,
    );
    const undo = screen.getByTestId('cmd-edit.undo') as HTMLButtonElement;
    const redo = screen.getByTestId('cmd-edit.redo') as HTMLButtonElement;
    expect([undo.disabled, redo.disabled]).toEqual([true, true]);
    let landed: Promise<boolean> = Promise.resolve(false);
    act(() => {
      landed = editor.commands.run('platforms.setPlan', { platform: 'n8n', index: 1, monthlyPrice: 80 });
    });
    // Waiting: the shortcut would take an undo now, so the button offers it too.
    expect(editor.store.getState().canUndo).toBe(false);
    expect([undo.disabled, redo.disabled]).toEqual([false, false]);
    await act(async () => {
      await landed;
    });
    await waitFor(() => expect(editor.commands.queue.getState().pending).toBe(false));
    // Landed: Undo stays (the step is there), Redo goes (nothing undone, nothing waiting).
    await waitFor(() => expect([undo.disabled, redo.disabled]).toEqual([false, true]));
  });
});
