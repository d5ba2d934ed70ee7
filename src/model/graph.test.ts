import { describe, expect, it } from 'vitest';
import { buildGraph, reachableFrom, upstreamOf } from './graph';
import type { Edge, Module } from './types';

const mod = (id: string, type: Module['type'] = 'action'): Module =>
  ({ id, type, name: id, position: { x: 0, y: 0 } }) as Module;
const edge = (id: string, source: string, target: string): Edge => ({ id, source, target });

describe('buildGraph', () => {
  it('orders modules so every edge points forward', () => {
    const g = buildGraph({
      modules: [mod('c'), mod('a', 'trigger'), mod('b', 'router'), mod('d')],
      edges: [edge('e2', 'b', 'c'), edge('e1', 'a', 'b'), edge('e3', 'b', 'd')],
    });
    const at = new Map(g.order.map((id, i) => [id, i]));
    for (const e of g.edges.values()) expect(at.get(e.source)!).toBeLessThan(at.get(e.target)!);
    expect(g.cyclic.size).toBe(0);
  });

  it('marks modules on or behind a cycle and leaves them out of the order', () => {
    const g = buildGraph({
      modules: [mod('t', 'trigger'), mod('a'), mod('b'), mod('c')],
      edges: [edge('e1', 't', 'a'), edge('e2', 'a', 'b'), edge('e3', 'b', 'a'), edge('e4', 'b', 'c')],
    });
    expect([...g.cyclic].sort()).toEqual(['a', 'b', 'c']);
    expect(g.order).toEqual(['t']);
  });

  it('ignores edges to missing modules and duplicate ids', () => {
    const g = buildGraph({
      modules: [mod('a', 'trigger'), mod('a'), mod('b')],
      edges: [edge('e1', 'a', 'b'), edge('e1', 'b', 'a'), edge('e2', 'a', 'ghost')],
    });
    expect(g.modules.size).toBe(2);
    expect(g.outgoing.get('a')!.map((e) => e.id)).toEqual(['e1']);
    expect(g.incoming.get('a')).toEqual([]);
  });

  it('finds what is downstream and upstream of a module', () => {
    const g = buildGraph({
      modules: [mod('t', 'trigger'), mod('r', 'router'), mod('x'), mod('y'), mod('lonely')],
      edges: [edge('e1', 't', 'r'), edge('e2', 'r', 'x'), edge('e3', 'r', 'y')],
    });
    expect([...reachableFrom(g, 't')].sort()).toEqual(['r', 't', 'x', 'y']);
    expect(reachableFrom(g, 'missing').size).toBe(0);
    expect(upstreamOf(g, 'y')).toEqual(['r', 't']);
  });
});
