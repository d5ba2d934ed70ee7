// @vitest-environment happy-dom
/**
 * Opening a large flow (issue 18 item 9): the canvas draws no element per module while the far
 * layer's code loads. React Flow's own minimap drew one rectangle per module (10,000 SVG elements
 * created, placed one by one and laid out, then thrown away when the far layer's minimap took
 * over: about a second of a frozen page at 10,000 modules). The far layer's code is held here
 * until the test lets it load, so the test does not depend on how fast the import is.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ComponentProps } from 'react';
import type * as XyFlow from '@xyflow/react';
import { act, cleanup } from '@testing-library/react';
import { generateFlow } from '../model/generate';
import { renderWithEditor, testEditor } from '../editor/testing';
import { FAR_CANVAS_ABOVE } from './farZoom';
import { FlowCanvas } from './FlowCanvas';
import { EDGES_A_TASK, EDGES_MAX } from './nodeWindow';
import { routesFlow } from '../../bench/largeFiles';

const gate = vi.hoisted(() => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
});

/** What React Flow was given, render by render: how many nodes and edges. */
const given = vi.hoisted(() => [] as { nodes: number; edges: number }[]);

vi.mock('@xyflow/react', async (importOriginal) => {
  const original = await importOriginal<typeof XyFlow>();
  const { createElement } = await import('react');
  const ReactFlow = (props: ComponentProps<typeof original.ReactFlow>) => {
    given.push({ nodes: props.nodes?.length ?? 0, edges: props.edges?.length ?? 0 });
    return createElement(original.ReactFlow, props);
  };
  return { ...original, ReactFlow };
});

vi.mock('./FarLayer', async () => {
  await gate.opened;
  return { FarLayer: () => <div data-testid="far-layer" /> };
});

afterEach(() => cleanup());

/** Lets React, React Flow's effects and a few animation frames run. */
async function settle(frames = 4) {
  for (let i = 0; i < frames; i++) {
    await act(async () => {
      await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    });
  }
}

describe('opening a large flow', () => {
  it('draws no minimap rectangle per module while the far layer loads, then shows the far layer', async () => {
    const editor = testEditor({ flow: generateFlow({ modules: 12, seed: 1 }) });
    const { container } = renderWithEditor(<FlowCanvas />, editor);
    await settle();
    // A small flow has React Flow's minimap, one rectangle per module.
    expect(container.querySelectorAll('.react-flow__minimap-node')).toHaveLength(12);

    const large = generateFlow({ modules: FAR_CANVAS_ABOVE * 2, seed: 2 });
    // Every minimap rectangle ever created while the large flow opens, not only those left at the end.
    let created = 0;
    const watch = new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (node instanceof Element) created += (node.matches('.react-flow__minimap-node') ? 1 : 0) + node.querySelectorAll('.react-flow__minimap-node').length;
    });
    watch.observe(container, { childList: true, subtree: true });
    await act(async () => editor.store.getState().loadFlow(large, 'Open a large flow'));
    await settle(8);
    expect(created).toBe(0);
    expect(container.querySelectorAll('.react-flow__minimap-node')).toHaveLength(0);

    await act(async () => gate.open());
    await settle();
    watch.disconnect();
    expect(container.querySelector('[data-testid="far-layer"]')).not.toBeNull();
    expect(created).toBe(0);
  });

  it("gives React Flow a large flow's edges after its nodes, not in the same task", async () => {
    const editor = testEditor({ flow: generateFlow({ modules: 12, seed: 1 }) });
    renderWithEditor(<FlowCanvas />, editor);
    await settle();
    const large = generateFlow({ modules: FAR_CANVAS_ABOVE * 2, seed: 2 });
    given.length = 0;
    await act(async () => editor.store.getState().loadFlow(large, 'Open a large flow'));
    // The edges come a few tasks after the nodes (a share a task): frames until they have come.
    for (let frame = 0; frame < 200 && !given.some((g) => g.edges > 0); frame++) await settle(1);
    await settle(4);
    const firstWithNodes = given.findIndex((g) => g.nodes > 0);
    const firstWithEdges = given.findIndex((g) => g.edges > 0);
    expect(firstWithNodes).toBeGreaterThanOrEqual(0);
    expect(given[firstWithNodes]!.edges).toBe(0);
    expect(firstWithEdges).toBeGreaterThan(firstWithNodes);
    // Then the edges that can show near the view, not all of them (edgeWindow.ts): 10,440 edges
    // were one 100–140 ms task of React Flow's connection lookup.
    expect(given.at(-1)!.nodes).toBeGreaterThan(0);
    expect(given.at(-1)!.edges).toBeGreaterThan(0);
    expect(given.at(-1)!.edges).toBeLessThan(large.edges.length);
  });

  it('gives React Flow only the modules near the view, at 5,000 modules as at 600', async () => {
    const editor = testEditor({ flow: generateFlow({ modules: 12, seed: 1 }) });
    renderWithEditor(<FlowCanvas />, editor);
    await settle();
    const huge = generateFlow({ modules: 5_000, seed: 3 });
    given.length = 0;
    await act(async () => editor.store.getState().loadFlow(huge, 'Open a huge flow'));
    await settle(8);
    await act(async () => gate.open());
    // Its window index is made in slices first (more than 5,000 edges): frames until the nodes come.
    for (let frame = 0; frame < 400 && !(given.at(-1)!.nodes > 0); frame++) await settle(1);
    await settle();
    // React Flow adopted every module it was given in one task (20,000: a 173 ms long task with the
    // garbage it left); the modules that can show near the start view are a few hundred at most,
    // whatever the flow's size (5,000 here: the flow is priced and checked, seconds on a loaded machine).
    const most = Math.max(...given.map((g) => g.nodes));
    expect(given.at(-1)!.nodes).toBeGreaterThan(0);
    expect(most).toBeLessThan(1_000);
  });

  it('gives React Flow a bounded share of a router with 3,000 routes, whose every route runs from the router in view', async () => {
    const editor = testEditor({ flow: generateFlow({ modules: 12, seed: 1 }) });
    renderWithEditor(<FlowCanvas />, editor);
    await settle();
    const fanOut = routesFlow(3_000);
    given.length = 0;
    await act(async () => editor.store.getState().loadFlow(fanOut, 'Open a router with 3,000 routes'));
    await settle(8);
    await act(async () => gate.open());
    for (let frame = 0; frame < 400 && given.at(-1)!.edges <= EDGES_A_TASK; frame++) await settle(1);
    await settle();
    // Both ends of every edge near the view went to React Flow: all 3,001 modules and 3,000 routes
    // (50,000 routes: one task of 39–49 s); the edge layer paints the routes past the bounds.
    expect(Math.max(...given.map((g) => g.nodes))).toBeLessThan(1_000);
    expect(Math.max(...given.map((g) => g.edges))).toBeLessThanOrEqual(EDGES_MAX);
    // A share a task: drawing a thousand routes at once was a 150–190 ms task (quiet machine).
    const shares = [...new Set(given.map((g) => g.edges))].sort((a, b) => a - b);
    expect(shares.at(-1)).toBeGreaterThan(EDGES_A_TASK);
    for (let i = 1; i < shares.length; i++) expect(shares[i]! - shares[i - 1]!).toBeLessThanOrEqual(EDGES_A_TASK);
  });
});
