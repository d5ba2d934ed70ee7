/**
 * A fast-check arbitrary of flows that fit the file schema (not necessarily the structural
 * rules): used by the io tests for round trips and fuzzing. Unknown keys are sprinkled in at
 * several levels, since the file must keep them.
 */
import fc from 'fast-check';
import { MODULE_TYPES, type Estimate, type Flow, type Module } from '../../model/types';

const nonNegative = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true });
const share = fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true });

const rangeOf = (value: fc.Arbitrary<number>): fc.Arbitrary<Estimate> =>
  fc.tuple(value, value, value).map(([a, b, c]) => {
    const [min, likely, max] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
    return { min, likely, max };
  });
const estimateOf = (value: fc.Arbitrary<number>): fc.Arbitrary<Estimate> => fc.oneof(value, rangeOf(value));

const extraKeys = fc.dictionary(
  fc.constantFrom('note', 'colour', 'x-owner', 'tags', 'zeta', 'alpha'),
  fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 })),
  { maxKeys: 2 },
);

const assumptions = fc.record(
  {
    durationSec: estimateOf(nonNegative),
    payloadKB: estimateOf(nonNegative),
    retries: estimateOf(fc.double({ min: 0, max: 3, noNaN: true })),
    extraCredits: estimateOf(nonNegative),
    iterations: estimateOf(fc.double({ min: 0, max: 1000, noNaN: true })),
  },
  { requiredKeys: [] },
);

const conditions = fc.oneof(
  fc.constant({ '@and': [{ '{{[m1].email}}': { _neq: '' } }] }),
  fc.record({ '@or': fc.array(fc.record({ '{{[m1].country}}': fc.record({ _eq: fc.string({ maxLength: 4 }) }) }), { maxLength: 3 }) }),
);

export const flowArbitrary: fc.Arbitrary<Flow> = fc
  .record({
    name: fc.string({ maxLength: 30 }),
    runsPerMonth: fc.option(estimateOf(nonNegative), { nil: undefined }),
    moduleCount: fc.integer({ min: 0, max: 12 }),
    types: fc.array(fc.constantFrom(...MODULE_TYPES), { minLength: 12, maxLength: 12 }),
    names: fc.array(fc.string({ maxLength: 20 }), { minLength: 12, maxLength: 12 }),
    positions: fc.array(fc.record({ x: fc.integer({ min: -2000, max: 2000 }), y: fc.integer({ min: 0, max: 4000 }) }), { minLength: 12, maxLength: 12 }),
    assumptions: fc.array(fc.option(assumptions, { nil: undefined }), { minLength: 12, maxLength: 12 }),
    moduleExtras: fc.array(extraKeys, { minLength: 12, maxLength: 12 }),
    edgeSpecs: fc.array(
      fc.record({
        from: fc.nat(),
        to: fc.nat(),
        kind: fc.constantFrom('plain', 'filter', 'route'),
        mode: fc.constantFrom('break', 'skip' as const),
        passRate: estimateOf(share),
        priority: fc.integer({ min: 0, max: 9 }),
        fallback: fc.boolean(),
        conditions: fc.option(conditions, { nil: undefined }),
        extra: extraKeys,
      }),
      { maxLength: 14 },
    ),
    scenarios: fc.option(
      fc.array(fc.record({ name: fc.string({ maxLength: 12 }), runs: estimateOf(nonNegative), retries: estimateOf(share) }), { maxLength: 3 }),
      { nil: undefined },
    ),
    budget: fc.option(fc.record({ amount: nonNegative, unit: fc.constantFrom('credits', 'dollars' as const) }), { nil: undefined }),
    flowExtra: extraKeys,
  })
  .map((spec) => {
    const modules: Module[] = [];
    for (let i = 0; i < spec.moduleCount; i++) {
      const type = spec.types[i]!;
      const base = { id: `m${i + 1}`, name: spec.names[i]!, position: spec.positions[i]!, ...spec.moduleExtras[i]! };
      const a = spec.assumptions[i];
      const withAssumptions = a === undefined ? base : { ...base, assumptions: a };
      if (type === 'router') modules.push({ ...withAssumptions, type, config: { mode: i % 2 ? 'exclusive' : 'standard' } });
      else if (type === 'aggregator') modules.push({ ...withAssumptions, type, config: { iteratorId: i > 0 ? `m${i}` : '' } });
      else modules.push({ ...withAssumptions, type } as Module);
    }
    const edges = modules.length === 0 ? [] : spec.edgeSpecs.map((e, k) => {
      const edge: Flow['edges'][number] = {
        id: `e${k + 1}`,
        source: modules[e.from % modules.length]!.id,
        target: modules[e.to % modules.length]!.id,
        ...e.extra,
      };
      const conditions = e.conditions === undefined ? {} : { conditions: e.conditions };
      if (e.kind === 'filter') edge.filter = { mode: e.mode, passRate: e.passRate, ...conditions };
      if (e.kind === 'route') edge.route = { priority: e.priority, passRate: e.passRate, fallback: e.fallback, ...conditions };
      return edge;
    });
    const flow: Flow = {
      format: 'creditflow',
      version: 2,
      name: spec.name,
      settings: {
        ...(spec.runsPerMonth === undefined ? {} : { runsPerMonth: spec.runsPerMonth }),
        ...(spec.budget === undefined ? {} : { budget: spec.budget }),
      },
      modules,
      edges,
      ...(spec.scenarios === undefined
        ? {}
        : {
            scenarios: spec.scenarios.map((s, k) => ({
              id: `s${k + 1}`,
              name: s.name,
              overrides: { runsPerMonth: s.runs, ...(modules[0] ? { modules: { [modules[0].id]: { retries: s.retries } } } : {}) },
            })),
          }),
      ...spec.flowExtra,
    };
    return flow;
  });
