import { describe, expect, it } from 'vitest';
import { computeLayout, createLayoutEngine, elkGraphOf, mainThreadEngine } from './layout';
import { DEFAULT_LAYOUT } from './layoutEngine';
import { emptyFlow } from '../store/editor';
import { connect } from '../store/operations';
import { addModule } from '../store/moduleRecipes';

function branchingFlow() {
  const flow = emptyFlow('Branches');
  addModule(flow, 'trigger', { x: 500, y: 300 }); // m1
  addModule(flow, 'router', { x: 0, y: 0 }); // m2
  addModule(flow, 'action', { x: 0, y: 0 }); // m3
  addModule(flow, 'action', { x: 0, y: 0 }); // m4
  addModule(flow, 'octopus', { x: 0, y: 0 }); // m5
  for (const [a, b] of [['m1', 'm2'], ['m2', 'm3'], ['m2', 'm4'], ['m3', 'm5'], ['m4', 'm5']] as const) {
    const r = connect(flow, a, b);
    if (!r.ok) throw new Error(r.reason);
  }
  return flow;
}

describe('auto-layout', () => {
  it('lays modules out top-down: every edge points down, and modules do not overlap', async () => {
    const flow = branchingFlow();
    const moves = await computeLayout(flow);
    const at = new Map(moves.map((m) => [m.id, m.position]));
    expect(at.size).toBe(5);
    for (const e of flow.edges) expect(at.get(e.target)!.y).toBeGreaterThan(at.get(e.source)!.y);
    const boxes = [...at.values()];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const overlap = Math.abs(a.x - b.x) < DEFAULT_LAYOUT.nodeWidth && Math.abs(a.y - b.y) < DEFAULT_LAYOUT.nodeHeight;
        expect(overlap).toBe(false);
      }
    }
    // Anchored at the old top-left corner.
    expect(Math.min(...boxes.map((p) => p.x))).toBe(0);
    expect(Math.min(...boxes.map((p) => p.y))).toBe(0);
  });

  it('skips edges to missing modules and self-loops instead of failing', async () => {
    const flow = branchingFlow();
    flow.edges.push({ id: 'bad', source: 'm1', target: 'ghost' }, { id: 'self', source: 'm3', target: 'm3' });
    expect(elkGraphOf(flow).edges).toHaveLength(5);
    await expect(computeLayout(flow)).resolves.toHaveLength(5);
    await expect(computeLayout(emptyFlow())).resolves.toEqual([]);
  });

  it("lays a flow out with elk's layered layout, whatever its size (no hand-written layout)", async () => {
    const chainOf = (modules: number) => {
      const flow = emptyFlow('Chain');
      for (let i = 0; i < modules; i++) addModule(flow, i === 0 ? 'trigger' : 'action', { x: 300 * i, y: 0 });
      for (let i = 1; i < modules; i++) connect(flow, `m${i}`, `m${i + 1}`);
      return flow;
    };
    const chain = chainOf(40);
    const elk = await mainThreadEngine(elkGraphOf(chain), new AbortController().signal);
    const moves = await computeLayout(chain, {}, { engine: createLayoutEngine() });
    // elk's, anchored at the flow's top-left corner (0, 0) as every layout is.
    const placed = elk.children ?? [];
    const left = Math.min(...placed.map((c) => c.x ?? 0));
    const top = Math.min(...placed.map((c) => c.y ?? 0));
    expect(moves).toEqual(placed.map((c) => ({ id: c.id, position: { x: Math.round((c.x ?? 0) - left), y: Math.round((c.y ?? 0) - top) } })));
  }, 60_000);
});
