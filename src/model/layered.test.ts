import { describe, expect, it } from 'vitest';
import { layOutLayered, type LayeredGraph } from './layered';
import { generateFlow } from './generate';

const SPACING = { nodeGap: 48, layerGap: 72 };
const W = 240;
const H = 80;

function graphOf(ids: string[], edges: [string, string][]): LayeredGraph {
  return { children: ids.map((id) => ({ id, width: W, height: H })), edges: edges.map(([s, t]) => ({ sources: [s], targets: [t] })) };
}

function generated(modules: number, seed: number): { graph: LayeredGraph; edges: [string, string][] } {
  const flow = generateFlow({ modules, seed });
  const edges = flow.edges.map((e) => [e.source, e.target] as [string, string]);
  return { graph: graphOf(flow.modules.map((m) => m.id), edges), edges };
}

/** Two boxes overlap, or come closer than the gap within a layer. */
function crowded(placed: { x: number; y: number }[]): boolean {
  const rows = new Map<number, number[]>();
  for (const p of placed) rows.set(p.y, [...(rows.get(p.y) ?? []), p.x]);
  for (const xs of rows.values()) {
    xs.sort((a, b) => a - b);
    for (let i = 1; i < xs.length; i++) if (xs[i]! - xs[i - 1]! < W + SPACING.nodeGap - 1e-6) return true;
  }
  return false;
}

describe('layOutLayered', () => {
  it('places every module below the modules leading to it, without overlaps, from the top-left corner', () => {
    for (const [modules, seed] of [
      [30, 1],
      [400, 2],
      [2000, 3],
    ] as const) {
      const { graph, edges } = generated(modules, seed);
      const placed = layOutLayered(graph, SPACING);
      expect(placed).toHaveLength(modules);
      const at = new Map(placed.map((p) => [p.id, p]));
      // The generated flows have no loops: every edge points down.
      for (const [s, t] of edges) expect(at.get(t)!.y).toBeGreaterThan(at.get(s)!.y);
      expect(crowded(placed)).toBe(false);
      expect(Math.min(...placed.map((p) => p.x))).toBe(0);
      expect(Math.min(...placed.map((p) => p.y))).toBe(0);
      // Layers are a module's height and the layer gap apart.
      for (const p of placed) expect(p.y % (H + SPACING.layerGap)).toBe(0);
    }
  });

  it('puts the branches of a router side by side under it, and the module they join below both', () => {
    const placed = layOutLayered(graphOf(['t', 'r', 'a', 'b', 'j'], [['t', 'r'], ['r', 'a'], ['r', 'b'], ['a', 'j'], ['b', 'j']]), SPACING);
    const at = new Map(placed.map((p) => [p.id, p]));
    expect(at.get('a')!.y).toBe(at.get('b')!.y);
    expect(Math.abs(at.get('a')!.x - at.get('b')!.x)).toBeGreaterThanOrEqual(W + SPACING.nodeGap);
    // The router sits over the middle of its branches, and the join under it.
    expect(at.get('r')!.x).toBeCloseTo((at.get('a')!.x + at.get('b')!.x) / 2, 6);
    expect(at.get('j')!.x).toBeCloseTo(at.get('r')!.x, 6);
    expect(at.get('j')!.y).toBeGreaterThan(at.get('a')!.y);
  });

  it('lays out loops, self-loops, edges to missing modules and separate pieces without failing', () => {
    const placed = layOutLayered(
      graphOf(['a', 'b', 'c', 'd', 'e'], [['a', 'b'], ['b', 'c'], ['c', 'a'], ['d', 'd'], ['e', 'ghost'], ['ghost', 'a']]),
      SPACING,
    );
    expect(placed.map((p) => p.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(crowded(placed)).toBe(false);
    const at = new Map(placed.map((p) => [p.id, p]));
    // The loop's first module is on top; the edge back up is the one reversed.
    expect(at.get('a')!.y).toBeLessThan(at.get('b')!.y);
    expect(at.get('b')!.y).toBeLessThan(at.get('c')!.y);
    expect(layOutLayered({}, SPACING)).toEqual([]);
  });

  it('gives the same layout for the same flow', () => {
    const { graph } = generated(300, 9);
    expect(layOutLayered(graph, SPACING)).toEqual(layOutLayered(graph, SPACING));
  });
});
