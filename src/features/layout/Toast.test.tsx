// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithEditor, testEditor } from '../../editor/testing';
import { Toast, TOAST_MS } from './Toast';

describe('Toast', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('a new toast replaces the shown one and gets the full time again, even with the same text', () => {
    const editor = testEditor();
    renderWithEditor(<Toast />, editor);
    act(() => editor.store.getState().showToast('info', 'First'));
    act(() => vi.advanceTimersByTime(TOAST_MS - 1000));
    act(() => editor.store.getState().showToast('info', 'First'));
    act(() => vi.advanceTimersByTime(2000));
    expect(screen.getByTestId('toast').textContent).toBe('First');
    act(() => editor.store.getState().showToast('warning', 'Second'));
    expect(screen.getAllByTestId('toast')).toHaveLength(1);
    expect(screen.getByTestId('toast').textContent).toBe('Second');
    act(() => vi.advanceTimersByTime(TOAST_MS - 1));
    expect(screen.queryByTestId('toast')).not.toBeNull();
    act(() => vi.advanceTimersByTime(1));
    expect(screen.queryByTestId('toast')).toBeNull();
  });

  it('has a dismiss button', () => {
    const editor = testEditor();
    renderWithEditor(<Toast />, editor);
    act(() => editor.store.getState().showToast('error', 'Broken'));
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('toast')).toBeNull();
    expect(editor.store.getState().ui.toast).toBeNull();
  });
});
