import { describe, expect, it } from 'vitest';
import { movesToCommit, withMoves } from './dragPreview';

describe('drag preview', () => {
  it('keeps the latest position of each module being dragged, without changing the map it was given', () => {
    const first = withMoves(null, [{ id: 'a', position: { x: 1, y: 2 } }]);
    const second = withMoves(first, [
      { id: 'a', position: { x: 5, y: 6 } },
      { id: 'b', position: { x: 0, y: 9 } },
    ]);
    expect([...first]).toEqual([['a', { x: 1, y: 2 }]]);
    expect([...second]).toEqual([
      ['a', { x: 5, y: 6 }],
      ['b', { x: 0, y: 9 }],
    ]);
  });

  it('commits what the preview shows, with the positions reported at the drop taking precedence', () => {
    const preview = withMoves(null, [
      { id: 'a', position: { x: 5, y: 6 } },
      { id: 'b', position: { x: 0, y: 9 } },
    ]);
    expect(movesToCommit(preview, [{ id: 'b', position: { x: 16, y: 16 } }])).toEqual([
      { id: 'a', position: { x: 5, y: 6 } },
      { id: 'b', position: { x: 16, y: 16 } },
    ]);
    expect(movesToCommit(null, [{ id: 'c', position: { x: 1, y: 1 } }])).toEqual([{ id: 'c', position: { x: 1, y: 1 } }]);
    expect(movesToCommit(new Map(), [])).toEqual([]);
  });
});
