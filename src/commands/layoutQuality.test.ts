import { describe, expect, it } from 'vitest';
import { layoutQuality, type PlacedBox } from './layoutQuality';

const box = (id: string, x: number, y: number, width = 100, height = 40): PlacedBox => ({ id, x, y, width, height });

describe('layout quality', () => {
  it('counts the pairs of modules that overlap; side by side or touching is no overlap', () => {
    expect(layoutQuality([box('a', 0, 0), box('b', 100, 0), box('c', 0, 40)], []).overlaps).toBe(0);
    expect(layoutQuality([box('a', 0, 0), box('b', 50, 20), box('c', 99, 39)], []).overlaps).toBe(3);
    expect(layoutQuality([box('a', 0, 0), box('b', 0, 200), box('c', 10, 5, 10, 10)], []).overlaps).toBe(1);
  });

  it('counts edges that cross, not edges that share a module nor edges side by side', () => {
    const row = [box('a', 0, 0), box('b', 200, 0), box('c', 0, 200), box('d', 200, 200)];
    // a→d and b→c cross in the middle; a→c and b→d run side by side.
    expect(layoutQuality(row, [{ source: 'a', target: 'd' }, { source: 'b', target: 'c' }]).crossings).toBe(1);
    expect(layoutQuality(row, [{ source: 'a', target: 'c' }, { source: 'b', target: 'd' }]).crossings).toBe(0);
    // a→c and a→d share a; a→d and b→d share d.
    expect(layoutQuality(row, [{ source: 'a', target: 'c' }, { source: 'a', target: 'd' }, { source: 'b', target: 'd' }]).crossings).toBe(0);
  });

  it("measures the edges from the source's bottom middle to the target's top middle, the upward ones, and the area", () => {
    const q = layoutQuality(
      [box('a', 0, 0), box('b', 0, 100), box('c', 300, -200)],
      [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'a', target: 'gone' },
      ],
    );
    expect(q.edgeLength).toBe(Math.round(60 + Math.hypot(300, 340)));
    expect(q.upwardEdges).toBe(1);
    expect([q.width, q.height]).toEqual([400, 340]);
    expect(layoutQuality([], [])).toEqual({ overlaps: 0, crossings: 0, edgeLength: 0, upwardEdges: 0, width: 0, height: 0 });
  });

  it('finds every crossing of many edges, as a check of each pair would', () => {
    // Two rows of 30 modules, each top module joined to a bottom one in reverse order: every pair crosses.
    const top = Array.from({ length: 30 }, (_, i) => box(`t${i}`, i * 150, 0));
    const bottom = Array.from({ length: 30 }, (_, i) => box(`b${i}`, i * 150, 400));
    const edges = top.map((_, i) => ({ source: `t${i}`, target: `b${29 - i}` }));
    expect(layoutQuality([...top, ...bottom], edges).crossings).toBe((30 * 29) / 2);
  });
});
