import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createScenarioValidator, createValidator, validateFlow, validateScenario } from './validate';
import { brokenFlowArbitrary, validFlowArbitrary } from './testing/arbitraries';
import { generateFlow } from './generate';
import { ASSUMPTION_KEYS, type Flow, type Module, type Scenario } from './types';

/** An assumption value, good or bad: numbers, ranges (some out of order), NaN, negatives, a huge number, nothing. */
const valueArb = fc.oneof(
  fc.double({ min: 0, max: 100, noNaN: true }),
  fc.constantFrom(-1, Number.NaN, 1e12, Infinity, undefined, 'ten' as unknown as number),
  fc
    .tuple(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }))
    .map(([min, likely, max]) => ({ min, likely, max })),
);

/** One change to a flow: mostly an assumption (what an edit in the inspector does), sometimes more. */
const editArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('assumption' as const), at: fc.nat(), key: fc.constantFrom(...ASSUMPTION_KEYS), value: valueArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('not-a-set' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retype' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('runs' as const), value: valueArb }) },
);
type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

/** The flow after `edit`, new objects where something changed (as immer gives), the rest shared. */
function applyEdit(flow: Flow, edit: Edit): Flow {
  if (edit.kind === 'runs') return { ...flow, settings: { ...flow.settings, runsPerMonth: edit.value as number } };
  if (flow.modules.length === 0) return flow;
  const i = edit.at % flow.modules.length;
  const m = flow.modules[i]!;
  const modules = flow.modules.slice();
  switch (edit.kind) {
    case 'assumption':
      modules[i] = { ...m, assumptions: { ...m.assumptions, [edit.key]: edit.value } } as Module;
      break;
    case 'not-a-set':
      modules[i] = { ...m, assumptions: 7 as unknown as Module['assumptions'] };
      break;
    case 'move':
      modules[i] = { ...m, position: { x: m.position.x + 5, y: m.position.y } };
      break;
    case 'rename':
      modules[i] = { ...m, name: `${m.name}!` };
      break;
    case 'remove':
      modules.splice(i, 1);
      return { ...flow, modules, edges: flow.edges.filter((e) => e.source !== m.id && e.target !== m.id) };
    case 'retype':
      modules[i] = { ...m, type: m.type === 'action' ? 'search' : 'action' } as Module;
      break;
  }
  return { ...flow, modules };
}

describe('createValidator (validation after an edit, reusing the last pass)', () => {
  it('gives the very problems validateFlow gives after every edit of a sequence, valid and broken flows alike', () => {
    fc.assert(
      fc.property(fc.oneof(validFlowArbitrary({ maxModules: 40 }), brokenFlowArbitrary({ maxModules: 40 })), fc.array(editArb, { maxLength: 12 }), (start, edits) => {
        const validator = createValidator();
        let flow = start;
        expect(validator.validate(flow)).toEqual(validateFlow(flow));
        for (const edit of edits) {
          flow = applyEdit(flow, edit);
          expect(validator.validate(flow)).toEqual(validateFlow(flow));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the cap per code right when an edit fixes or breaks one of more than 500 like problems', () => {
    const flow = generateFlow({ modules: 700, seed: 3 });
    const broken: Flow = { ...flow, modules: flow.modules.map((m) => ({ ...m, assumptions: { ...m.assumptions, durationSec: -1 } }) as Module) };
    const validator = createValidator();
    const before = validator.validate(broken);
    expect(before.some((p) => p.message.startsWith('…and 200 more problems like these (assumption-negative)'))).toBe(true);
    let edited = broken;
    for (const at of [0, 350, 699]) {
      const modules = edited.modules.slice();
      modules[at] = { ...modules[at]!, assumptions: { ...modules[at]!.assumptions, durationSec: 2 } } as Module;
      edited = { ...edited, modules };
      expect(validator.validate(edited)).toEqual(validateFlow(edited));
    }
    expect(validator.validate(edited).some((p) => p.message.startsWith('…and 197 more problems like these'))).toBe(true);
  });

  it('names a module that the edit made wrong, and forgets it once fixed', () => {
    const flow = generateFlow({ modules: 50, seed: 1 });
    const validator = createValidator();
    expect(validator.validate(flow).filter((p) => p.moduleId === flow.modules[10]!.id)).toEqual([]);
    const modules = flow.modules.slice();
    modules[10] = { ...modules[10]!, assumptions: { ...modules[10]!.assumptions, payloadKB: -3 } } as Module;
    const bad = { ...flow, modules };
    expect(validator.validate(bad).filter((p) => p.moduleId === flow.modules[10]!.id).map((p) => p.field)).toEqual(['assumptions.payloadKB']);
    expect(validator.validate(flow).filter((p) => p.moduleId === flow.modules[10]!.id)).toEqual([]);
  });
});

describe('createScenarioValidator', () => {
  it('gives what validateScenario gives, with and without a scenario, across assumption edits', () => {
    fc.assert(
      fc.property(validFlowArbitrary({ maxModules: 30 }), fc.array(editArb, { maxLength: 8 }), fc.nat(), fc.boolean(), (start, edits, at, useScenario) => {
        const target = start.modules[at % start.modules.length]!;
        const scenario: Scenario = { id: 's1', name: 'Busy', overrides: { modules: { [target.id]: { durationSec: -2 } } } };
        const validator = createScenarioValidator();
        let flow = start;
        for (const edit of edits) {
          flow = applyEdit(flow, edit);
          const s = useScenario ? scenario : undefined;
          expect(validator.validate(flow, s)).toEqual(validateScenario(flow, s));
        }
      }),
      { numRuns: 80 },
    );
  });
});
