import { describe, expect, it } from 'vitest';
import { createStateCell } from './stateCell';

describe('a state cell', () => {
  it('merges each patch into a new value and tells the listeners still subscribed', () => {
    const cell = createStateCell({ status: 'idle', progress: 0 });
    const first = cell.get();
    const seen: string[] = [];
    const stop = cell.subscribe(() => seen.push(`${cell.get().status} ${cell.get().progress}`));
    cell.set({ status: 'running' });
    cell.set({ progress: 0.5 });
    stop();
    cell.set({ status: 'done' });
    expect(seen).toEqual(['running 0', 'running 0.5']);
    expect(cell.get()).toEqual({ status: 'done', progress: 0.5 });
    expect(first).toEqual({ status: 'idle', progress: 0 });
  });
});
