import { describe, expect, it } from 'vitest';
import { followingMoves, movesToCommit, withMoves } from './dragPreview';

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

describe('the selected modules React Flow does not hold', () => {
  const placed = new Map([
    ['a', { x: 0, y: 0 }],
    ['b', { x: 100, y: 0 }],
    ['far', { x: 50_000, y: 50_000 }],
    ['other', { x: 10, y: 10 }],
  ]);

  it('move as far as the selected module React Flow moved, in a drag or with an arrow key', () => {
    const moved = [
      { id: 'a', position: { x: 32, y: -16 } },
      { id: 'b', position: { x: 132, y: -16 } },
    ];
    expect(followingMoves(moved, ['a', 'b', 'far'], placed)).toEqual([{ id: 'far', position: { x: 50_032, y: 49_984 } }]);
  });

  it('stay where they are when the module moved is not selected, or did not move', () => {
    expect(followingMoves([{ id: 'other', position: { x: 50, y: 50 } }], ['a', 'far'], placed)).toEqual([]);
    expect(followingMoves([{ id: 'a', position: { x: 0, y: 0 } }], ['a', 'far'], placed)).toEqual([]);
  });
});
