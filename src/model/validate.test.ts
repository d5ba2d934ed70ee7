import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES, MAX_ITERATIONS, validateFlow, validateFlowWithGraph, type ProblemCode } from './validate';
import { ASSUMPTION_RULES } from './fieldRules';
import type { Edge, Flow, Module, ModuleType } from './types';
import type { Problem } from './problems';
import { canConnect, newEdgeFor } from './connect';
import { flowOf as specFlow, type Spec } from './testing/flowOf';

// ---------------------------------------------------------------------------------------
// Builders

type Extra = Record<string, unknown>;
function mod(id: string, type: ModuleType, name = id, extra: Extra = {}): Module {
  const config =
    type === 'router' ? { config: { mode: 'standard' } } : type === 'aggregator' ? { config: { iteratorId: '' } } : {};
  return { id, type, name, position: { x: 0, y: 0 }, ...config, ...extra } as unknown as Module;
}
function edge(id: string, source: string, target: string, extra: Extra = {}): Edge {
  return { id, source, target, ...extra } as Edge;
}
function route(priority: number, passRate: unknown, fallback = false): Extra {
  return { route: { priority, passRate, fallback } };
}
function flowOf(modules: Module[], edges: Edge[], settings: Extra = {}): Flow {
  return { format: 'creditflow', version: 1, name: 'Test', settings, modules, edges };
}

/** The example of flow-format.md: trigger → exclusive router → iterator → search → aggregator. */
function leadEnrichment(): Flow {
  return flowOf(
    [
      mod('m1', 'trigger', 'New lead webhook', { assumptions: { durationSec: 0, payloadKB: 2 } }),
      mod('m2', 'router', 'By country', { config: { mode: 'exclusive' } }),
      mod('m3', 'iterator', 'Each contact', { assumptions: { iterations: 25 } }),
      mod('m4', 'search', 'Find company', { assumptions: { durationSec: 1.2, payloadKB: 30, retries: 0.05 } }),
      mod('m5', 'aggregator', 'Collect', { config: { iteratorId: 'm3' } }),
      mod('m6', 'response', 'Reply'),
    ],
    [
      edge('e1', 'm1', 'm2', {
        filter: { mode: 'break', passRate: 0.9, conditions: { '@and': [{ '{{[m1].email}}': { _neq: '' } }] } },
      }),
      edge('e2', 'm2', 'm3', {
        route: { priority: 1, passRate: 0.4, fallback: false, conditions: { '@and': [{ '{{[m1].country}}': { _eq: 'ES' } }] } },
      }),
      edge('e3', 'm3', 'm4'),
      edge('e4', 'm4', 'm5'),
      edge('e5', 'm2', 'm6', route(2, 0, true)),
    ],
  );
}

/** A straight chain trigger → a → b → … with the given types. */
function chain(types: ModuleType[]): Flow {
  const modules = [mod('t', 'trigger', 'Start'), ...types.map((type, i) => mod(`n${i}`, type, `Step ${i}`))];
  const edges = modules.slice(1).map((m, i) => edge(`e${i}`, modules[i]!.id, m.id));
  return flowOf(modules, edges);
}

const seen = new Set<string>();
function check(flow: Flow): Problem[] {
  const problems = validateFlow(flow);
  for (const p of problems) seen.add(p.code);
  return problems;
}
const codes = (flow: Flow): string[] => check(flow).map((p) => p.code);
function only(flow: Flow, code: ProblemCode): Problem[] {
  return check(flow).filter((p) => p.code === code);
}
const errors = (flow: Flow): Problem[] => check(flow).filter((p) => p.severity === 'error');

// ---------------------------------------------------------------------------------------

describe('validateFlow: a well-formed flow', () => {
  it('has no problems (the flow-format example)', () => {
    expect(check(leadEnrichment())).toEqual([]);
  });

  it('has no problems (the worked example of cost-model.md §5)', () => {
    const f = flowOf(
      [
        mod('t', 'trigger', 'Webhook', { assumptions: { durationSec: 0, payloadKB: 2 } }),
        mod('s', 'search', 'Find', { assumptions: { durationSec: 1.5, payloadKB: 40 } }),
        mod('i', 'iterator', 'Each', { assumptions: { iterations: 20 } }),
        mod('a', 'ai_agent', 'Agent', { assumptions: { durationSec: 4, payloadKB: 8, retries: 0.1, extraCredits: 2 } }),
        mod('g', 'aggregator', 'Collect', { config: { iteratorId: 'i' } }),
        mod('r', 'response', 'Reply', { assumptions: { durationSec: 0.2, payloadKB: 1 } }),
      ],
      [edge('1', 't', 's'), edge('2', 's', 'i'), edge('3', 'i', 'a'), edge('4', 'a', 'g'), edge('5', 'g', 'r')],
    );
    expect(check(f)).toEqual([]);
  });
});

describe('triggers', () => {
  it('a flow without a trigger is an error that names no module', () => {
    const f = flowOf([mod('a', 'action', 'Send email')], []);
    const [p] = only(f, 'no-trigger');
    expect(p).toMatchObject({ severity: 'error' });
    expect(p!.moduleId).toBeUndefined();
    expect(codes(flowOf([], []))).toEqual(['no-trigger']);
  });

  it('each extra trigger is an error on that trigger, naming both', () => {
    const f = flowOf([mod('t1', 'trigger', 'New lead'), mod('t2', 'trigger', 'Nightly'), mod('t3', 'trigger', 'Hourly')], []);
    const ps = only(f, 'two-triggers');
    expect(ps.map((p) => p.moduleId)).toEqual(['t2', 't3']);
    expect(ps[0]!.message).toBe("Two triggers: 'New lead' and 'Nightly' — a flow has exactly one.");
    expect(only(chain(['action']), 'two-triggers')).toEqual([]);
    expect(only(chain(['action']), 'no-trigger')).toEqual([]);
  });

  it('no edge may lead into the trigger', () => {
    const f = flowOf([mod('t', 'trigger', 'Start'), mod('o', 'octopus', 'Merge')], [edge('e1', 't', 'o'), edge('e2', 'o', 't')]);
    const [p] = only(f, 'edge-into-trigger');
    expect(p).toMatchObject({ edgeId: 'e2', moduleId: 't', severity: 'error' });
    expect(p!.message).toContain("Trigger 'Start'");
    expect(only(chain(['octopus']), 'edge-into-trigger')).toEqual([]);
  });
});

