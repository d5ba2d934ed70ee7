// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { renderWithEditor, testEditor } from '../../editor/testing';
import { ImportClient } from '../../workers/importClient';
import type { ImportRequest, ImportReply } from '../../workers/protocol';
import { ImportProgress, SHOW_PROGRESS_AFTER_MS, importStageText } from './ImportProgress';

/** A worker that never answers unless told: the import stays in flight. */
class SilentWorker {
  posted: ImportRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<ImportReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: ImportRequest) {
    this.posted.push(message);
  }
  terminate() {
    this.terminated = true;
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ImportProgress', () => {
  it('shows nothing for the first half second, then the file, its stage and Cancel; Cancel leaves the flow as it was', async () => {
    vi.useFakeTimers();
    const worker = new SilentWorker();
    const editor = testEditor({ importClient: () => new ImportClient({ createWorker: () => worker, mainThreadBelowBytes: 0 }) });
    const flowBefore = editor.store.getState().flow;
    renderWithEditor(<ImportProgress />, editor);
    const client = await act(() => editor.importer());
    let outcome: Promise<unknown> = Promise.resolve();
    act(() => {
      outcome = client.read(new Blob(['{}']), { fileName: 'big.json' });
    });
    expect(screen.queryByTestId('import-progress')).toBeNull();
    act(() => vi.advanceTimersByTime(SHOW_PROGRESS_AFTER_MS));
    expect(screen.getByTestId('import-progress').textContent).toContain('Opening “big.json”');
    act(() => worker.onmessage?.({ data: { type: 'progress', id: 1, progress: { stage: 'reading', loaded: 1_572_864, total: 3_879_731 } } } as MessageEvent<ImportReply>));
    expect(screen.getByTestId('import-progress').textContent).toContain('Reading 1.5 of 3.7 MB');
    act(() => fireEvent.click(screen.getByTestId('import-cancel')));
    expect(await outcome).toEqual({ cancelled: true });
    expect(screen.queryByTestId('import-progress')).toBeNull();
    expect(worker.terminated).toBe(true);
    expect(editor.store.getState().flow).toBe(flowBefore);
  });

  it('the library\'s reopening of a large entry: the same panel, named for the entry, its own Cancel; a drop\'s panel is not shown for it', async () => {
    vi.useFakeTimers();
    const worker = new SilentWorker();
    const editor = testEditor({ importClient: () => new ImportClient({ createWorker: () => worker, mainThreadBelowBytes: 0 }) });
    renderWithEditor(
      <>
        <ImportProgress />
        <ImportProgress library />
      </>,
      editor,
    );
    let outcome: Promise<unknown> = Promise.resolve();
    act(() => {
      outcome = editor.libraryReader()!.read(new Blob(['{}']), { fileName: 'Big flow', as: 'creditflow' });
    });
    act(() => vi.advanceTimersByTime(SHOW_PROGRESS_AFTER_MS));
    expect(screen.getByTestId('library-progress').textContent).toContain('Opening “Big flow” from the library');
    expect(screen.queryByTestId('import-progress')).toBeNull();
    act(() => fireEvent.click(screen.getByTestId('library-cancel')));
    expect(await outcome).toEqual({ cancelled: true });
    expect(screen.queryByTestId('library-progress')).toBeNull();
    expect(worker.terminated).toBe(true);
    // Opening the flow read (frozen, priced) shows at once, with the same Cancel.
    let live = () => true;
    act(() => {
      live = editor.libraryReader()!.beginOpening(400).live;
    });
    expect(screen.getByTestId('library-progress').textContent).toContain('Opening 400 modules…');
    act(() => fireEvent.click(screen.getByTestId('library-cancel')));
    expect(live()).toBe(false);
  });

  it('says what the import does in words', () => {
    expect(importStageText({ progress: null })).toBe('Starting…');
    expect(importStageText({ progress: { stage: 'parsing', loaded: 5, total: 5 } })).toBe('Checking the flow…');
    expect(importStageText({ progress: { stage: 'checking', loaded: 0, total: 10_000 } })).toBe('Finding problems in 10,000 modules…');
  });
});
