import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_ROUTE_PASS_RATE, canConnect, newEdgeFor } from './connect';
import { validateFlow } from './validate';
import { MODULE_TYPES, type Edge, type Flow, type Module, type ModuleType, type RouterMode } from './types';

function mod(id: string, type: ModuleType, name = id, mode: RouterMode = 'standard'): Module {
  const config = type === 'router' ? { config: { mode } } : type === 'aggregator' ? { config: { iteratorId: '' } } : {};
  return { id, type, name, position: { x: 0, y: 0 }, ...config } as Module;
}
const edge = (id: string, source: string, target: string, extra: Partial<Edge> = {}): Edge => ({ id, source, target, ...extra });
const flowOf = (modules: Module[], edges: Edge[]): Flow => ({ format: 'creditflow', version: 1, name: 'T', settings: {}, modules, edges });

/** trigger t → action a ("Send email") → action b; a router r and an octopus o on the side. */
function base(): Flow {
  return flowOf(
    [mod('t', 'trigger', 'New lead'), mod('a', 'action', 'Send email'), mod('b', 'action', 'Log'), mod('r', 'router', 'Split'), mod('o', 'octopus', 'Merge'), mod('c', 'code', 'Clean')],
    [edge('e1', 't', 'a'), edge('e2', 'a', 'b')],
  );
}

