/**
 * The panels' buttons run commands of the registry: the Trace tab's play button, Space key and speed
 * list run `trace.playPause` and `trace.speed` (like its step buttons); the import's and the
 * calibration's Cancel run `file.cancelImport` and `calibration.cancel`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { smallLoop } from '../model/testing/flowOf';
import { testEditor } from './testing';
import type { ImportClient } from '../workers/importClient';

afterEach(() => void vi.useRealTimers());

const flow = smallLoop;

describe('the trace player commands', () => {
  it('are in the registry, disabled until there is a trace to play', async () => {
    const editor = testEditor({ flow: flow() });
    const { commands } = editor;
    expect(commands.get('trace.playPause')).toBeDefined();
    expect(commands.get('trace.speed')?.hidden).toBe(true);
    expect(commands.isEnabled(commands.get('trace.playPause')!)).toBe(false);
    expect(await commands.run('trace.playPause')).toBe(false);
    await commands.run('trace.run', { seed: 3 });
    expect(commands.isEnabled(commands.get('trace.playPause')!)).toBe(true);
  });

  it('play / pause toggles the player, and the speed sets how fast it steps', async () => {
    const editor = testEditor({ flow: flow() });
    const { commands } = editor;
    await commands.run('trace.run', { seed: 3 });
    vi.useFakeTimers();
    const view = () => editor.trace.store.getState();
    expect(await commands.run('trace.speed', 5)).toBe(true);
    expect(view().speed).toBe(5);
    await commands.run('trace.playPause');
    expect(view().playing).toBe(true);
    vi.advanceTimersByTime(400);
    expect(view().index).toBe(2);
    await commands.run('trace.playPause');
    expect(view().playing).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(view().index).toBe(2);
    // A speed the list does not offer changes nothing.
    await commands.run('trace.speed', 7);
    expect(view().speed).toBe(5);
    // Playing again runs to the end and stops; disposing the editor stops a player too.
    await commands.run('trace.playPause');
    vi.advanceTimersByTime(10_000);
    expect(view().index).toBe(view().trace!.steps.length - 1);
    expect(view().playing).toBe(false);
    await commands.run('trace.playPause');
    expect(view().playing).toBe(true);
    editor.dispose();
    expect(view().playing).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('Cancel buttons run commands', () => {
  it('file.cancelImport ends the import client’s read; calibration.cancel is enabled only while a calibration runs', async () => {
    let cancelled = 0;
    const editor = testEditor({ importClient: () => ({ cancel: () => void cancelled++ }) as unknown as ImportClient });
    // Before any import there is no client (its code has not loaded): nothing to cancel.
    expect(await editor.commands.run('file.cancelImport')).toBe(true);
    expect(cancelled).toBe(0);
    await editor.importer();
    expect(await editor.commands.run('file.cancelImport')).toBe(true);
    expect(cancelled).toBe(1);
    expect(editor.commands.isEnabled(editor.commands.get('calibration.cancel')!)).toBe(false);
    expect(await editor.commands.run('calibration.cancel')).toBe(false);
  });
});
