import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { adoptUserNodes, getNodesInside } from '@xyflow/system';
import { createEdgeMapper, createNodeMapper, ERROR_HANDLE } from './mapping';
import type { Flow } from '../model/types';

const flow: Flow = {
  format: 'creditflow',
  version: 1,
  name: 'T',
  settings: {},
  modules: [
    { id: 'a', type: 'trigger', name: 'A', position: { x: 0, y: 0 } },
    { id: 'b', type: 'action', name: 'B', position: { x: 0, y: 160 } },
  ],
  edges: [{ id: 'e1', source: 'a', target: 'b', filter: { mode: 'break', passRate: 0.5 } }],
};

describe('node mapper', () => {
  it('derives one node per module with its position, selection, kind and name', () => {
    const nodes = createNodeMapper()(flow.modules, new Set(['b']), new Map());
    expect(nodes.map((n) => [n.id, n.position, n.selected, n.data.type, n.data.name])).toEqual([
      ['a', { x: 0, y: 0 }, false, 'trigger', 'A'],
      ['b', { x: 0, y: 160 }, true, 'action', 'B'],
    ]);
  });

  it('changes no node when an assumption changes (React Flow has nothing to do), and a node on a rename', () => {
    const toNodes = createNodeMapper();
    const before = toNodes(flow.modules, new Set(), new Map());
    const edited = produce(flow, (d) => {
      d.modules[1]!.assumptions = { durationSec: 30 };
    });
    expect(toNodes(edited.modules, new Set(), new Map())).toBe(before);
    const renamed = produce(edited, (d) => {
      d.modules[1]!.name = 'Enrich';
    });
    const after = toNodes(renamed.modules, new Set(), new Map());
    expect(after).not.toBe(before);
    expect(after[0]).toBe(before[0]);
    expect(after[1]!.data.name).toBe('Enrich');
  });

  it('keeps the node objects of unchanged modules when one moves', () => {
    const toNodes = createNodeMapper();
    const before = toNodes(flow.modules, new Set(), new Map());
    const moved = produce(flow, (d) => {
      d.modules[1]!.position = { x: 40, y: 200 };
    });
    const after = toNodes(moved.modules, new Set(), new Map());
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1]!.position).toEqual({ x: 40, y: 200 });
  });

  it('draws the first of a duplicated id, drops removed modules and draws one added again afresh', () => {
    const toNodes = createNodeMapper();
    const withDuplicate = [...flow.modules, { ...flow.modules[0]!, name: 'Second A' }];
    const first = toNodes(withDuplicate, new Set(), new Map());
    expect(first.map((n) => n.data.name)).toEqual(['A', 'B']);
    // The same call again: the duplicate is skipped again and nothing changed.
    expect(toNodes(withDuplicate, new Set(), new Map())).toBe(first);
    const onlyB = toNodes([flow.modules[1]!], new Set(), new Map());
    expect(onlyB.map((n) => n.id)).toEqual(['b']);
    expect(onlyB[0]).toBe(first[1]);
    const back = toNodes([{ ...flow.modules[0]!, name: 'A again' }, flow.modules[1]!], new Set(['a']), new Map());
    expect(back.map((n) => [n.id, n.data.name, n.selected])).toEqual([
      ['a', 'A again', true],
      ['b', 'B', false],
    ]);
  });

  it('returns the same array when nothing changed', () => {
    const toNodes = createNodeMapper();
    const measured = new Map([['a', { width: 232, height: 80 }]]);
    const first = toNodes(flow.modules, new Set(), measured);
    expect(toNodes(flow.modules, new Set(), measured)).toBe(first);
    expect(first[0]!.measured).toEqual({ width: 232, height: 80 });
  });
});

describe('edge mapper', () => {
  it('derives edges and keeps unchanged ones', () => {
    const toEdges = createEdgeMapper();
    const first = toEdges(flow.edges, new Set());
    expect(first.map((e) => [e.id, e.source, e.target, e.selected])).toEqual([['e1', 'a', 'b', false]]);
    const selected = toEdges(flow.edges, new Set(['e1']));
    expect(selected[0]).not.toBe(first[0]);
    expect(selected[0]!.selected).toBe(true);
    expect(toEdges(flow.edges, new Set(['e1']))).toBe(selected);
  });
});

describe('nodes React Flow has not measured yet', () => {
  // React Flow's own visibility rule (what `onlyRenderVisibleElements` draws), on the mapper's nodes.
  const drawn = (nodes: ReturnType<ReturnType<typeof createNodeMapper>>, view: { x: number; y: number; width: number; height: number }) => {
    const lookup = new Map();
    adoptUserNodes(nodes, lookup, new Map(), {});
    return getNodesInside(lookup, view, [0, 0, 1], true).map((n) => n.id);
  };
  const many: Flow['modules'] = Array.from({ length: 2000 }, (_, i) => ({
    id: `m${i}`,
    type: i === 0 ? 'trigger' : 'action',
    name: `M${i}`,
    position: { x: (i % 40) * 300, y: Math.floor(i / 40) * 160 },
  }));

  it('are drawn only when in view (React Flow drew every one of them once, to measure it: 10,000 cards for a 10,000-module file)', () => {
    const ids = drawn(createNodeMapper()(many, new Set(), new Map()), { x: 0, y: 0, width: 1000, height: 600 });
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(40);
    expect(ids).toContain('m0');
  });

  it('carry handles where the card draws them, at the estimated size until measured and at the measured size after', () => {
    const toNodes = createNodeMapper();
    const [a, b] = toNodes(flow.modules, new Set(), new Map());
    expect(a?.handles?.map((h) => [h.type, h.position])).toEqual([['source', 'bottom']]);
    expect(b?.handles?.map((h) => [h.type, h.position, h.id ?? null])).toEqual([
      ['target', 'top', null],
      ['source', 'bottom', null],
      ['source', 'right', ERROR_HANDLE],
    ]);
    const measured = toNodes(flow.modules, new Set(), new Map([['a', { width: 232, height: 90 }]]));
    expect(measured[0]?.measured).toEqual({ width: 232, height: 90 });
    // Measured: its handles at the measured size (the bottom one at the card's bottom edge).
    const bottom = measured[0]?.handles?.find((h) => h.position === 'bottom');
    expect(bottom && bottom.y + (bottom.height ?? 0) / 2).toBe(90 - 1);
    expect(measured[1]?.handles).toBeDefined();
  });

  it('measured once and given to React Flow again after the far canvas took them away, are drawn only when in view', () => {
    // React Flow forgets the handles it measured when it is given no nodes (the far canvas paints the flow).
    const measured = new Map(many.map((m) => [m.id, { width: 232, height: 100 }]));
    const ids = drawn(createNodeMapper()(many, new Set(), measured), { x: 0, y: 0, width: 1000, height: 600 });
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(40);
  });
});
