/**
 * Model-based test of the editor: random sequences of user commands run against a real
 * editor (its store and its command registry: copy, paste, duplicate, cut, delete,
 * auto-layout, import and add go through `commands.run`, the rest through the named recipes
 * the panels use), next to a model of what the history must hold (the documents before each step).
 *
 * After every command: the document passes the file schema (parse ∘ serialize), the cost
 * the app shows (memoised, reused across drags) equals a full recompute on a fresh copy,
 * and undo / redo give back exactly the documents the model expects. At the end, undoing
 * everything gives the first document and redoing everything gives the last one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSUMPTION_KEYS, MODULE_TYPES, type Flow } from '../model/types';
import { parseFlow } from '../io/parse';
import { serializeFlow } from '../io/serialize';
import { flowArbitrary } from '../io/testing/flowArbitrary';
import { priceFlow } from '../cost/price';
import { applyScenario } from '../model/scenario';
import { emptyFlow, type EditorStore } from '../store/editor';
import { testEditor, type TestEditor } from './testing';
import { connect, moveModules, removeElements } from '../store/operations';
import { addModule } from '../store/moduleRecipes';
import { setAssumption, setFilter, setRoute, setRouterMode } from '../store/inspectorRecipes';
import { addScenario } from '../store/scenarioRecipes';

interface Model {
  /** Documents before each step still in the history (oldest first), and the undone ones. */
  past: Flow[];
  future: Flow[];
}

interface Real {
  editor: TestEditor;
  store: EditorStore;
}

const plainCopy = (flow: Flow): Flow => structuredClone(flow);

/** Picks an element of a list by a random natural number (undefined for an empty list). */
const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

/** Runs an edit and keeps the model in step: a step exists exactly when the document changed. */
function editAndRecord(model: Model, real: Real, label: string, recipe: (draft: Flow) => unknown): void {
  const before = real.store.getState().flow;
  const stepsBefore = real.store.getState().past.length;
  real.store.getState().edit(label, recipe);
  const after = real.store.getState().flow;
  if (after === before) {
    expect(real.store.getState().past.length).toBe(stepsBefore);
  } else {
    model.past.push(plainCopy(before));
    model.future = [];
  }
}

/** Runs a registry command and keeps the model in step: a step exists exactly when the document changed. */
async function runAndRecord(model: Model, real: Real, id: string, payload?: unknown): Promise<void> {
  const before = real.store.getState().flow;
  const stepsBefore = real.store.getState().past.length;
  await real.editor.commands.run(id, payload);
  if (real.store.getState().flow === before) {
    expect(real.store.getState().past.length).toBe(stepsBefore);
  } else {
    expect(real.store.getState().past.length).toBe(Math.min(stepsBefore + 1, 200));
    model.past.push(plainCopy(before));
    model.future = [];
  }
}

/** Selects the modules the numbers pick (the way a click or a lasso would). */
function selectPicked(real: Real, picks: readonly number[]): void {
  const flow = real.store.getState().flow;
  const ids = picks.map((n) => pick(flow.modules, n)?.id).filter((x): x is string => x !== undefined);
  real.store.getState().setSelection({ modules: [...new Set(ids)], edges: [] });
}

