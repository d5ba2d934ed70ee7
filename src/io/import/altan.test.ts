import { describe, expect, it } from 'vitest';
import { fixture, imported, structuralErrors } from './testing';
import { priceFlow } from '../../cost/price';

const id = (n: number) => `0b6c7e0e-0000-4000-8000-0000000000${n}`;

describe('Altan import: the example of formats/altan.md §8', () => {
  const x = imported(fixture('altan-invoice-chaser.json'));

  it('maps every module 1:1 with its kind and name', () => {
    expect(x.report.format).toBe('altan');
    expect(x.flow.name).toBe('Weekly invoice chaser');
    expect(x.report.modules.map((m) => [m.name, m.kind])).toEqual([
      ['Mondays 07:00 UTC', 'trigger'],
      ['Overdue invoices', 'search'],
      ['Each invoice', 'iterator'],
      ['Amount tier', 'router'],
      ['Draft firm reminder', 'ai_agent'],
      ['Send standard reminder', 'action'],
      ['Send firm reminder', 'action'],
      ['Log draft failure', 'code'],
    ]);
    expect(x.report.dropped).toEqual([]);
    expect(x.report.repairs).toEqual([]);
  });

  it('reads the edges from the pointers: routes, the Default path as fallback, a filter, an error branch', () => {
    expect(x.edge(id(13), id(14)).route).toMatchObject({ priority: 0, fallback: false, conditions: { [`{{[${id(12)}].amount}}`]: { _gte: 1000 } } });
    expect(x.edge(id(13), id(15)).route).toMatchObject({ priority: 1, fallback: true });
    expect(x.edge(id(14), id(16)).filter).toMatchObject({ mode: 'break', conditions: { [`{{[${id(14)}].content}}`]: { _neq: '' } } });
    expect(x.edge(id(14), id(17)).error).toBe(true);
    expect(x.edge(id(10), id(11)).filter).toBeUndefined();
  });

  it('keeps the schedule, the iterator cap, the router mode, the retry settings and the canvas positions', () => {
    expect(x.module(id(10)).config).toEqual({ schedule: '0 7 * * 1' });
    expect(x.module(id(12)).config).toEqual({ maxIterations: 100 });
    expect(x.module(id(13)).config).toEqual({ mode: 'exclusive' });
    expect((x.module(id(11)) as unknown as { retry: unknown }).retry).toMatchObject({ attempts: 2, timeout: 30 });
    // (1000, -100) turned a quarter: the flow runs down the canvas.
    expect(x.module(id(14)).position).toEqual({ x: -140, y: 600 });
    expect(x.report.needsLayout).toBe(false);
  });

  it('says which numbers take defaults (the error branch makes failureRate one of them)', () => {
    const agent = x.report.defaults.find((d) => d.moduleId === id(14));
    expect(agent?.keys).toEqual(expect.arrayContaining(['durationSec', 'payloadKB', 'retries', 'extraCredits', 'failureRate']));
    expect(x.report.defaults.some((d) => d.edgeId === x.edge(id(13), id(14)).id)).toBe(true);
  });

  it('passes the validator, error edges included', () => {
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Altan import: every row of the mapping', () => {
  const x = imported(fixture('altan-every-row.json'));
  const kinds = Object.fromEntries(x.report.modules.map((m) => [m.source, m.kind]));

  it('maps internal kinds, the legacy repeater and an unknown type (with a note)', () => {
    expect(kinds).toMatchObject({ v1: 'variables', o1: 'octopus', inv1: 'invoke', rp1: 'response', cd1: 'code', al1: 'altaner', rep1: 'iterator', x1: 'action' });
    expect(x.report.notes).toContainEqual({ source: 'rep1', message: expect.stringContaining('repeater') });
    expect(x.report.notes).toContainEqual({ source: 'x1', message: expect.stringContaining('unknown module type') });
  });

  it('keeps the entry trigger and drops the other as a second trigger', () => {
    expect(kinds.t1).toBe('trigger');
    expect(x.dropped('t0')).toMatch(/second trigger/);
    expect(x.module('t1').config).toEqual({ schedule: '*/30 8-17 * * *' });
  });

  it('orders routes by priority, splits an @and given as an object, maps positions to ids and skips unconnected routes', () => {
    const toVars = x.edge('r1', 'v1').route!;
    expect(toVars.priority).toBe(0);
    expect(toVars.conditions).toEqual({ '@and': [{ '{{[t1].kind}}': { _eq: 'lead' } }, { '{{[$vars].region}}': { _in: ['EU'] } }] });
    expect(x.edge('r1', 's1').route).toMatchObject({ priority: 1, passRate: 1 }); // no condition: always passes
    expect(x.edge('r1', 'i1').route).toMatchObject({ fallback: true, priority: 3 }); // 3 route conditions, one unconnected
    expect(x.module('r1').config).toEqual({ mode: 'standard' }); // missing mode → standard
  });

  it('reads octopus filters keyed by source, skip filters, and the iterator condition as a filter into the loop', () => {
    expect(x.edge('v1', 'o1').filter).toMatchObject({ mode: 'break', conditions: { '{{[v1].region}}': { _neq: '' } } });
    expect(x.edge('s1', 'o1').filter).toBeUndefined();
    const intoLoop = x.edge('i1', 'inv1').filter!;
    // inv1's own filter skips, but an item failing the iterator's condition is never emitted: the
    // joined filter breaks (was 'skip': such items went on past inv1 through the rest of the loop).
    expect(intoLoop.mode).toBe('break');
    expect(x.report.notes).toContainEqual({ source: 'i1', message: expect.stringContaining('joined its item condition in one break filter') });
    expect(intoLoop.conditions).toEqual({ '@and': [{ '{{[i1].ok}}': { _eq: true } }, { '{{[i1].price}}': { _between: [1, 9] } }] });
  });

  it('names the aggregator\'s iterator by position, caps iterations, flags pages', () => {
    expect(x.module('ag1').config).toEqual({ iteratorId: 'i1' });
    expect(x.module('i1').assumptions).toEqual({ iterations: 4 });
    expect(x.report.defaults.find((d) => d.moduleId === 's1')?.keys).toContain('pages');
  });

  it('repairs and says so: a missing target, an error branch from a router, a cycle, an aggregator with no loop', () => {
    const kindsOfRepairs = x.report.repairs.map((r) => r.kind);
    expect(kindsOfRepairs).toEqual(expect.arrayContaining(['missing-target-ignored', 'error-edge-dropped', 'cycle-edge-dropped', 'aggregator-changed', 'second-trigger']));
    expect(kinds.ag2).toBe('variables');
    expect(x.flow.edges.some((e) => e.source === 'x1' && e.target === 'cd1')).toBe(false);
  });

  it('lays out when a module has no position', () => {
    expect(x.report.needsLayout).toBe(true);
    expect(x.report.layoutReason).toMatch(/no position/);
  });

  it('lists every source module exactly once and passes today\'s validator', () => {
    const sources = [...x.report.modules.map((m) => m.source), ...x.report.dropped.map((d) => d.source)].sort();
    expect(sources).toEqual(['a9', 'ag1', 'ag2', 'al1', 'cd1', 'i1', 'inv1', 'o1', 'r1', 'rep1', 'rp1', 's1', 't0', 't1', 'v1', 'x1']);
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Altan import: a module whose next and except pointers name the same module', () => {
  it('keeps the normal edge, drops the error branch and says so; the flow passes the validator with its error edges', () => {
    // Before: both became edges into an inserted octopus, and the CLI refused the file (duplicate-edge, exit 2).
    const x = imported({
      flow: {
        name: 'Either way',
        modules: [
          { id: 't', type: 'trigger', position: 0, trigger_type: 'instant', next_module_id: 'a' },
          { id: 'a', type: 'action', position: 1, tool: { name: 'Call' }, next_module_id: 'r', except_module_id: 'r' },
          { id: 'r', type: 'internal', internal_type: 'response', position: 2 },
        ],
      },
    });
    expect(x.into('r')).toEqual([expect.objectContaining({ source: 'a', target: 'r' })]);
    expect(x.into('r')[0]!.error).toBeUndefined();
    expect(x.report.repairs).toEqual([expect.objectContaining({ kind: 'error-edge-dropped', message: expect.stringContaining('its normal path leads there too') })]);
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Altan import: aggregators close a loop that is open where they run', () => {
  it('a second aggregator naming an already closed loop becomes variables; one naming an outer loop inside an inner one closes the inner', () => {
    const mod = (id: string, type: string, next: string | null, extra: object = {}) => ({ id, type, position: Number(id.slice(1)), next_module_id: next, meta_data: { position: { x: Number(id.slice(1)) * 250, y: 0 } }, ...extra });
    const x = imported({
      modules: [
        mod('a0', 'trigger', 'a1'),
        mod('a1', 'iterator', 'a2'),
        mod('a2', 'aggregator', 'a3', { logic: { iterator: '1' } }),
        mod('a3', 'aggregator', 'a4', { logic: { iterator: '1' } }), // its loop is already closed
        mod('a4', 'iterator', 'a5'),
        mod('a5', 'iterator', 'a6'),
        mod('a6', 'aggregator', null, { logic: { iterator: '4' } }), // names the outer loop from inside the inner one: fine, closes both
      ],
    });
    expect(x.module('a2').config).toEqual({ iteratorId: 'a1' });
    expect(x.module('a3').type).toBe('variables');
    expect(x.module('a6').config).toEqual({ iteratorId: 'a4' });
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Altan: numbers left at defaults', () => {
  it('names each key once per module (a module with an except branch whose kind has a failure rate)', () => {
    const x = imported(fixture('altan-invoice-chaser.json'));
    expect(x.report.defaults.length).toBeGreaterThan(0);
    for (const d of x.report.defaults) expect(new Set(d.keys).size).toBe(d.keys.length);
  });
});

describe('Altan import: an exclusive router with routes left unconnected', () => {
  const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
  /**
   * Trigger → exclusive router whose conditions go to the given targets (null: unconnected), its Default path to `fallback`; actions 3 and 4.
   * Each route has a condition, except those listed in `unconditional` (an empty condition_logic: the route always passes).
   */
  const routerFlow = (targets: (string | null)[], fallback: string | null, unconditional: number[] = []) =>
    imported({
      flow: {
        id: 'f',
        name: 'Routes',
        modules: [
          { id: id(1), type: 'trigger', position: 0, meta_data: { position: { x: 0, y: 0 } }, next_module_id: id(2) },
          {
            id: id(2),
            type: 'router',
            position: 1,
            meta_data: { position: { x: 300, y: 0 }, router_mode: 'exclusive' },
            route_conditions: targets.map((target, i) => ({
              id: `c${i + 1}`,
              priority: i,
              condition_logic: unconditional.includes(i) ? {} : { '{{[0].kind}}': { _eq: `k${i}` } },
              next_module_id: target,
            })),
            next_module_id: fallback,
          },
          { id: id(3), type: 'action', position: 2, meta_data: { position: { x: 600, y: 0 } }, next_module_id: null },
          { id: id(4), type: 'action', position: 3, meta_data: { position: { x: 600, y: 200 } }, next_module_id: null },
          { id: id(5), type: 'action', position: 4, meta_data: { position: { x: 600, y: 400 } }, next_module_id: null },
        ],
      },
    });

  it('a route with no condition always matches: it takes what the routes before it leave, and nothing reaches the routes after it or the Default path', () => {
    // Priority 0 has a condition, priority 1 none, priority 2 a condition; the Default path is connected.
    const x = routerFlow([id(3), id(4), id(5)], null, [1]);
    expect(x.edge(id(2), id(3)).route).toMatchObject({ priority: 0, passRate: 0.5 });
    expect(x.edge(id(2), id(4)).route).toMatchObject({ priority: 1, passRate: 0.5 });
    expect(x.edge(id(2), id(5)).route).toMatchObject({ priority: 2, passRate: 0 });
    const withDefault = routerFlow([id(3), id(4)], id(5), [0]);
    expect(withDefault.edge(id(2), id(3)).route).toMatchObject({ priority: 0, passRate: 1 });
    expect(withDefault.edge(id(2), id(4)).route).toMatchObject({ priority: 1, passRate: 0 });
    expect(withDefault.edge(id(2), id(5)).route!.fallback).toBe(true);
    expect(withDefault.report.notes).toContainEqual({ source: id(2), message: expect.stringContaining('route 0 has no condition, so it always matches') });
    expect(structuralErrors(withDefault.flow)).toEqual([]);
    // The rates are defaults the source does not say, listed as such.
    expect(x.report.defaults.filter((d) => d.edgeId !== undefined && d.keys.includes('passRate'))).toHaveLength(3);
  });

  it('a route with no condition left unconnected still takes every bundle: nothing reaches the routes after it or the Default path', () => {
    // Route 0 has no condition and no target; route 1 (a condition) and the Default path are connected.
    const x = routerFlow([null, id(3)], id(4), [0]);
    const priced = priceFlow(x.flow);
    expect(x.edge(id(2), id(3)).route!.passRate).toBe(0);
    expect(priced.byId.get(id(3))!.executions).toBe(0);
    expect(priced.byId.get(id(4))!.executions).toBe(0);
    expect(structuralErrors(x.flow)).toEqual([]);
    const note = x.report.notes.find((n) => n.source === id(2))?.message ?? '';
    expect(note).toMatch(/route 0 has no condition/);
    expect(note).toMatch(/not connected/);
    // Only the Default path connected: it never runs either.
    const onlyDefault = routerFlow([null], id(4), [0]);
    expect(priceFlow(onlyDefault.flow).byId.get(id(4))!.executions).toBe(0);
    expect(structuralErrors(onlyDefault.flow)).toEqual([]);
    // A route with a condition before it still shares with it: route 0 half, the unconnected route 1 the rest.
    const before = routerFlow([id(3), null, id(5)], id(4), [1]);
    const p = priceFlow(before.flow);
    expect(p.byId.get(id(3))!.executions).toBeCloseTo(0.5, 6);
    expect(p.byId.get(id(5))!.executions).toBe(0);
    expect(p.byId.get(id(4))!.executions).toBe(0);
  });

  it('shares the default pass rates among all its routes and the Default path, connected or not', () => {
    const x = routerFlow([null, null, id(3)], null);
    // Three routes and the Default path: a quarter each; the others' bundles stop.
    expect(x.edge(id(2), id(3)).route).toMatchObject({ priority: 2, fallback: false, passRate: 0.25 });
  });

  it('with the Default path connected, the routes leave the rest to it, so the connected routes share with it alone', () => {
    const x = routerFlow([null, id(3)], id(4));
    // The fallback takes 1 − the routes' sum: counting the unconnected c1 would hand its share to the Default path.
    expect(x.edge(id(2), id(3)).route).toMatchObject({ fallback: false, passRate: 0.5 });
    expect(x.edge(id(2), id(4)).route).toMatchObject({ fallback: true });
  });
});

describe('Altan import: an error branch dropped changes which loop the modules after it run in', () => {
  it('the branches are checked again until none leads into another loop (fast-check seed 456678423)', () => {
    // The AI agent's error branch is dropped first; the search after it then runs only in the iterator's
    // loop, so its own error branch, kept by the first pass, now leads out of that loop.
    const x = imported({
      name: 'Random Altan',
      modules: [
        {"id": "a0", "type": "internal", "internal_type": "aigent", "position": 0, "next_module_id": null, "except_module_id": "a6", "meta_data": {"_filter_mode": "break"}},
        {"id": "a1", "type": "trigger", "position": 1, "next_module_id": null, "except_module_id": null, "meta_data": {"_filter_mode": "break"}},
        {"id": "a2", "type": "repeater", "position": 2, "next_module_id": null, "except_module_id": null, "meta_data": {"_filter_mode": "break"}},
        {"id": "a3", "type": "trigger", "position": 3, "next_module_id": null, "except_module_id": null, "meta_data": {"_filter_mode": "break"}},
        {"id": "a4", "type": "iterator", "position": 4, "next_module_id": "a6", "except_module_id": null, "meta_data": {"_filter_mode": "break"}},
        {"id": "a5", "type": "internal", "internal_type": "response", "position": 5, "next_module_id": "a2", "except_module_id": null, "meta_data": {"_filter_mode": "break"}},
        {"id": "a6", "type": "search", "position": 6, "next_module_id": null, "except_module_id": "a2", "meta_data": {"_filter_mode": "break"}},
      ],
    });
    expect(x.report.repairs.filter((r) => r.kind === 'error-edge-dropped')).toHaveLength(2);
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Altan import: a placeholder step (not set up yet)', () => {
  // A placeholder is an empty step of the editor: no tool, nothing to call, so it does no work and
  // is not billed. Priced as an action it would add a credit per run the flow never pays.
  const flow = (type: Record<string, unknown>) => ({
    name: 'With a placeholder',
    entry_module_id: 't1',
    modules: [
      { id: 't1', type: 'trigger', trigger_type: 'instant', position: 0, meta_data: { position: { x: 0, y: 0 } }, next_module_id: 'p1' },
      { id: 'p1', ...type, position: 1, meta_data: { position: { x: 250, y: 0 } }, next_module_id: 'a1' },
      { id: 'a1', type: 'action', position: 2, tool: { name: 'Send email' }, meta_data: { position: { x: 500, y: 0 } } },
    ],
  });

  for (const type of [{ type: 'placeholder:Placeholder' }, { type: 'placeholder' }, { type: 'internal', internal_type: 'placeholder' }]) {
    it(`${JSON.stringify(type)} costs nothing, keeps the path through it, and the report says so`, () => {
      const x = imported(flow(type));
      const priced = priceFlow(x.flow);
      expect(x.module('p1')).toMatchObject({ type: 'variables', name: 'Placeholder' });
      expect(priced.byId.get('p1')!.credits).toBe(0);
      expect(x.edge('t1', 'p1')).toBeDefined();
      expect(x.edge('p1', 'a1')).toBeDefined();
      expect(priced.byId.get('a1')!.executions).toBe(1);
      const note = x.report.notes.find((n) => n.source === 'p1')?.message ?? '';
      expect(note).toMatch(/placeholder/);
      expect(note).toMatch(/costs nothing/);
      expect(note).not.toMatch(/priced as an action/);
      expect(structuralErrors(x.flow)).toEqual([]);
    });
  }
});

describe('Altan import: a cron the schedule reader cannot read', () => {
  const flowWith = (cron: string) => ({
    flow: {
      name: 'Bad cron',
      entry_module_id: 't1',
      modules: [
        { id: 't1', type: 'trigger', position: 0, trigger_type: 'scheduled', cron_expression: cron, next_module_id: 'a1' },
        { id: 'a1', type: 'action', position: 1, tool: { name: 'Post' } },
      ],
    },
  });

  it('imports the flow without the schedule, with a note naming the field at fault, as for any cron it cannot use', () => {
    const x = imported(flowWith('61 25 * * *'));
    expect(structuralErrors(x.flow)).toEqual([]);
    expect(x.module('t1').config).toBeUndefined();
    expect(x.report.notes).toContainEqual({ source: 't1', message: expect.stringMatching(/"61 25 \* \* \*".*minute field "61".*runs per month take the default/) });
  });

  it('keeps a cron it can read', () => {
    expect(imported(flowWith('0 9 * * 1-5')).module('t1').config).toEqual({ schedule: '0 9 * * 1-5' });
  });
});

describe('Altan import: numeric module ids (a hand-written file)', () => {
  it('keeps them as their digits and follows the pointers that name them', () => {
    const x = imported({
      flow: {
        name: 'Numbers',
        entry_module_id: 1,
        modules: [
          { id: 1, type: 'trigger', position: 0, next_module_id: 2 },
          { id: 2, type: 'action', position: 1, next_module_id: 3, except_module_id: 4 },
          { id: 3, type: 'action', position: 2 },
          { id: 4, type: 'internal', internal_type: 'code', position: 3 },
        ],
      },
    });
    expect(x.flow.modules.map((m) => m.id)).toEqual(['1', '2', '3', '4']);
    expect(x.edge('1', '2')).toBeDefined();
    expect(x.edge('2', '3')).toBeDefined();
    expect(x.edge('2', '4').error).toBe(true);
    expect(x.report.repairs).toEqual([]);
    expect(x.report.notes.filter((n) => n.message.includes('missing or used twice'))).toEqual([]);
  });
});

describe('Altan import: an aggregator that names its iterator by id rather than by position', () => {
  it('closes the loop of that iterator (here the outer of two), not the innermost one open', () => {
    const x = imported({
      flow: {
        name: 'Nested',
        entry_module_id: 't',
        modules: [
          { id: 't', type: 'trigger', position: 0, next_module_id: 'outer' },
          { id: 'outer', type: 'iterator', position: 1, field: '{{[0].a}}', next_module_id: 'inner' },
          { id: 'inner', type: 'iterator', position: 2, field: '{{[1].b}}', next_module_id: 'act' },
          { id: 'act', type: 'action', position: 3, next_module_id: 'agg' },
          { id: 'agg', type: 'aggregator', position: 4, logic: { iterator: 'outer' } },
        ],
      },
    });
    expect(x.module('agg').config).toEqual({ iteratorId: 'outer' });
    expect(x.report.repairs).toEqual([]);
  });
});

describe('Altan import: the short mapping {{%[n].x}} of flows built by Altan’s agent', () => {
  it('points its position at the module id, as {{[n].x}} is', () => {
    const x = imported({
      flow: {
        name: 'Agent-built',
        entry_module_id: 't',
        modules: [
          { id: 't', type: 'trigger', position: 0, next_module_id: 'a' },
          { id: 'a', type: 'action', position: 1, next_module_id: 'b' },
          { id: 'b', type: 'action', position: 2, meta_data: { _filter_spec: { '@and': [{ '{{%[0].payload.kind}}': { _eq: 'lead' } }, { '{{[1].ok}}': { _eq: true } }] } } },
        ],
      },
    });
    expect(x.edge('a', 'b').filter!.conditions).toEqual({ '@and': [{ '{{%[t].payload.kind}}': { _eq: 'lead' } }, { '{{[a].ok}}': { _eq: true } }] });
  });
});