describe('shape of the graph', () => {
  it('a self-loop is an error on its edge', () => {
    const f = chain(['octopus']);
    f.edges.push(edge('loop', 'n0', 'n0'));
    const [p] = only(f, 'self-loop');
    expect(p).toMatchObject({ edgeId: 'loop', moduleId: 'n0' });
    expect(p!.message).toContain("Octopus 'Step 0'");
    // the self-loop is not reported a second time as a cycle
    expect(only(f, 'cycle')).toEqual([]);
    expect(only(chain(['octopus']), 'self-loop')).toEqual([]);
  });

  it('at most one incoming edge, except on an octopus', () => {
    const f = flowOf(
      [mod('t', 'trigger'), mod('r', 'router', 'Split'), mod('a', 'action', 'Send email'), mod('b', 'action', 'Log')],
      [edge('1', 't', 'r'), edge('2', 'r', 'a', route(1, 0.5)), edge('3', 'r', 'b', route(2, 0.5)), edge('4', 'b', 'a')],
    );
    const [p] = only(f, 'too-many-incoming');
    expect(p).toMatchObject({ moduleId: 'a', severity: 'error' });
    expect(p!.message).toBe("Action 'Send email' has two incoming edges; use an octopus to merge paths.");
    f.modules[2] = mod('a', 'octopus', 'Merge');
    expect(only(f, 'too-many-incoming')).toEqual([]);
  });

  it('at most one outgoing edge, except on a router', () => {
    const f = flowOf(
      [mod('t', 'trigger'), mod('a', 'action', 'Send email'), mod('b', 'action', 'B'), mod('c', 'action', 'C')],
      [edge('1', 't', 'a'), edge('2', 'a', 'b'), edge('3', 'a', 'c')],
    );
    const [p] = only(f, 'too-many-outgoing');
    expect(p).toMatchObject({ moduleId: 'a' });
    expect(p!.message).toContain("Action 'Send email' has two outgoing edges");
    expect(p!.message).toContain("add a router after 'Send email'");
    f.modules[1] = mod('a', 'router', 'Send email');
    f.edges[1] = edge('2', 'a', 'b', route(1, 0.5));
    f.edges[2] = edge('3', 'a', 'c', route(2, 0.5));
    expect(only(f, 'too-many-outgoing')).toEqual([]);
  });

  it('a cycle is an error on the edge that closes it', () => {
    const f = flowOf(
      [mod('t', 'trigger'), mod('o', 'octopus', 'Merge'), mod('a', 'action', 'Enrich'), mod('b', 'code', 'Check')],
      [edge('1', 't', 'o'), edge('2', 'o', 'a'), edge('3', 'a', 'b'), edge('back', 'b', 'o')],
    );
    const ps = only(f, 'cycle');
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ edgeId: 'back', severity: 'error' });
    expect(ps[0]!.message).toContain("Code 'Check' back to Octopus 'Merge'");
    // the modules in the cycle are not also reported unreachable
    expect(only(f, 'unreachable')).toEqual([]);
    expect(only(chain(['octopus', 'action', 'code']), 'cycle')).toEqual([]);
  });

  it('finds the back edge of a 20,000-module cycle without overflowing the stack', () => {
    const n = 20_000;
    const modules = [mod('t', 'trigger'), mod('o', 'octopus')];
    const edges = [edge('e-t', 't', 'o'), edge('e-o', 'o', 'n0')];
    for (let i = 0; i < n; i++) modules.push(mod(`n${i}`, 'action'));
    for (let i = 1; i < n; i++) edges.push(edge(`e${i}`, `n${i - 1}`, `n${i}`));
    edges.push(edge('back', `n${n - 1}`, 'o'));
    const ps = only(flowOf(modules, edges), 'cycle');
    expect(ps.map((p) => p.edgeId)).toEqual(['back']);
 }, 60_000);

  it('two edges between the same modules are an error', () => {
    const f = flowOf(
      [mod('t', 'trigger'), mod('r', 'router', 'Split'), mod('o', 'octopus')],
      [edge('1', 't', 'r'), edge('2', 'r', 'o', route(1, 0.5)), edge('3', 'r', 'o', route(2, 0.2))],
    );
    expect(only(f, 'duplicate-edge').map((p) => p.edgeId)).toEqual(['3']);
    f.edges.pop();
    expect(only(f, 'duplicate-edge')).toEqual([]);
  });

  it('names every edge to a target an earlier edge of the same module goes to, with few or many edges out', () => {
    for (const outCount of [3, 16, 17, 40]) {
      const targets = Array.from({ length: 5 }, (_, i) => mod(`o${i}`, 'octopus'));
      // Edge j goes to target j % 5 (then j % 3 past the first five): the repeats are every edge after the first to its target.
      const outs = Array.from({ length: outCount }, (_, j) => edge(`r${j}`, 'r', `o${j < 5 ? j : j % 3}`, route(j + 1, 0.01)));
      const f = flowOf([mod('t', 'trigger'), mod('r', 'router', 'Split'), ...targets], [edge('in', 't', 'r'), ...outs]);
      const firsts = new Set<string>();
      const repeats = outs.filter((e) => firsts.size === firsts.add(e.target).size).map((e) => e.id);
      expect(only(f, 'duplicate-edge').map((p) => p.edgeId)).toEqual(repeats);
      expect(repeats.length).toBe(Math.max(0, outCount - 5));
    }
  });

  it('a module the trigger cannot reach is a warning', () => {
    const f = chain(['action']);
    f.modules.push(mod('lost', 'search', 'Orphan search'));
    const [p] = only(f, 'unreachable');
    expect(p).toMatchObject({ severity: 'warning', moduleId: 'lost' });
    expect(p!.message).toContain("Search 'Orphan search'");
    expect(only(chain(['action']), 'unreachable')).toEqual([]);
  });

  it('an edge to a missing module is an error on its edge and end', () => {
    const f = chain(['action']);
    f.edges.push(edge('dangling', 'n0', 'ghost'));
    const [p] = only(f, 'edge-missing-module');
    expect(p).toMatchObject({ edgeId: 'dangling', field: 'target', severity: 'error' });
    expect(p!.message).toContain("'ghost'");
    f.edges[f.edges.length - 1] = edge('dangling', 'ghost', 'n0');
    expect(only(f, 'edge-missing-module')[0]).toMatchObject({ field: 'source' });
    expect(only(chain(['action']), 'edge-missing-module')).toEqual([]);
  });
});