function checkInvariants(real: Real): void {
  const state = real.store.getState();
  const flow = state.flow;
  const text = serializeFlow(flow);
  const parsed = parseFlow(text);
  if (!parsed.ok) throw new Error(`The document no longer fits the schema: ${parsed.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  expect(serializeFlow(parsed.value)).toBe(text);
  // The cost on screen equals a full recompute from scratch.
  const fresh = plainCopy(flow);
  const scenario = fresh.scenarios?.find((s) => s.id === state.ui.activeScenarioId);
  const expected = priceFlow(scenario ? applyScenario(fresh, scenario) : fresh);
  const shown = real.editor.derived.selectFlowCost(state);
  expect(shown.total).toBe(expected.total);
  expect(shown.perMonth).toBe(expected.perMonth);
  expect(shown.dollarsPerMonth).toBe(expected.dollarsPerMonth);
  expect(shown.nodes).toEqual(expected.nodes);
  expect([...shown.edges.entries()]).toEqual([...expected.edges.entries()]);
  expect(shown.warnings).toEqual(expected.warnings);
}

type Cmd = fc.AsyncCommand<Model, Real>;

const simple = (name: string, run: (model: Model, real: Real) => void | Promise<void>): Cmd => ({
  check: () => true,
  run: async (model, real) => {
    await run(model, real);
    checkInvariants(real);
  },
  toString: () => name,
});

const finiteOrBad = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 500, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, -1, Infinity, 2e6) },
);
const rateOrBad = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, -0.5, 1.5) },
);

const commands = [
  fc
    .record({ type: fc.constantFrom(...MODULE_TYPES), x: fc.integer({ min: -500, max: 500 }), y: fc.integer({ min: 0, max: 900 }) })
    .map(({ type, x, y }) => simple(`add(${type})`, (m, r) => editAndRecord(m, r, 'Add', (d) => addModule(d, type, { x, y })))),
  fc.record({ modules: fc.array(fc.nat(), { maxLength: 3 }), edges: fc.array(fc.nat(), { maxLength: 2 }) }).map(({ modules, edges }) =>
    simple(`delete(${modules},${edges})`, (m, r) => {
      const flow = r.store.getState().flow;
      const ids = {
        modules: modules.map((n) => pick(flow.modules, n)?.id).filter((x): x is string => x !== undefined),
        edges: edges.map((n) => pick(flow.edges, n)?.id).filter((x): x is string => x !== undefined),
      };
      editAndRecord(m, r, 'Delete', (d) => removeElements(d, ids));
    }),
  ),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) =>
    simple(`connect(${a},${b})`, (m, r) => {
      const flow = r.store.getState().flow;
      const source = pick(flow.modules, a);
      const target = pick(flow.modules, b);
      if (source && target) editAndRecord(m, r, 'Connect', (d) => connect(d, source.id, target.id));
    }),
  ),
  fc.nat().map((n) =>
    simple(`disconnect(${n})`, (m, r) => {
      const edge = pick(r.store.getState().flow.edges, n);
      if (edge) editAndRecord(m, r, 'Disconnect', (d) => removeElements(d, { edges: [edge.id] }));
    }),
  ),
  // A drag: several moves inside one gesture, one undo step.
  fc.tuple(fc.nat(), fc.array(fc.record({ x: fc.integer({ min: -900, max: 900 }), y: fc.integer({ min: -900, max: 900 }) }), { minLength: 1, maxLength: 5 })).map(
    ([n, path]) =>
      simple(`drag(${n},${path.length})`, (m, r) => {
        const module = pick(r.store.getState().flow.modules, n);
        if (!module) return;
        const before = r.store.getState().flow;
        r.store.getState().beginGesture('Move');
        for (const p of path) r.store.getState().edit('Move', (d) => moveModules(d, [{ id: module.id, position: p }]));
        r.store.getState().endGesture();
        if (r.store.getState().flow !== before) {
          m.past.push(plainCopy(before));
          m.future = [];
        }
      }),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...ASSUMPTION_KEYS), fc.option(finiteOrBad, { nil: undefined })).map(([n, key, value]) =>
    simple(`assume(${n},${key},${value})`, (m, r) => {
      const module = pick(r.store.getState().flow.modules, n);
      if (module) editAndRecord(m, r, 'Assumption', (d) => setAssumption(d, module.id, key, value));
    }),
  ),
  fc.tuple(fc.nat(), fc.option(fc.record({ mode: fc.constantFrom('break' as const, 'skip' as const), passRate: rateOrBad }), { nil: undefined })).map(
    ([n, filter]) =>
      simple(`filter(${n},${JSON.stringify(filter)})`, (m, r) => {
        const edge = pick(r.store.getState().flow.edges, n);
        if (edge) editAndRecord(m, r, 'Filter', (d) => setFilter(d, edge.id, filter));
      }),
  ),
  fc.tuple(fc.nat(), rateOrBad, fc.boolean()).map(([n, passRate, fallback]) =>
    simple(`route(${n},${passRate},${fallback})`, (m, r) => {
      const edge = pick(r.store.getState().flow.edges, n);
      if (edge) editAndRecord(m, r, 'Route', (d) => setRoute(d, edge.id, { passRate, fallback }));
    }),
  ),
  fc.tuple(fc.nat(), fc.constantFrom('standard' as const, 'exclusive' as const)).map(([n, mode]) =>
    simple(`mode(${n},${mode})`, (m, r) => {
      const router = pick(r.store.getState().flow.modules.filter((x) => x.type === 'router'), n);
      if (router) editAndRecord(m, r, 'Mode', (d) => setRouterMode(d, router.id, mode));
    }),
  ),
  // The clipboard commands, as the keys and the menus run them.
  fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.option(fc.record({ x: fc.integer({ min: -500, max: 500 }), y: fc.integer({ min: -500, max: 500 }) }), { nil: undefined })).map(
    ([picks, at]) =>
      simple(`copy(${picks}) paste(${JSON.stringify(at)})`, async (m, r) => {
        selectPicked(r, picks);
        await runAndRecord(m, r, 'edit.copy');
        await runAndRecord(m, r, 'edit.paste', at);
      }),
  ),
  fc.array(fc.nat(), { minLength: 1, maxLength: 4 }).map((picks) =>
    simple(`duplicate(${picks})`, async (m, r) => {
      selectPicked(r, picks);
      await runAndRecord(m, r, 'edit.duplicate');
    }),
  ),
  fc.array(fc.nat(), { minLength: 1, maxLength: 3 }).map((picks) =>
    simple(`cut(${picks}) paste`, async (m, r) => {
      selectPicked(r, picks);
      await runAndRecord(m, r, 'edit.cut');
      await runAndRecord(m, r, 'edit.paste');
    }),
  ),
  fc.array(fc.nat(), { minLength: 1, maxLength: 3 }).map((picks) =>
    simple(`delete command(${picks})`, async (m, r) => {
      selectPicked(r, picks);
      await runAndRecord(m, r, 'edit.delete');
    }),
  ),
  fc.tuple(fc.constantFrom(...MODULE_TYPES), fc.option(fc.nat(), { nil: undefined })).map(([type, anchor]) =>
    simple(`module.add(${type}, below ${anchor})`, async (m, r) => {
      selectPicked(r, anchor === undefined ? [] : [anchor]);
      await runAndRecord(m, r, 'module.add', { type });
    }),
  ),
  fc.constant(simple('auto-layout', (m, r) => runAndRecord(m, r, 'view.autoLayout'))),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 300 })).map(([n, iterations]) =>
    simple(`scenario(${n},${iterations})`, (m, r) => {
      const iterator = pick(r.store.getState().flow.modules.filter((x) => x.type === 'iterator'), n);
      const overrides = iterator ? { runsPerMonth: 5000, modules: { [iterator.id]: { iterations } } } : { runsPerMonth: 5000 };
      let id: string | undefined;
      editAndRecord(m, r, 'Scenario', (d) => {
        const result = addScenario(d, { name: 'What if', overrides });
        if (result.ok) id = result.id;
      });
      r.store.getState().setActiveScenario(id ?? null);
    }),
  ),
  fc.constant(simple('scenario(off)', (_m, r) => r.store.getState().setActiveScenario(null))),
  // An import of a file's text: a file the import refuses changes nothing (runAndRecord checks it).
  flowArbitrary.map((flow) =>
    simple(`import(${flow.modules.length} modules)`, (m, r) => runAndRecord(m, r, 'file.importText', { text: serializeFlow(flow), fileName: 'random.json' })),
  ),
  fc.constant(
    simple('undo', (m, r) => {
      const expected = m.past.pop();
      const current = plainCopy(r.store.getState().flow);
      r.store.getState().undo();
      if (expected === undefined) {
        expect(r.store.getState().flow).toEqual(current);
        return;
      }
      m.future.push(current);
      expect(r.store.getState().flow).toEqual(expected);
    }),
  ),
  fc.constant(
    simple('redo', (m, r) => {
      const expected = m.future.pop();
      const current = plainCopy(r.store.getState().flow);
      r.store.getState().redo();
      if (expected === undefined) {
        expect(r.store.getState().flow).toEqual(current);
        return;
      }
      m.past.push(current);
      expect(r.store.getState().flow).toEqual(expected);
    }),
  ),
];

function startFlow(): Flow {
  const flow = emptyFlow('Start');
  addModule(flow, 'trigger', { x: 0, y: 0 });
  addModule(flow, 'iterator', { x: 0, y: 120 });
  addModule(flow, 'search', { x: 0, y: 240 });
  addModule(flow, 'aggregator', { x: 0, y: 360 });
  addModule(flow, 'router', { x: 0, y: 480 });
  addModule(flow, 'action', { x: 0, y: 600 });
  for (const [a, b] of [['m1', 'm2'], ['m2', 'm3'], ['m3', 'm4'], ['m4', 'm5'], ['m5', 'm6']] as const) connect(flow, a, b);
  return flow;
}

describe('editor, model-based', () => {
  it('keeps the document valid, the cost exact, and undo/redo faithful over random command sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 60 }), async (cmds) => {
        const initial = startFlow();
        const editor = testEditor({ flow: initial });
        const store = editor.store;
        const model: Model = { past: [], future: [] };
        const real: Real = { editor, store };
        await fc.asyncModelRun(() => ({ model, real }), cmds);

        const final = plainCopy(store.getState().flow);
        const steps = store.getState().past.length;
        expect(steps).toBe(model.past.length);
        for (let i = 0; i < steps; i++) store.getState().undo();
        expect(store.getState().canUndo).toBe(false);
        expect(store.getState().flow).toEqual(initial);
        for (let i = 0; i < steps; i++) store.getState().redo();
        expect(store.getState().flow).toEqual(final);
        checkInvariants(real);
      }),
      { numRuns: 100 }, // the run's seed (src/testing/fastCheckSeed.ts): fresh in each CI run, printed on failure
    );
  }, 120_000);
});