describe('canConnect', () => {
  it('accepts a free source and a free target', () => {
    expect(canConnect(base(), 'b', 'r')).toEqual({ ok: true });
  });

  it('refuses a module connected to itself', () => {
    expect(canConnect(base(), 'b', 'b')).toEqual({ ok: false, reason: 'A module cannot connect to itself; loops are iterators.' });
  });

  it('refuses an edge into the trigger', () => {
    const r = canConnect(base(), 'b', 't');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('trigger');
  });

  it('refuses a second incoming edge unless the target is an octopus', () => {
    const f = base();
    expect(canConnect(f, 'c', 'b')).toEqual({ ok: false, reason: 'An action can have only one incoming edge; use an octopus to merge.' });
    f.edges.push(edge('e3', 'b', 'o'));
    expect(canConnect(f, 'c', 'o')).toEqual({ ok: true });
    f.edges.push(edge('e4', 'r', 'c'));
    const r = canConnect(f, 'o', 'c');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('A code module can have only one incoming edge; use an octopus to merge.');
  });

  it('refuses a second outgoing edge unless the source is a router', () => {
    const f = base();
    expect(canConnect(f, 'a', 'c')).toEqual({ ok: false, reason: "Only routers branch: add a router after 'Send email'." });
    f.edges.push(edge('e3', 'b', 'r'), edge('e4', 'r', 'c', { route: { priority: 1, passRate: 0.5, fallback: false } }));
    expect(canConnect(f, 'r', 'o')).toEqual({ ok: true });
  });

  it('refuses a duplicate edge', () => {
    const f = base();
    f.edges.push(edge('e3', 'b', 'r'), edge('e4', 'r', 'o', { route: { priority: 1, passRate: 0.5, fallback: false } }));
    const r = canConnect(f, 'r', 'o');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe("Router 'Split' is already connected to Octopus 'Merge'.");
  });

  it('refuses an edge that would close a loop', () => {
    const f = base();
    f.edges.push(edge('e3', 'b', 'o'), edge('e4', 'o', 'r'));
    expect(canConnect(f, 'r', 'o')).toEqual({ ok: false, reason: 'That would make a loop back; loops are iterators.' });
  });

  it('sees a loop in a frozen document, and in a draft that changed since the last check', () => {
    const f = base();
    f.edges.push(edge('e3', 'b', 'o'));
    Object.freeze(f.edges);
    expect(canConnect(f, 'o', 'r')).toEqual({ ok: true });
    const next = { ...f, edges: [...f.edges, edge('e4', 'o', 'r')] };
    Object.freeze(next.edges);
    expect(canConnect(next, 'r', 'o')).toEqual({ ok: false, reason: 'That would make a loop back; loops are iterators.' });
    // a mutable array (an immer draft) is never cached: a change between two checks is seen
    const draft = base();
    expect(canConnect(draft, 'r', 'o')).toEqual({ ok: true });
    draft.edges.push(edge('e3', 'b', 'o'), edge('e4', 'o', 'r'));
    expect(canConnect(draft, 'r', 'o')).toEqual({ ok: false, reason: 'That would make a loop back; loops are iterators.' });
  });

  it('refuses ends that are not in the flow', () => {
    expect(canConnect(base(), 'b', 'ghost').ok).toBe(false);
    expect(canConnect(base(), 'ghost', 'b').ok).toBe(false);
  });

  it('every edge it accepts keeps a valid flow valid (property)', () => {
    // Build flows edge by edge, only through canConnect + newEdgeFor: no structural error may appear,
    // except an aggregator that has not chosen its iterator yet.
    const types = MODULE_TYPES.filter((t) => t !== 'trigger' && t !== 'aggregator');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...types), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 40 }),
        fc.boolean(),
        (kinds, attempts, exclusive) => {
          const modules = [mod('t', 'trigger'), ...kinds.map((k, i) => mod(`m${i}`, k, `M${i}`, exclusive ? 'exclusive' : 'standard'))];
          const f = flowOf(modules, []);
          let accepted = 0;
          for (const [s, t] of attempts) {
            const source = modules[s % modules.length]!.id;
            const target = modules[t % modules.length]!.id;
            if (canConnect(f, source, target).ok) {
              f.edges.push(newEdgeFor(f, source, target, `e${accepted++}`));
            }
          }
          const errors = validateFlow(f).filter((p) => p.severity === 'error');
          expect(errors).toEqual([]);
          for (const [s, t] of attempts) {
            const source = modules[s % modules.length]!.id;
            const target = modules[t % modules.length]!.id;
            const check = canConnect(f, source, target);
            if (!check.ok) expect(check.reason.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('newEdgeFor', () => {
  it('gives a plain edge when the source is not a router', () => {
    expect(newEdgeFor(base(), 'b', 'c', 'x')).toEqual({ id: 'x', source: 'b', target: 'c' });
  });

  it('gives router edges the next priority and a default pass rate', () => {
    const f = base();
    f.edges.push(edge('e3', 'b', 'r'));
    expect(newEdgeFor(f, 'r', 'c', 'x').route).toEqual({ priority: 1, passRate: DEFAULT_ROUTE_PASS_RATE, fallback: false });
    f.edges.push(edge('e4', 'r', 'c', { route: { priority: 4, passRate: 0.5, fallback: false } }));
    expect(newEdgeFor(f, 'r', 'o', 'y').route).toMatchObject({ priority: 5, fallback: false });
  });

  it('keeps an exclusive router at or under 100 %', () => {
    const f = flowOf(
      [mod('t', 'trigger'), mod('r', 'router', 'By country', 'exclusive'), mod('a', 'action'), mod('b', 'action'), mod('c', 'action'), mod('d', 'action')],
      [
        edge('1', 't', 'r'),
        edge('2', 'r', 'a', { route: { priority: 1, passRate: 0.7, fallback: false } }),
        edge('3', 'r', 'b', { route: { priority: 2, passRate: 0, fallback: true } }),
      ],
    );
    const e = newEdgeFor(f, 'r', 'c', 'x');
    expect(e.route!.passRate).toBe(0.3);
    f.edges.push(e);
    expect(validateFlow(f).filter((p) => p.code !== 'unreachable')).toEqual([]);
    const full = newEdgeFor(f, 'r', 'd', 'y');
    expect(full.route!.passRate).toBe(0);
    f.edges.push(full);
    expect(validateFlow(f)).toEqual([]);
  });

  it('counts a range at its likely value', () => {
    const f = flowOf(
      [mod('t', 'trigger'), mod('r', 'router', 'R', 'exclusive'), mod('a', 'action'), mod('b', 'action')],
      [edge('1', 't', 'r'), edge('2', 'r', 'a', { route: { priority: 1, passRate: { min: 0.5, likely: 0.8, max: 0.9 }, fallback: false } })],
    );
    expect(newEdgeFor(f, 'r', 'b', 'x').route!.passRate).toBe(0.2);
  });

  it('does not change the flow', () => {
    const f = base();
    f.edges.push(edge('e3', 'b', 'r'));
    const before = JSON.stringify(f);
    newEdgeFor(f, 'r', 'c', 'x');
    expect(JSON.stringify(f)).toBe(before);
  });
});
