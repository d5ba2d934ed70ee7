/**
 * Property (issue 18 item 5): whatever sequence of editor operations a person performs — at and
 * past every limit of the table of field rules — the flow autosaves and reloads as the same flow.
 * The recipes refuse what the file reader would refuse, so every flow they make passes it.
 *
 * Autosave and reload as persistence.ts does them: the record holds `serializeFlow(flow)`, reload
 * reads the record (readStoredText) and parses its flow text (parseFlow).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../io/parse';
import { serializeFlow } from '../io/serialize';
import { ASSUMPTION_RULES, FIELD_RULES, MAX_CONDITION_DEPTH, TEXT_RULES } from '../model/fieldRules';
import { ASSUMPTION_KEYS, MODULE_TYPES, type Conditions, type Flow } from '../model/types';
import { emptyFlow } from './editor';
import { connect, removeElements, setBudget, setFlowName, setRunsPerMonth } from './operations';
import { addModule } from './moduleRecipes';
import { renameModule, setAssumption, setFilter, setRateCard, setRoute } from './inspectorRecipes';
import { addScenario, updateScenario } from './scenarioRecipes';
import { clipboardText, copySelection, parseClipboard, pasteInto } from './clipboard';
import { readStoredText, STORAGE_VERSION } from './persistence';

type Op = (flow: Flow) => unknown;

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

/** Names around the limit, with emoji (two UTF-16 units, one character) and spaces. */
const name = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'é', '😀', ' ', '字'), maxLength: 8 }),
  fc.string({ unit: fc.constantFrom('a', '😀', ' '), minLength: TEXT_RULES.moduleName.max - 4, maxLength: TEXT_RULES.moduleName.max + 60 }),
);

/** A number in the rule, at its bounds, just past them, or nothing a file may hold. */
const numberFor = (rule: { min: number; max: number }) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.double({ min: rule.min, max: rule.max, noNaN: true }) },
    { weight: 2, arbitrary: fc.constantFrom(rule.min, rule.max) },
    { weight: 1, arbitrary: fc.constantFrom(rule.max * 1.000001, rule.min - 1, 1e308, -0, 5e-324, Number.NaN, Infinity) },
  );

const estimateFor = (rule: { min: number; max: number }) =>
  fc.oneof(
    { weight: 3, arbitrary: numberFor(rule) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(numberFor(rule), numberFor(rule), numberFor(rule))
        .map(([a, b, c]) => [a, b, c].sort((x, y) => x - y))
        .map(([min, likely, max]) => ({ min: min!, likely: likely!, max: max! })),
    },
  );

/** Conditions `levels` deep (each group and the rule one level), as the builder writes them. */
function nested(levels: number, mapping: string): Conditions {
  let c: Conditions = { [mapping]: { _in: ['ES', 42, null] } };
  for (let i = 1; i < levels; i++) c = { [i % 3 === 0 ? '@not' : i % 2 ? '@and' : '@or']: [c] };
  return c;
}

