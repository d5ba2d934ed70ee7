import { describe, expect, it, vi } from 'vitest';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { emptyFlow } from '../store/editor';
import { connect } from '../store/operations';
import { addModule } from '../store/moduleRecipes';
import { LayoutCancelled, type LayoutEngine } from './layout';
import { testHost } from './testing';

/** Three modules in one row, from (10, 20), chained. */
function chainOfThree() {
  const flow = emptyFlow('Chain');
  (['trigger', 'action', 'action'] as const).forEach((kind, i) => addModule(flow, kind, { x: 10 + 390 * i, y: 20 }));
  for (const [a, b] of [['m1', 'm2'], ['m2', 'm3']] as const) connect(flow, a, b);
  return flow;
}

/** An engine that answers only when told to (a long layout), placing module i at (0, 100 i); abort rejects it. */
function heldEngine() {
  const held: { release: () => void; fail: (error: Error) => void; graphs: ElkNode[] } = { release: () => {}, fail: () => {}, graphs: [] };
  const engine: LayoutEngine = (graph, signal) =>
    new Promise<ElkNode>((resolve, reject) => {
      held.graphs.push(graph);
      held.release = () => resolve({ ...graph, children: (graph.children ?? []).map((c, i) => ({ ...c, x: 0, y: 100 * i })) });
      held.fail = reject;
      signal.addEventListener('abort', () => reject(new LayoutCancelled()), { once: true });
    });
  return { engine, held };
}

describe('auto-layout off the page’s thread', () => {
  it('says it is running while the engine works, takes no second request, and applies in one undo step', async () => {
    const { engine, held } = heldEngine();
    const host = testHost({ flow: chainOfThree(), layoutEngine: engine });
    const done = host.commands.run('view.autoLayout');
    await Promise.resolve();
    expect(host.commands.layout.getState().running).toMatchObject({ modules: 3 });
    // The layout's code (layout.ts) loads with the first layout: the engine is asked once it is here.
    await vi.waitFor(() => expect(held.graphs).toHaveLength(1), { timeout: 10_000 });
    expect(host.commands.isEnabled(host.commands.get('view.autoLayout')!)).toBe(false);
    expect(host.commands.isEnabled(host.commands.get('view.cancelLayout')!)).toBe(true);
    void host.commands.run('view.autoLayout');
    await Promise.resolve();
    expect(held.graphs).toHaveLength(1);
    held.release();
    await done;
    const positions = host.store.getState().flow.modules.map((m) => m.position);
    // Anchored at the old top-left corner (10, 20).
    expect(positions).toEqual([{ x: 10, y: 20 }, { x: 10, y: 120 }, { x: 10, y: 220 }]);
    expect(host.store.getState().past.map((s) => s.label)).toEqual(['Auto-layout']);
    expect(host.commands.layout.getState().running).toBeNull();
  });

  it('Cancel leaves the flow as it was: no move, no undo step, no message, and a new layout can start', async () => {
    const { engine } = heldEngine();
    const host = testHost({ flow: chainOfThree(), layoutEngine: engine });
    const before = host.store.getState().flow;
    const done = host.commands.run('view.autoLayout');
    await Promise.resolve();
    await host.commands.run('view.cancelLayout');
    await done;
    expect(host.store.getState().flow).toBe(before);
    expect(host.store.getState().past).toEqual([]);
    expect(host.store.getState().ui.toast).toBeNull();
    expect(host.commands.layout.getState().running).toBeNull();
    expect(host.commands.isEnabled(host.commands.get('view.autoLayout')!)).toBe(true);
    expect(host.commands.isEnabled(host.commands.get('view.cancelLayout')!)).toBe(false);
  });

  it('an engine that fails says so and leaves the flow as it was', async () => {
    const { engine, held } = heldEngine();
    const host = testHost({ flow: chainOfThree(), layoutEngine: engine });
    const before = host.store.getState().flow;
    const done = host.commands.run('view.autoLayout');
    await vi.waitFor(() => expect(held.graphs).toHaveLength(1), { timeout: 10_000 });
    held.fail(new Error('The layout engine failed to load.'));
    await done;
    expect(host.store.getState().flow).toBe(before);
    expect(host.store.getState().ui.toast).toMatchObject({ kind: 'error', message: expect.stringMatching(/Auto-layout could not run/) });
    expect(host.commands.layout.getState().running).toBeNull();
  });

  it("says so when the layout's code does not download, and the next click lays out", async () => {
    const { engine, held } = heldEngine();
    const host = testHost({ flow: chainOfThree(), layoutEngine: engine });
    const before = host.store.getState().flow;
    vi.doMock('./layout', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    try {
      await host.commands.run('view.autoLayout');
      expect(held.graphs).toHaveLength(0);
      expect(host.store.getState().flow).toBe(before);
      expect(host.store.getState().ui.toast).toMatchObject({ kind: 'error', message: expect.stringMatching(/Auto-layout could not run/) });
      expect(host.commands.layout.getState().running).toBeNull();
    } finally {
      vi.doUnmock('./layout');
    }
    const done = host.commands.run('view.autoLayout');
    await vi.waitFor(() => expect(held.graphs).toHaveLength(1), { timeout: 10_000 });
    held.release();
    await done;
    expect(host.store.getState().past.map((s) => s.label)).toEqual(['Auto-layout']);
  });
});