describe('routers and routes', () => {
  const routerFlow = (mode: 'standard' | 'exclusive', rates: unknown[], fallbacks: boolean[] = []): Flow => {
    const modules = [mod('t', 'trigger'), mod('r', 'router', 'By country', { config: { mode } })];
    const edges = [edge('in', 't', 'r')];
    rates.forEach((rate, i) => {
      modules.push(mod(`a${i}`, 'action', `Branch ${i}`));
      edges.push(edge(`r${i}`, 'r', `a${i}`, route(i + 1, rate, fallbacks[i] ?? false)));
    });
    return flowOf(modules, edges);
  };

  it('an exclusive router whose routes share more than 100 % is an error naming the share', () => {
    const [p] = only(routerFlow('exclusive', [0.5, 0.8]), 'routes-exceed-100');
    expect(p).toMatchObject({ moduleId: 'r', severity: 'error', field: 'route.passRate' });
    expect(p!.message).toBe("Router 'By country': routes share 130 %, more than 100 % in exclusive mode.");
    expect(only(routerFlow('exclusive', [0.5, 0.5]), 'routes-exceed-100')).toEqual([]);
    expect(only(routerFlow('exclusive', [0.1, 0.2, 0.7]), 'routes-exceed-100')).toEqual([]); // float sum 1.0000000000000002
    expect(only(routerFlow('standard', [0.5, 0.8]), 'routes-exceed-100')).toEqual([]);
    expect(only(routerFlow('exclusive', [0.5, 0.500001]), 'routes-exceed-100')[0]!.message).toContain('100.0001 %');
    // Written as every other percentage (cost/format.ts): thousands grouped, never "1200 %" or "1e+23 %".
    expect(only(routerFlow('exclusive', Array.from({ length: 12 }, () => 1)), 'routes-exceed-100')[0]!.message).toContain('routes share 1,200 %,');
    // a single rate above 1 is that route's problem, not the share's
    expect(codes(routerFlow('exclusive', [1.5, 0.2]))).toEqual(['pass-rate-out-of-range']);
  });

  it('the fallback route does not count toward the share', () => {
    expect(only(routerFlow('exclusive', [0.7, 0.9], [false, true]), 'routes-exceed-100')).toEqual([]);
  });

  it('ranges count at their likely value; a max over 100 % is a warning', () => {
    const r = (likely: number, max: number) => ({ min: 0, likely, max });
    expect(only(routerFlow('exclusive', [r(0.5, 0.6), r(0.7, 0.8)]), 'routes-exceed-100')).toHaveLength(1);
    const f = routerFlow('exclusive', [r(0.4, 0.6), r(0.4, 0.6)]);
    expect(only(f, 'routes-exceed-100')).toEqual([]);
    expect(only(f, 'routes-may-exceed-100')[0]).toMatchObject({ severity: 'warning', moduleId: 'r' });
    expect(only(routerFlow('exclusive', [r(0.4, 0.5), r(0.4, 0.5)]), 'routes-may-exceed-100')).toEqual([]);
  });

  it('at most one fallback route', () => {
    const ps = only(routerFlow('standard', [0.5, 0, 0], [false, true, true]), 'two-fallbacks');
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ moduleId: 'r', edgeId: 'r2', field: 'route.fallback' });
    expect(ps[0]!.message).toContain("Router 'By country'");
    expect(only(routerFlow('standard', [0.5, 0], [false, true]), 'two-fallbacks')).toEqual([]);
  });

  it('every edge out of a router has a route and no filter', () => {
    const f = routerFlow('standard', [0.5, 0.5]);
    f.edges[1] = edge('r0', 'r', 'a0');
    f.edges[2] = edge('r1', 'r', 'a1', { ...route(2, 0.5), filter: { mode: 'break', passRate: 0.5 } });
    expect(only(f, 'route-missing')[0]).toMatchObject({ edgeId: 'r0', field: 'route' });
    expect(only(f, 'route-missing')[0]!.message).toContain("Router 'By country' to Action 'Branch 0'");
    expect(only(f, 'filter-on-route')[0]).toMatchObject({ edgeId: 'r1', field: 'filter' });
    expect(codes(routerFlow('standard', [0.5, 0.5]))).toEqual([]);
  });

  it('no other edge has a route', () => {
    const f = chain(['action']);
    f.edges[0] = edge('e0', 't', 'n0', route(1, 0.5));
    expect(only(f, 'route-not-from-router')[0]).toMatchObject({ edgeId: 'e0', field: 'route' });
    expect(only(chain(['action']), 'route-not-from-router')).toEqual([]);
  });

  it('a route pass rate outside 0..1 is an error on route.passRate', () => {
    for (const bad of [1.5, -0.1]) {
      const [p] = only(routerFlow('standard', [bad]), 'pass-rate-out-of-range');
      expect(p).toMatchObject({ edgeId: 'r0', field: 'route.passRate', severity: 'error' });
      expect(p!.message).toContain(String(bad));
    }
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '0.5', null]) {
      expect(only(routerFlow('standard', [bad]), 'pass-rate-invalid')[0]).toMatchObject({ field: 'route.passRate' });
    }
    expect(only(routerFlow('standard', [{ min: 0.1, likely: 0.5, max: 1.2 }]), 'pass-rate-out-of-range')).toHaveLength(1);
    expect(only(routerFlow('standard', [{ min: 0.6, likely: 0.5, max: 0.9 }]), 'range-out-of-order')).toHaveLength(1);
    expect(codes(routerFlow('standard', [0, 1, { min: 0.1, likely: 0.5, max: 0.9 }]))).toEqual([]);
  });

  it('a router needs a mode, and route priorities are numbers; ties are a warning in exclusive mode', () => {
    const f = routerFlow('standard', [0.5]);
    (f.modules[1] as unknown as { config: unknown }).config = { mode: 'sometimes' };
    expect(only(f, 'router-mode-invalid')[0]).toMatchObject({ moduleId: 'r', field: 'config.mode' });
    const g = routerFlow('standard', [0.5]);
    (g.edges[1]!.route as unknown as { priority: unknown }).priority = 'first';
    expect(only(g, 'route-priority-invalid')[0]).toMatchObject({ edgeId: 'r0', field: 'route.priority' });
    const h = routerFlow('exclusive', [0.2, 0.3]);
    h.edges[2]!.route!.priority = 1;
    expect(only(h, 'route-priority-tie')[0]).toMatchObject({ severity: 'warning', moduleId: 'r' });
    expect(only(routerFlow('exclusive', [0.2, 0.3]), 'route-priority-tie')).toEqual([]);
  });

  it('a route that is not an object is an error', () => {
    const f = routerFlow('standard', [0.5]);
    (f.edges[1] as unknown as { route: unknown }).route = 7;
    expect(only(f, 'route-invalid')[0]).toMatchObject({ edgeId: 'r0', field: 'route' });
  });
});