const ops: fc.Arbitrary<Op>[] = [
  fc
    .tuple(fc.constantFrom(...MODULE_TYPES), fc.option(name, { nil: undefined }), fc.integer({ min: -2000, max: 2000 }))
    .map(([type, given, x]) => (f: Flow) => addModule(f, type, { x, y: -x }, given === undefined ? {} : { name: given })),
  fc.tuple(fc.nat(), name).map(([n, text]) => (f: Flow) => {
    const m = pick(f.modules, n);
    return m && renameModule(f, m.id, text);
  }),
  name.map((text) => (f: Flow) => setFlowName(f, text)),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (f: Flow) => {
    const s = pick(f.modules, a);
    const t = pick(f.modules, b);
    return s && t && connect(f, s.id, t.id);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...ASSUMPTION_KEYS)).chain(([n, key]) =>
    estimateFor(ASSUMPTION_RULES[key]).map((value) => (f: Flow) => {
      const m = pick(f.modules, n);
      return m && setAssumption(f, m.id, key, value);
    }),
  ),
  estimateFor(FIELD_RULES.runsPerMonth).map((value) => (f: Flow) => setRunsPerMonth(f, value)),
  numberFor(FIELD_RULES.budget).map((amount) => (f: Flow) => setBudget(f, { amount, unit: 'dollars' })),
  fc
    .tuple(numberFor(FIELD_RULES.referenceSec), numberFor(FIELD_RULES.baseCredits), numberFor(FIELD_RULES.dollarsPerCredit))
    .map(([referenceSec, code, dollarsPerCredit]) => (f: Flow) => setRateCard(f, { time: { referenceSec }, baseCredits: { code }, dollarsPerCredit })),
  fc.tuple(fc.nat(), estimateFor(FIELD_RULES.passRate), fc.integer({ min: 1, max: MAX_CONDITION_DEPTH + 4 })).map(
    ([n, passRate, levels]) =>
      (f: Flow) => {
        const e = pick(f.edges, n);
        if (!e) return;
        const conditions = nested(levels, `{{[${e.source}].body}}`);
        return e.route ? setRoute(f, e.id, { passRate, conditions }) : setFilter(f, e.id, { mode: 'break', passRate, conditions });
      },
  ),
  fc.tuple(fc.nat(), numberFor(FIELD_RULES.priority), fc.boolean()).map(([n, priority, fallback]) => (f: Flow) => {
    const e = pick(f.edges, n);
    return e && setRoute(f, e.id, { priority, fallback });
  }),
  fc.tuple(name, estimateFor(FIELD_RULES.runsPerMonth)).map(([text, runsPerMonth]) => (f: Flow) => addScenario(f, { name: text, overrides: { runsPerMonth } })),
  fc.tuple(fc.nat(), name).map(([n, text]) => (f: Flow) => {
    const s = pick(f.scenarios ?? [], n);
    return s && updateScenario(f, s.id, { name: text });
  }),
  // Copy and paste through the clipboard's text, as between two tabs.
  fc.array(fc.nat(), { minLength: 1, maxLength: 3 }).map((picks) => (f: Flow) => {
    const ids = picks.map((n) => pick(f.modules, n)?.id).filter((id): id is string => id !== undefined);
    const data = parseClipboard(clipboardText(copySelection(f, { modules: ids })));
    return data && pasteInto(f, data);
  }),
  // A clipboard text written by hand (or by another program): names and numbers past the limits.
  fc.tuple(name, estimateFor(ASSUMPTION_RULES.retries)).map(([text, retries]) => (f: Flow) => {
    const data = parseClipboard(
      JSON.stringify({
        kind: 'creditflow/modules',
        version: 1,
        modules: [{ id: 'x', type: 'action', name: text, position: { x: 1, y: 2 }, assumptions: { retries } }],
        edges: [],
      }),
    );
    return data && pasteInto(f, data);
  }),
  fc.nat().map((n) => (f: Flow) => {
    const m = pick(f.modules, n);
    return m && removeElements(f, { modules: [m.id] });
  }),
];

/** Autosave, then reload: the record as persistence.ts writes it and reads it back. */
function autosaveAndReload(flow: Flow): Flow {
  const stored = JSON.stringify({ storageVersion: STORAGE_VERSION, savedAt: 1, tabId: 't', flowText: serializeFlow(flow) });
  const read = readStoredText(stored);
  if (!read.ok) throw new Error(read.reason);
  const parsed = parseFlow(read.record.flowText);
  if (!parsed.ok) throw new Error(`Reload refused the autosaved flow: ${parsed.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  return parsed.value;
}

describe('autosave → reload gives back every flow the editor can make (property)', () => {
  it('at and past every limit of the table of field rules', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(...ops), { minLength: 1, maxLength: 30 }), (sequence) => {
        const flow = emptyFlow('Property');
        for (const op of sequence) op(flow);
        const back = autosaveAndReload(flow);
        // JSON has no negative zero: -0 comes back as 0, the same number. Nothing else may differ.
        expect(back).toEqual(JSON.parse(JSON.stringify(flow)));
        expect(serializeFlow(back)).toBe(serializeFlow(flow));
      }),
      { numRuns: 150 },
    );
  });
});