describe('filters', () => {
  const filtered = (type: ModuleType, filter: unknown): Flow => {
    const f = chain([type, 'action']);
    f.edges[0] = edge('e0', 't', 'n0', { filter });
    if (type === 'aggregator') {
      // give the aggregator a loop to close so only the filter is at fault
      f.modules.splice(1, 0, mod('it', 'iterator', 'Each'));
      f.edges[0] = edge('pre', 't', 'it');
      f.edges.push(edge('e0', 'it', 'n0', { filter }));
      (f.modules[2] as unknown as { config: unknown }).config = { iteratorId: 'it' };
    }
    if (type === 'router') f.edges[1] = edge('e1', 'n0', 'n1', route(1, 0.5));
    return f;
  };

  it('a skip filter into a router, iterator or aggregator is an error', () => {
    for (const type of ['router', 'iterator', 'aggregator'] as const) {
      const f = filtered(type, { mode: 'skip', passRate: 0.5 });
      const [p] = only(f, 'skip-filter-not-allowed');
      expect(p, type).toMatchObject({ edgeId: 'e0', field: 'filter.mode', severity: 'error' });
      expect(errors(filtered(type, { mode: 'break', passRate: 0.5 })), type).toEqual([]);
    }
    // Said in plain English (was "a iterator", "a aggregator").
    expect(only(filtered('iterator', { mode: 'skip', passRate: 0.5 }), 'skip-filter-not-allowed')[0]!.message).toContain('an iterator cannot be skipped over');
    expect(only(filtered('aggregator', { mode: 'skip', passRate: 0.5 }), 'skip-filter-not-allowed')[0]!.message).toContain('an aggregator cannot be skipped over');
    expect(errors(filtered('action', { mode: 'skip', passRate: 0.5 }))).toEqual([]);
  });

  it('a filter pass rate outside 0..1 is an error on filter.passRate', () => {
    const [p] = only(filtered('action', { mode: 'break', passRate: 2 }), 'pass-rate-out-of-range');
    expect(p).toMatchObject({ edgeId: 'e0', field: 'filter.passRate' });
    expect(p!.message).toContain('between 0 and 1');
    expect(only(filtered('action', { mode: 'break' }), 'pass-rate-invalid')[0]).toMatchObject({ field: 'filter.passRate' });
  });

  it('a filter needs a mode and must be an object', () => {
    expect(only(filtered('action', { mode: 'stop', passRate: 0.5 }), 'filter-mode-invalid')[0]).toMatchObject({
      field: 'filter.mode',
    });
    expect(only(filtered('action', 'yes'), 'filter-invalid')[0]).toMatchObject({ field: 'filter' });
  });

  it('malformed conditions are a located warning; mappings to missing modules too', () => {
    const bad = filtered('action', {
      mode: 'break',
      passRate: 0.5,
      conditions: { '@and': [{ '{{[t].body}}': { _between: [1] } }] },
    });
    const [p] = only(bad, 'conditions-invalid');
    expect(p).toMatchObject({ severity: 'warning', edgeId: 'e0', field: 'filter.conditions.@and.0.{{[t].body}}._between' });
    expect(p!.message).toContain('is between');
    const ghost = filtered('action', { mode: 'break', passRate: 0.5, conditions: { '@and': [{ '{{[nope].x}}': { _eq: 1 } }] } });
    expect(only(ghost, 'mapping-unknown-module')[0]!.message).toContain("'nope'");
    const good = filtered('action', { mode: 'break', passRate: 0.5, conditions: { '@or': [{ '{{[t].body}}': { _eq: 1 } }] } });
    expect(check(good)).toEqual([]);
  });

  it('a condition that reads a module which has not run yet is a warning', () => {
    const withFilterReading = (mapping: string): Flow => {
      const f = flowOf(
        [mod('t', 'trigger', 'Lead'), mod('r', 'router', 'Split'), mod('a', 'search', 'Find company'), mod('b', 'action', 'Send'), mod('c', 'code', 'Later')],
        [
          edge('1', 't', 'r'),
          edge('2', 'r', 'a', route(1, 0.5)),
          edge('3', 'r', 'b', { route: { priority: 2, passRate: 0.5, fallback: false, conditions: { '@and': [{ [mapping]: { _eq: 1 } }] } } }),
          edge('4', 'b', 'c'),
        ],
      );
      return f;
    };
    for (const mapping of ['{{[a].results}}', '{{[c].result}}', '{{[b].response}}']) {
      const [p] = only(withFilterReading(mapping), 'mapping-not-upstream');
      expect(p, mapping).toMatchObject({ severity: 'warning', edgeId: '3', field: 'route.conditions' });
    }
    expect(only(withFilterReading('{{[a].results}}'), 'mapping-not-upstream')[0]!.message).toContain(
      "reads from Search 'Find company', which does not run before it",
    );
    for (const mapping of ['{{[t].body}}', '{{[r].x}}']) {
      expect(check(withFilterReading(mapping)), mapping).toEqual([]);
    }
  });

  it('conditions nested 1,000 deep give a located warning, not a stack overflow', () => {
    let conditions: Record<string, unknown> = { '{{[t].body}}': { _eq: 1 } };
    for (let i = 0; i < 1000; i++) conditions = { '@and': [conditions] };
    const f = filtered('action', { mode: 'break', passRate: 0.5, conditions });
    const [p] = only(f, 'conditions-invalid');
    expect(p!.message).toContain('nested more than');
    expect(p!.field!.startsWith('filter.conditions.@and.0.@and.0')).toBe(true);
  });
});

describe('loops', () => {
  const loop = (iteratorId: unknown, extra: Partial<{ before: boolean }> = {}): Flow => {
    const f = flowOf(
      [mod('t', 'trigger'), mod('i', 'iterator', 'Each contact'), mod('a', 'action', 'Enrich'), mod('g', 'aggregator', 'Collect')],
      [edge('1', 't', 'i'), edge('2', 'i', 'a'), edge('3', 'a', 'g')],
    );
    (f.modules[3] as unknown as { config: unknown }).config = iteratorId === undefined ? undefined : { iteratorId };
    if (extra.before) {
      // the aggregator sits before the iterator: it cannot be reached from it
      f.edges = [edge('1', 't', 'g'), edge('2', 'g', 'i'), edge('3', 'i', 'a')];
    }
    return f;
  };

  it('an aggregator must name the iterator it closes', () => {
    for (const id of ['', undefined, 5]) {
      const [p] = only(loop(id), 'aggregator-no-iterator');
      expect(p).toMatchObject({ moduleId: 'g', field: 'config.iteratorId', severity: 'error' });
      expect(p!.message).toBe("Aggregator 'Collect': choose the iterator it closes (it is inside the loop of Iterator 'Each contact').");
    }
    // No loop is open where it stands: it closes none, and the message says so (issue 18 item 13).
    const alone = flowOf([mod('t', 'trigger'), mod('a', 'action', 'Enrich'), mod('g', 'aggregator', 'Collect')], [edge('1', 't', 'a'), edge('2', 'a', 'g')]);
    expect(only(alone, 'aggregator-no-iterator')[0]!.message).toBe(
      "Aggregator 'Collect' closes no loop: no iterator comes before it; connect it after an iterator, or remove it.",
    );
    expect(only(loop('zz'), 'aggregator-iterator-missing')[0]!.message).toContain("'zz'");
    expect(only(loop('a'), 'aggregator-not-iterator')[0]!.message).toContain("Action 'Enrich'");
    expect(check(loop('i'))).toEqual([]);
  });

  it('an aggregator must be reachable from its iterator', () => {
    const [p] = only(loop('i', { before: true }), 'aggregator-outside-loop');
    expect(p).toMatchObject({ moduleId: 'g', field: 'config.iteratorId' });
    expect(p!.message).toContain("Iterator 'Each contact'");
    // reachable through a router branch and an octopus merge
    const f = flowOf(
      [
        mod('t', 'trigger'),
        mod('i', 'iterator'),
        mod('r', 'router'),
        mod('x', 'action'),
        mod('y', 'action'),
        mod('o', 'octopus'),
        mod('g', 'aggregator', 'Collect', { config: { iteratorId: 'i' } }),
      ],
      [
        edge('1', 't', 'i'),
        edge('2', 'i', 'r'),
        edge('3', 'r', 'x', route(1, 0.5)),
        edge('4', 'r', 'y', route(2, 0.5)),
        edge('5', 'x', 'o'),
        edge('6', 'y', 'o'),
        edge('7', 'o', 'g'),
      ],
    );
    expect(check(f)).toEqual([]);
    // a sibling branch of the iterator cannot be closed by it
    const g = flowOf(
      [mod('t', 'trigger'), mod('r', 'router'), mod('i', 'iterator'), mod('x', 'action'), mod('g', 'aggregator', 'G', { config: { iteratorId: 'i' } })],
      [edge('1', 't', 'r'), edge('2', 'r', 'i', route(1, 0.5)), edge('3', 'i', 'x'), edge('4', 'r', 'g', route(2, 0.5))],
    );
    expect(only(g, 'aggregator-outside-loop')).toHaveLength(1);
  });

  it('an aggregator must close a loop still open where it is (not one an aggregator before it closed)', () => {
    const nested = (second: string): Flow =>
      flowOf(
        [
          mod('t', 'trigger'),
          mod('o', 'iterator', 'Each account'),
          mod('i', 'iterator', 'Each contact'),
          mod('a', 'action', 'Enrich'),
          mod('g', 'aggregator', 'Contacts', { config: { iteratorId: 'i' } }),
          mod('h', 'aggregator', 'Accounts', { config: { iteratorId: second } }),
        ],
        [edge('1', 't', 'o'), edge('2', 'o', 'i'), edge('3', 'i', 'a'), edge('4', 'a', 'g'), edge('5', 'g', 'h')],
      );
    expect(check(nested('o'))).toEqual([]);
    const [p] = only(nested('i'), 'aggregator-closes-no-loop');
    expect(p).toMatchObject({ severity: 'error', moduleId: 'h', field: 'config.iteratorId' });
    expect(p!.message).toBe(
      "Aggregator 'Accounts' closes no loop: the loop of Iterator 'Each contact' is already closed before it; it is inside the loop of Iterator 'Each account': choose that iterator.",
    );
  });

  it('an iterator with nothing after it is a warning', () => {
    const [p] = only(chain(['iterator']), 'iterator-empty-loop');
    expect(p).toMatchObject({ severity: 'warning', moduleId: 'n0' });
    expect(only(chain(['iterator', 'action']), 'iterator-empty-loop')).toEqual([]);
  });

  it(`more than ${MAX_ITERATIONS} iterations is refused with the reason`, () => {
    const f = chain(['iterator', 'action']);
    f.modules[1]!.assumptions = { iterations: 1e12 };
    const [p] = only(f, 'iterations-too-large');
    expect(p).toMatchObject({ moduleId: 'n0', field: 'assumptions.iterations', severity: 'error' });
    expect(p!.message).toContain('1000000000000');
    f.modules[1]!.assumptions = { iterations: { min: 1, likely: 10, max: 2e6 } };
    expect(only(f, 'iterations-too-large')).toHaveLength(1);
    f.modules[1]!.assumptions = { iterations: MAX_ITERATIONS };
    expect(check(f)).toEqual([]);
  });
});

describe('numbers', () => {
  const withAssumption = (key: string, value: unknown): Flow => {
    const f = chain(['search']);
    f.modules[1] = mod('n0', 'search', 'Find company', { assumptions: { [key]: value } });
    return f;
  };

  it('assumptions must be finite numbers ≥ 0, named by field', () => {
    const cases: [string, unknown, ProblemCode][] = [
      ['retries', -1, 'assumption-negative'],
      ['durationSec', Number.NaN, 'assumption-invalid'],
      ['payloadKB', Number.POSITIVE_INFINITY, 'assumption-invalid'],
      ['extraCredits', '2', 'assumption-invalid'],
      ['retries', null, 'assumption-invalid'],
      ['durationSec', { min: 3, likely: 2, max: 4 }, 'range-out-of-order'],
      ['durationSec', { min: -1, likely: 2, max: 4 }, 'assumption-negative'],
      ['durationSec', { min: 1, likely: 2 }, 'assumption-invalid'],
    ];
    for (const [key, value, code] of cases) {
      const ps = check(withAssumption(key, value));
      expect(ps, `${key}=${String(value)}`).toHaveLength(1);
      expect(ps[0]).toMatchObject({ code, moduleId: 'n0', field: `assumptions.${key}`, severity: 'error' });
      expect(ps[0]!.message).toContain("Search 'Find company'");
    }
    for (const [key, value] of [
      ['retries', 0],
      ['durationSec', 1e9],
      ['payloadKB', { min: 0, likely: 0, max: 0 }],
      ['extraCredits', { min: 1, likely: 2, max: 3 }],
    ] as const) {
      expect(check(withAssumption(key, value)), key).toEqual([]);
    }
  });

  it('an assumption above its cap in the table of field rules is an error that says why (issue 13 item 4)', () => {
    const ps = check(withAssumption('extraCredits', 1e308));
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ code: 'assumption-invalid', moduleId: 'n0', field: 'assumptions.extraCredits' });
    expect(ps[0]!.message).toContain(ASSUMPTION_RULES.extraCredits.why);
    expect(check(withAssumption('retries', { min: 0, likely: 1, max: 2e6 }))[0]).toMatchObject({ code: 'assumption-invalid' });
    const runs = chain(['action']);
    runs.settings.runsPerMonth = 1e308;
    expect(check(runs)).toMatchObject([{ code: 'runs-per-month-invalid', field: 'settings.runsPerMonth' }]);
  });

  it('assumptions that are not an object are an error; unknown keys are kept and ignored', () => {
    const f = chain(['action']);
    (f.modules[1] as unknown as { assumptions: unknown }).assumptions = [1, 2];
    expect(only(f, 'assumption-invalid')[0]).toMatchObject({ field: 'assumptions' });
    expect(check(withAssumption('colour', 'blue'))).toEqual([]);
  });

  it('runs per month must be a finite number ≥ 0', () => {
    const f = chain(['action']);
    f.settings.runsPerMonth = -5;
    expect(only(f, 'runs-per-month-invalid')[0]).toMatchObject({ field: 'settings.runsPerMonth' });
    f.settings.runsPerMonth = { min: 100, likely: 1000, max: 5000 };
    expect(check(f)).toEqual([]);
  });
});

describe('malformed documents never throw', () => {
  it('reports duplicate ids, unknown types and malformed entries', () => {
    const f = chain(['action']);
    f.modules.push(mod('n0', 'code', 'Twin'));
    f.modules.push(mod('w', 'warp' as ModuleType, 'Warp drive'));
    (f.modules as unknown[]).push(null, { type: 'action' });
    f.edges.push(edge('e0', 't', 'w'));
    (f.edges as unknown[]).push(42, { id: 'x', source: 't' });
    const ps = check(f);
    expect(ps.find((p) => p.code === 'duplicate-module-id')).toMatchObject({ moduleId: 'n0' });
    expect(ps.find((p) => p.code === 'duplicate-edge-id')).toMatchObject({ edgeId: 'e0' });
    expect(ps.find((p) => p.code === 'unknown-module-type')!.message).toContain("'warp'");
    expect(ps.filter((p) => p.code === 'malformed-module').map((p) => p.field)).toEqual(['modules.4', 'modules.5']);
    expect(ps.filter((p) => p.code === 'malformed-edge').map((p) => p.field)).toEqual(['edges.2', 'edges.3']);
  });

  it('checks the modules and edges after one left out as if it were not there, and gives no graph then', () => {
    // Left out at the start, in the middle and at the end: the rest is checked in place, its edges
    // resolved to the modules kept, and the flow's own lists are left as they were.
    const f = chain(['action', 'search', 'code']);
    (f.modules as unknown[]).splice(2, 0, { type: 'action' });
    (f.modules as unknown[]).unshift(null);
    f.modules.push(mod('n1', 'code', 'Twin'));
    (f.edges as unknown[]).splice(1, 0, 42);
    f.edges.push(edge('e0', 'n2', 'n0'));
    f.modules[4] = { ...f.modules[4]!, assumptions: { durationSec: -1 } };
    const before = JSON.stringify(f);
    const { problems, graph } = validateFlowWithGraph(f);
    expect(graph).toBeUndefined();
    expect(JSON.stringify(f)).toBe(before);
    expect(problems.map((p) => [p.code, p.moduleId ?? p.edgeId ?? p.field])).toEqual([
      ['malformed-module', 'modules.0'],
      ['malformed-module', 'modules.3'],
      ['duplicate-module-id', 'n1'],
      ['malformed-edge', 'edges.1'],
      ['duplicate-edge-id', 'e0'],
      ['assumption-negative', 'n1'],
    ]);
    // With nothing left out, the graph is given, of every module and edge.
    const whole = validateFlowWithGraph(chain(['action', 'search']));
    expect(whole.graph?.size).toBe(3);
    expect(whole.graph?.edgeSource.length).toBe(2);
  });

  it('turns anything that still throws into a problem, never a crash', () => {
    const f = chain(['action']);
    Object.defineProperty(f.modules[1]!, 'type', {
      get() {
        throw new Error('boom');
      },
    });
    const ps = check(f);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ code: 'validation-failed', severity: 'error' });
    expect(ps[0]!.message).toContain('boom');
  });

  it('survives a document with no modules or edges arrays', () => {
    expect(codes({ format: 'creditflow', version: 1 } as unknown as Flow)).toEqual(['no-trigger']);
    expect(codes(null as unknown as Flow)).toEqual(['no-trigger']);
  });

  it('caps the number of problems of one code and says how many were left out', () => {
    const f = chain(['action']);
    for (let i = 0; i < 700; i++) f.modules.push(mod(`lost${i}`, 'action'));
    const ps = only(f, 'unreachable');
    expect(ps).toHaveLength(501);
    expect(ps[500]!.message).toContain('200 more');
  });

  it('cuts very long names in messages', () => {
    const f = flowOf([mod('t', 'trigger', 'x'.repeat(1_000_000)), mod('u', 'trigger', 'Other')], []);
    const [p] = only(f, 'two-triggers');
    expect(p!.message.length).toBeLessThan(200);
  });
});

describe('scenarios', () => {
  it('two scenarios of one name: a warning on the second, naming both ids and the one a choice by name takes', () => {
    const f = leadEnrichment();
    f.scenarios = [
      { id: 's1', name: 'Peak', overrides: {} },
      { id: 's2', name: 'Quiet', overrides: {} },
      { id: 's3', name: 'Peak', overrides: { runsPerMonth: 9 } },
      { id: 's4', name: 'Peak', overrides: {} },
    ];
    const found = only(f, 'duplicate-scenario-name');
    expect(found).toEqual([
      {
        severity: 'warning',
        code: 'duplicate-scenario-name',
        field: 'scenarios.2.name',
        message: "Two scenarios are named 'Peak' (ids 's1' and 's3'); choosing one by name takes the first, 's1'. Give them different names.",
      },
      expect.objectContaining({ field: 'scenarios.3.name', message: expect.stringContaining("(ids 's1' and 's4')") }),
    ]);
    f.scenarios[2]!.name = 'Peak 2';
    f.scenarios[3]!.name = 'peak'; // names are told apart by case, as --scenario does
    expect(only(f, 'duplicate-scenario-name')).toEqual([]);
  });

  it('a scenario that changes a module or an edge the flow does not have: a warning naming it (before: nothing, the change silently did nothing)', () => {
    const f = leadEnrichment();
    const [module, edge] = [f.modules[1]!.id, f.edges[0]!.id];
    f.scenarios = [{ id: 's1', name: 'Peak', overrides: { modules: { [module]: { durationSec: 2 }, gone: { durationSec: 3 } }, edges: { [edge]: { passRate: 0.5 }, lost: { passRate: 0.2 } } } }];
    expect(only(f, 'scenario-target-missing')).toEqual([
      {
        severity: 'warning',
        code: 'scenario-target-missing',
        field: 'scenarios.0.overrides.modules.gone',
        message: "Scenario 'Peak' changes the module 'gone', which is not in the flow, so that change does nothing; remove it or fix the id.",
      },
      expect.objectContaining({ field: 'scenarios.0.overrides.edges.lost', message: expect.stringContaining("the edge 'lost'") }),
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// Version 3 (cost-model.md §7): error edges, failure rates, pages, schedules

type E = Partial<Edge> & { source: string; target: string };
const v3Codes = (specs: Spec[], edges: E[]) => check(specFlow(specs, edges)).map((p) => p.code);

const BASE: Spec[] = [
  ['t', 'trigger'],
  ['a', 'action'],
  ['b', 'action'],
  ['e', 'action'],
];

describe('validateFlow: error edges', () => {
  it('accepts one error edge beside the normal edge of a module that can fail', () => {
    expect(v3Codes(BASE, [{ source: 't', target: 'a' }, { source: 'a', target: 'b' }, { source: 'a', target: 'e', error: true }])).toEqual([]);
  });

  it('refuses an error edge from a kind that cannot fail, a second one, and one with a filter or a route', () => {
    const specs: Spec[] = [...BASE, ['v', 'variables'], ['f', 'action']];
    expect(v3Codes(specs, [{ source: 't', target: 'v' }, { source: 'v', target: 'a', error: true }, { source: 'a', target: 'b' }, { source: 'b', target: 'e' }, { source: 'e', target: 'f' }])).toContain('error-edge-not-allowed');
    expect(
      v3Codes(specs, [
        { source: 't', target: 'a' },
        { source: 'a', target: 'b', error: true },
        { source: 'a', target: 'e', error: true },
        { source: 'b', target: 'v' },
        { source: 'e', target: 'f' },
      ]),
    ).toContain('two-error-edges');
    const filtered = check(
      specFlow(BASE, [{ source: 't', target: 'a' }, { source: 'a', target: 'b' }, { id: 'x', source: 'a', target: 'e', error: true, filter: { mode: 'break', passRate: 0.5 } }]),
    );
    expect(filtered).toContainEqual(expect.objectContaining({ code: 'error-edge-filter', edgeId: 'x', field: 'filter' }));
  });

  it('counts an error edge as an incoming edge of its target, never into a trigger, and in the no-cycle rule', () => {
    expect(v3Codes(BASE, [{ source: 't', target: 'a' }, { source: 'a', target: 'b' }, { source: 'a', target: 'e', error: true }, { source: 'b', target: 'e' }])).toContain('too-many-incoming');
    expect(v3Codes(BASE, [{ source: 't', target: 'a' }, { source: 'a', target: 't', error: true }])).toContain('edge-into-trigger');
    expect(v3Codes(BASE, [{ source: 't', target: 'a' }, { source: 'a', target: 'b' }, { source: 'b', target: 'a', error: true }])).toContain('cycle');
  });

  it('an error edge is no branch: a normal edge beside it is not "too many outgoing", two normal edges still are', () => {
    expect(v3Codes(BASE, [{ source: 't', target: 'a' }, { source: 'a', target: 'b' }, { source: 'a', target: 'e', error: true }])).not.toContain('too-many-outgoing');
    expect(v3Codes(BASE, [{ source: 't', target: 'a' }, { source: 'a', target: 'b' }, { source: 'a', target: 'e' }])).toContain('too-many-outgoing');
  });

  it('the target of an error edge runs in the loop of the module that fails', () => {
    // s fails inside the loop of i; its error edge goes to an octopus that the aggregator's path (outside the loop) also enters.
    const specs: Spec[] = [
      ['t', 'trigger'],
      ['i', 'iterator', { iterations: 5 }],
      ['s', 'search'],
      ['g', 'aggregator', undefined, { iteratorId: 'i' }],
      ['o', 'octopus'],
    ];
    const edges: E[] = [
      { source: 't', target: 'i' },
      { source: 'i', target: 's' },
      { source: 's', target: 'g' },
      { source: 'g', target: 'o' },
      { source: 's', target: 'o', error: true },
    ];
    expect(v3Codes(specs, edges)).toContain('error-edge-loop');
  });
});

describe('validateFlow: failure rates, pages and schedules', () => {
  it('refuses fewer than one page and a failure rate above 1; warns when the kind does not use them', () => {
    expect(v3Codes([['t', 'trigger'], ['s', 'search', { pages: 0.5 }]], [{ source: 't', target: 's' }])).toContain('assumption-invalid');
    expect(v3Codes([['t', 'trigger'], ['s', 'search', { failureRate: 1.2 }]], [{ source: 't', target: 's' }])).toContain('assumption-invalid');
    expect(v3Codes([['t', 'trigger'], ['r', 'response', { failureRate: 0.1, pages: 2 }]], [{ source: 't', target: 'r' }])).toEqual(['failure-rate-unused', 'pages-unused']);
    expect(v3Codes([['t', 'trigger'], ['s', 'search', { failureRate: { min: 0, likely: 0.1, max: 0.4 }, pages: { min: 1, likely: 2, max: 9 } }]], [{ source: 't', target: 's' }])).toEqual([]);
  });

  it('warns when items per execution sit on a module that is not an iterator (only an iterator repeats), on its assumptions.iterations', () => {
    const problems = check(specFlow([['t', 'trigger'], ['a', 'action', { iterations: 7 }]], [{ source: 't', target: 'a' }]));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'iterations-unused', severity: 'warning', moduleId: 'a', field: 'assumptions.iterations' }),
    ]);
    expect(problems[0]!.message).toMatch(/only an iterator/);
    // An iterator's own items, and a range of them, are its to use.
    expect(v3Codes([['t', 'trigger'], ['i', 'iterator', { iterations: { min: 1, likely: 2, max: 3 } }], ['s', 'search']], [{ source: 't', target: 'i' }, { source: 'i', target: 's' }])).toEqual([]);
  });

  it('refuses a schedule that cannot be read, on the trigger\'s config.schedule, naming the cron field', () => {
    const problems = check(specFlow([['t', 'trigger', undefined, { schedule: '0 25 * * *' }]], []));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'schedule-invalid',
        moduleId: 't',
        field: 'config.schedule',
        message: expect.stringContaining('the hour field "25": 25 is out of range 0–23'),
      }),
    ]);
    expect(check(specFlow([['t', 'trigger', undefined, { schedule: '*/30 8-17 * * *' }]], []))).toEqual([]);
  });

  it('warns when a schedule reads but never fires in 2026 (31 February): the flow would run 0 times a month without a word', () => {
    const problems = check(specFlow([['t', 'trigger', undefined, { schedule: '0 0 31 2 *' }]], []));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'schedule-never-fires', severity: 'warning', moduleId: 't', field: 'config.schedule', message: expect.stringContaining('never fires') }),
    ]);
    expect(check(specFlow([['t', 'trigger', undefined, { schedule: '0 0 28 2 *' }]], []))).toEqual([]);
  });
});

describe('canConnect: drawing an error edge', () => {
  const drawn = specFlow([...BASE, ['v', 'variables']], [{ source: 't', target: 'a' }, { source: 'a', target: 'b' }]);
  it('lets a module that can fail have one error branch beside its normal edge', () => {
    expect(canConnect(drawn, 'a', 'e', { error: true })).toEqual({ ok: true });
    expect(canConnect(drawn, 'a', 'e')).toMatchObject({ ok: false, reason: expect.stringContaining('Only routers branch') });
    expect(newEdgeFor(drawn, 'a', 'e', 'e9', { error: true })).toEqual({ id: 'e9', source: 'a', target: 'e', error: true });
  });
  it('refuses a second error branch, one from a kind that cannot fail, and one into a busy module or back up the flow', () => {
    const withError = { ...drawn, edges: [...drawn.edges, { id: 'x', source: 'a', target: 'e', error: true }] };
    expect(canConnect(withError, 'a', 'v', { error: true })).toMatchObject({ ok: false, reason: expect.stringContaining('already has an error branch') });
    expect(canConnect(drawn, 'v', 'e', { error: true })).toMatchObject({ ok: false, reason: expect.stringContaining('cannot fail') });
    expect(canConnect(drawn, 'a', 'b', { error: true })).toMatchObject({ ok: false });
    expect(canConnect(drawn, 'b', 'a', { error: true })).toMatchObject({ ok: false });
  });
});

describe('coverage of the codes', () => {
  it('docs/validation.md lists every code with its severity, and no other', () => {
    const doc = readFileSync(new URL('../../docs/validation.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning) \|/gm)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(rows)).toEqual(PROBLEM_CODES);
  });

  // Runs last (tests in a file run in order): every code validateFlow can report was produced above.
  it('every problem code is produced by at least one test above', () => {
    const missing = Object.keys(PROBLEM_CODES).filter((c) => !seen.has(c));
    expect(missing).toEqual([]);
  });
});
