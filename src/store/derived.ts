/**
 * Data derived from the document, computed outside React and memoised on the identity of
 * what it depends on. Immer gives a new object exactly where something changed, so an
 * identity check says whether a recompute is needed.
 *
 * - The cost of the flow (with the active scenario applied) is recomputed only when
 *   something that prices changes: a drag (positions only) reuses the last cost.
 * - The problems are those of the flow the user is looking at (checkFlow with the active
 *   scenario), cached on the flow and the scenario.
 * - `selectModuleNames` keeps one Map of names while no name changes (panels listing modules).
 *
 * The caches belong to one editor: `createDerived()` makes a fresh set (each editor instance
 * owns one, src/editor), so two editors, or two tests, never share a cached value.
 */
import type { Estimate, Flow, Module, Scenario } from '../model/types';
import type { FlowCost } from '../cost/types';
import type { Problem } from '../model/problems';
import { createPricer } from '../cost/pricer';
import { applyScenario } from '../model/scenario';
import { hasRunRanges } from '../model/ranges';
import type { FlowChecker } from '../cost/check';
import type { EditorState, EditorStore } from './editor';
import type { CompareSelectors } from './compare';
import type { createHistoryCosts, HistoryCosts, HistoryInputs } from './stepCosts';
import { modulesTouchedBetween } from './flowChanges';

type CostInputs = Pick<EditorState, 'flow' | 'ui'>;

/** The scenario the canvas shows, or undefined for the base flow. */
export function activeScenario(state: CostInputs): Scenario | undefined {
  const id = state.ui.activeScenarioId;
  if (id === null) return undefined;
  return state.flow.scenarios?.find((s) => s.id === id);
}

/**
 * The pass rate the active scenario gives an edge (its route's or filter's), or undefined when
 * the canvas shows the base flow or the scenario leaves the edge as it is.
 */
export function scenarioPassRate(state: CostInputs, edgeId: string): Estimate | undefined {
  const edges = activeScenario(state)?.overrides?.edges;
  if (!edges || !Object.prototype.hasOwnProperty.call(edges, edgeId)) return undefined;
  return edges[edgeId]?.passRate;
}

/** Whether two versions of a module price the same: everything but the position is the same object/value. */
function samePricing(a: Module, b: Module): boolean {
  if (a === b) return true;
  return (
    a.id === b.id &&
    a.type === b.type &&
    a.name === b.name &&
    a.assumptions === b.assumptions &&
    (a as { config?: unknown }).config === (b as { config?: unknown }).config
  );
}

/**
 * Whether `next` prices like `prev`: same edges, settings and scenarios, and modules that
 * differ only in position. Linear, with identity checks only (cheap on every drag frame).
 */
export function onlyPositionsChanged(prev: Flow, next: Flow): boolean {
  if (prev === next) return true;
  // After edits the store noted: only the modules they reached into (flowChanges.ts).
  const touched = modulesTouchedBetween(prev, next);
  if (touched) return touched.every((i) => samePricing(prev.modules[i]!, next.modules[i]!));
  if (prev.edges !== next.edges || prev.settings !== next.settings || prev.scenarios !== next.scenarios) return false;
  if (prev.modules.length !== next.modules.length) return false;
  for (let i = 0; i < prev.modules.length; i++) {
    if (!samePricing(prev.modules[i]!, next.modules[i]!)) return false;
  }
  for (const key of Object.keys(next)) {
    if (key !== 'modules' && key !== 'edges' && key !== 'settings' && key !== 'scenarios' && key !== 'name' && prev[key] !== next[key]) {
      return false;
    }
  }
  return true;
}

export interface ProblemIndex {
  byModule: ReadonlyMap<string, readonly Problem[]>;
  byEdge: ReadonlyMap<string, readonly Problem[]>;
}

/** Paints first, then runs `task`: the frame after this one has been produced. */
function afterNextPaint(task: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(task, 0));
  else setTimeout(task, 0);
}

/** Whether the canvas draws two versions of a module alike (id, kind, name, position). */
function sameDrawing(a: Module, b: Module): boolean {
  return a === b || (a.id === b.id && a.type === b.type && a.name === b.name && a.position === b.position);
}

/** Modules a step of moduleNamesInSteps names: a few milliseconds. */
export const NAMES_SLICE = 10_000;

/** Each module of modules[from..to) by id (the first of a duplicated id wins). */
function addNames(names: Map<string, string>, modules: readonly Module[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const m = modules[i]!;
    if (!names.has(m.id)) names.set(m.id, m.name);
  }
}

function sameIdsAndNames(a: readonly Module[], b: readonly Module[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.id !== b[i]!.id || a[i]!.name !== b[i]!.name) return false;
  return true;
}

function sameProblems(a: readonly Problem[] | undefined, b: readonly Problem[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every(
    (p, i) =>
      p.code === b[i]!.code &&
      p.message === b[i]!.message &&
      p.severity === b[i]!.severity &&
      p.field === b[i]!.field &&
      p.moduleId === b[i]!.moduleId &&
      p.edgeId === b[i]!.edgeId,
  );
}

const EMPTY_PROBLEMS: readonly Problem[] = Object.freeze([]);

/**
 * A selector factory that keeps, per key, the last value handed out and hands it out again
 * while the new one is equal: components subscribed to it re-render only on real changes.
 */
function stableSelector<T>(compute: (state: EditorState, key: string) => T, equal: (a: T, b: T) => boolean) {
  const last = new Map<string, T>();
  return (state: EditorState, key: string): T => {
    const next = compute(state, key);
    const prev = last.get(key);
    if (prev !== undefined && equal(prev, next)) return prev;
    last.set(key, next);
    return next;
  };
}

/** One editor's memoised selectors (each a stable function: pass it straight to a store subscription). */
export interface Derived extends CompareSelectors {
  /**
   * The flow as everything but the canvas sees it: the same object across changes that only move
   * modules, so the inspector and the what-if panels (lint, sensitivity, simulation) neither
   * re-render nor recompute on each frame of a drag. Positions in it may be out of date.
   */
  selectFlowIgnoringPositions(state: Pick<EditorState, 'flow'>): Flow;
  /**
   * Whether the flow on the canvas (active scenario applied) has ranges on assumptions or pass
   * rates, so its modules show a P10–P90 band. Memoised: a drag does not recompute it.
   */
  selectHasRunRanges(state: CostInputs): boolean;
  /** The cost of the flow on the canvas (active scenario applied), memoised. */
  selectFlowCost(state: CostInputs): FlowCost;
  /**
   * `selectFlowCost` for a flow about to be shown, worked out in steps (the pricer's
   * priceInSteps: `slice` modules or edges a step) that the caller runs a task or so each; the
   * last step puts the cost in the cache, so no task compiles or prices a large flow being opened
   * whole. The cost is the one selectFlowCost would work out. No step when the cache holds it.
   */
  costInSteps(state: CostInputs, slice?: number): Generator<void, void, void>;
  /**
   * The modules as the canvas draws them (id, kind, name, position): the same array while only
   * what the canvas does not draw changes (an assumption, a config), so an edit in the inspector
   * does not re-render the canvas. Values other than those four may be out of date in it.
   */
  selectDrawnModules(state: Pick<EditorState, 'flow'>): readonly Module[];
  /**
   * Each module's name by id (the first of a duplicated id), the same Map while no id or name
   * changes: panels that list modules by name do not re-render on a drag.
   */
  selectModuleNames(state: Pick<EditorState, 'flow'>): ReadonlyMap<string, string>;
  /**
   * selectModuleNames worked out ahead, as steps to run a task each: NAMES_SLICE modules a step,
   * then the Map goes into the cache, so no task puts a huge flow's names in (100,000 modules:
   * 103–171 ms in one task). The Map is the one selectModuleNames would make.
   */
  moduleNamesInSteps(state: Pick<EditorState, 'flow'>, slice?: number): (() => void)[];
  /**
   * Every problem of the flow the user is looking at (the active scenario applied: what it
   * brings names it), memoised on the flow and the scenario (positions do not matter).
   */
  selectProblems(state: CostInputs): Problem[];
  /**
   * The problems of `flow` (its base flow: no scenario) worked out elsewhere with the same
   * `checkFlow` (the import worker): `selectProblems` hands them out for that flow instead of
   * validating it again on this thread.
   */
  adoptProblems(flow: Flow, problems: Problem[]): void;
  /** The problems grouped by the module and the edge they are pinned to. */
  selectProblemIndex(state: CostInputs): ProblemIndex;
  /** The problems pinned to one module, stable while they are the same. */
  selectModuleProblems(state: EditorState, id: string): readonly Problem[];
  /** The problems pinned to one edge, stable while they are the same. */
  selectEdgeProblems(state: EditorState, id: string): readonly Problem[];
  /**
   * This editor's selector of each undo step with its effect on credits per month (stepCosts.ts),
   * cached per step: made once, with `make` (createHistoryCosts, which only the history panel's
   * code brings, so it is not in the first download), and the same selector on every call.
   */
  historyCosts(make: typeof createHistoryCosts): (state: HistoryInputs) => HistoryCosts;
  /**
   * The app's switch (main.tsx): after an edit, the problems may trail the edit by one frame. The
   * edit's frame shows the new cost at once; the flow is validated right after it has painted,
   * and the store is touched so that every problem marker and list catches up. Tests and the CLI
   * keep validating in step (the default). Returns the switch back.
   */
  validateAfterPaint(store: EditorStore, afterPaint?: (task: () => void) => void): () => void;
}

export interface DerivedOptions {
  /**
   * Makes the validation (cost/check.ts's createFlowChecker). By default its code loads on first
   * need, off the page's first download: until it has loaded there are no problems to show
   * (selectProblems hands out the last ones, or none), then `loaded` runs, or with
   * validateAfterPaint the flow is validated after the next paint. Tests and tools that want
   * problems at once pass createFlowChecker itself.
   */
  flowChecker?: () => FlowChecker | Promise<FlowChecker>;
  /**
   * Makes the compare selectors (store/compare.ts's createCompareSelectors). By default their code
   * loads when a comparison is first asked for (ui.compare set): selectCompare is null until then,
   * and `loaded` runs once it is there. Tests pass createCompareSelectors itself.
   */
  compareSelectors?: (flowOf: (state: Pick<EditorState, 'flow'>) => Flow, costOf: (state: CostInputs) => FlowCost) => CompareSelectors | Promise<CompareSelectors>;
  /** Told when code that loaded later is there (the editor touches its store, so what it shows catches up). */
  loaded?: () => void;
}

/** The validation's code, loaded when first needed (a chunk of its own: not in the first download). */
const loadFlowChecker = (): Promise<FlowChecker> => import('../cost/check').then((m) => m.createFlowChecker());

/** The comparison's code (the diff engine and its words), loaded when a comparison is first shown. */
const loadCompareSelectors: NonNullable<DerivedOptions['compareSelectors']> = (flowOf, costOf) =>
  import('./compare').then((m) => m.createCompareSelectors(flowOf, costOf));

/**
 * A part made by `make`, at once or once its code has loaded: `now()` is the part, or null while it
 * loads (the first call starts the load; `ready` runs when it is there). A load that fails is tried
 * again on the next call.
 */
function lateCode<T>(make: () => T | Promise<T>, ready: () => void) {
  let part: T | null = null;
  let loading = false;
  return {
    now(): T | null {
      if (part !== null || loading) return part;
      const made = make();
      if (!(made instanceof Promise)) {
        part = made;
        return part;
      }
      loading = true;
      made.then(
        (loaded) => {
          part = loaded;
          ready();
        },
        () => {
          // The code did not download (offline after an update): tried again on the next need.
          loading = false;
        },
      );
      return null;
    },
    /** The part if it is there, without starting a load. */
    get ready(): T | null {
      return part;
    },
  };
}

/** Credits per month of a flow (no scenario), priced by `pricer`: equal to priceFlow's. */
function pricedPerMonth(pricer: ReturnType<typeof createPricer>) {
  return (flow: Flow): number => pricer.price(flow).perMonth;
}

/** A fresh set of memoised selectors with caches of their own. */
export function createDerived(options: DerivedOptions = {}): Derived {
  let unmovedCache: Flow | null = null;
  let rangesCache: { flow: Flow; scenario: Scenario | undefined; ranged: boolean } | null = null;
  let costCache: { flow: Flow; scenario: Scenario | undefined; cost: FlowCost } | null = null;
  /** The modules last handed out by selectDrawnModules (`shown`, maybe of an earlier flow) and the flow last asked about. */
  let drawnCache: { flow: Flow; shown: readonly Module[] } | null = null;
  let namesCache: { flow: Flow; names: ReadonlyMap<string, string> } | null = null;
  let problemsCache: { flow: Flow; scenario: Scenario | undefined; problems: Problem[] } | null = null;
  let deferral: { store: EditorStore; afterPaint: (task: () => void) => void; pending: boolean } | null = null;
  let historyCosts: ((state: HistoryInputs) => HistoryCosts) | null = null;
  let indexCache: { problems: Problem[]; index: ProblemIndex } | null = null;
  /**
   * The engine's incremental pricer: it keeps the compiled structure of the last flow and only
   * re-runs the numeric pass while modules and edges keep their ids and ends (an assumption,
   * a pass rate, a mode). Its result is identical to priceFlow (the model-based test checks it).
   */
  const pricer = createPricer();
  /**
   * Validation with a memory of the last flow: after an assumption edit only the edited module's own
   * checks run again, and the overflow check reads the cost already priced (selectFlowCost).
   * Null while its code loads (the first need starts the load).
   */
  const checker = lateCode(options.flowChecker ?? loadFlowChecker, () => {
    const d = deferral;
    if (!d) options.loaded?.();
    else if (!d.pending) {
      d.pending = true;
      d.afterPaint(validateNow);
    }
  });

  const selectFlowIgnoringPositions = (state: Pick<EditorState, 'flow'>): Flow => {
    const cached = unmovedCache;
    if (cached && onlyPositionsChanged(cached, state.flow) && cached.name === state.flow.name) return cached;
    unmovedCache = state.flow;
    return state.flow;
  };

  const selectHasRunRanges = (state: CostInputs): boolean => {
    const flow = selectFlowIgnoringPositions(state);
    const scenario = activeScenario(state);
    const cached = rangesCache;
    if (cached && cached.flow === flow && cached.scenario === scenario) return cached.ranged;
    const ranged = hasRunRanges(scenario ? applyScenario(flow, scenario) : flow);
    rangesCache = { flow, scenario, ranged };
    return ranged;
  };

  /** The cached cost when it holds for `flow` seen through `scenario` (the same flow, or its modules only moved). */
  const cachedCost = (flow: Flow, scenario: Scenario | undefined): FlowCost | undefined => {
    const cached = costCache;
    if (!cached || cached.scenario !== scenario) return undefined;
    if (cached.flow !== flow) {
      if (!onlyPositionsChanged(cached.flow, flow)) return undefined;
      costCache = { flow, scenario, cost: cached.cost };
    }
    return cached.cost;
  };

  const selectFlowCost = (state: CostInputs): FlowCost => {
    const scenario = activeScenario(state);
    const cached = cachedCost(state.flow, scenario);
    if (cached) return cached;
    const cost = pricer.price(scenario ? applyScenario(state.flow, scenario) : state.flow);
    costCache = { flow: state.flow, scenario, cost };
    return cost;
  };

  function* costInSteps(state: CostInputs, slice?: number): Generator<void, void, void> {
    const scenario = activeScenario(state);
    if (cachedCost(state.flow, scenario)) return;
    // A scenario's flow is made anew for each price: only the base flow is priced ahead.
    if (!scenario) yield* pricer.priceInSteps(state.flow, undefined, slice);
    selectFlowCost(state);
  }

  const selectDrawnModules = (state: Pick<EditorState, 'flow'>): readonly Module[] => {
    const { flow } = state;
    const modules = flow.modules;
    const cached = drawnCache;
    if (cached) {
      const shown = cached.shown;
      // After noted edits only the modules they touched can differ; else every module is looked at.
      const touched = modulesTouchedBetween(cached.flow, flow);
      const same = touched
        ? touched.every((i) => sameDrawing(shown[i]!, modules[i]!))
        : shown.length === modules.length && modules.every((m, i) => sameDrawing(shown[i]!, m));
      if (same) {
        drawnCache = { flow, shown };
        return shown;
      }
    }
    drawnCache = { flow, shown: modules };
    return modules;
  };

  const selectModuleNames = (state: Pick<EditorState, 'flow'>): ReadonlyMap<string, string> => {
    const { flow } = state;
    const modules = flow.modules;
    const cached = namesCache;
    if (cached) {
      const touched = modulesTouchedBetween(cached.flow, flow);
      const same = touched
        ? touched.every((i) => modules[i]!.id === cached.flow.modules[i]!.id && modules[i]!.name === cached.flow.modules[i]!.name)
        : sameIdsAndNames(cached.flow.modules, modules);
      if (same) {
        namesCache = { flow, names: cached.names };
        return cached.names;
      }
    }
    const names = new Map<string, string>();
    addNames(names, modules, 0, modules.length);
    namesCache = { flow, names };
    return names;
  };

  const moduleNamesInSteps = (state: Pick<EditorState, 'flow'>, slice = NAMES_SLICE): (() => void)[] => {
    const { flow } = state;
    const modules = flow.modules;
    const names = new Map<string, string>();
    const steps: (() => void)[] = [];
    for (let from = 0; from < modules.length; from += slice) {
      const to = Math.min(modules.length, from + slice);
      steps.push(() => addNames(names, modules, from, to));
    }
    steps.push(() => {
      namesCache = { flow, names };
    });
    return steps;
  };

  /**
   * The cached problems when they hold for `flow` seen through `scenario` (the same flow, or its
   * modules only moved, and the same scenario), else undefined.
   */
  const cachedProblemsFor = (flow: Flow, scenario: Scenario | undefined): Problem[] | undefined => {
    const cached = problemsCache;
    if (!cached || cached.scenario !== scenario || !onlyPositionsChanged(cached.flow, flow)) return undefined;
    if (cached.flow !== flow) problemsCache = { flow, scenario, problems: cached.problems };
    return cached.problems;
  };

  const validateNow = (): void => {
    const d = deferral;
    if (!d) return;
    d.pending = false;
    const ready = checker.now();
    if (!ready) return;
    const state = d.store.getState();
    const flow = state.flow;
    const scenario = activeScenario(state);
    if (cachedProblemsFor(flow, scenario)) return;
    problemsCache = { flow, scenario, problems: ready.check(flow, scenario, selectFlowCost(state)) };
    // A change of no field: every subscriber runs its selectors again and sees the new problems.
    d.store.setState({});
  };

  const selectProblems = (state: CostInputs): Problem[] => {
    const scenario = activeScenario(state);
    const current = cachedProblemsFor(state.flow, scenario);
    if (current) return current;
    const d = deferral;
    const last = problemsCache;
    const ready = checker.now();
    // Until the validation's code is there: the last problems of this scenario, or none yet.
    if (!ready) return last && last.scenario === scenario ? last.problems : (EMPTY_PROBLEMS as Problem[]);
    if (d && last && last.scenario === scenario && state.flow === d.store.getState().flow) {
      // The last problems for now; the new ones after this frame has painted.
      if (!d.pending) {
        d.pending = true;
        d.afterPaint(validateNow);
      }
      return last.problems;
    }
    const problems = ready.check(state.flow, scenario, selectFlowCost(state));
    problemsCache = { flow: state.flow, scenario, problems };
    return problems;
  };

  const selectProblemIndex = (state: CostInputs): ProblemIndex => {
    const problems = selectProblems(state);
    if (indexCache && indexCache.problems === problems) return indexCache.index;
    const byModule = new Map<string, Problem[]>();
    const byEdge = new Map<string, Problem[]>();
    for (const p of problems) {
      if (p.moduleId !== undefined) (byModule.get(p.moduleId) ?? byModule.set(p.moduleId, []).get(p.moduleId)!).push(p);
      if (p.edgeId !== undefined) (byEdge.get(p.edgeId) ?? byEdge.set(p.edgeId, []).get(p.edgeId)!).push(p);
    }
    const index = { byModule, byEdge };
    indexCache = { problems, index };
    return index;
  };

  /** Compare mode (compare.ts): the document against the flow in ui.compare; not comparing needs none of its code. */
  const compare = lateCode(() => (options.compareSelectors ?? loadCompareSelectors)(selectFlowIgnoringPositions, selectFlowCost), () => options.loaded?.());
  const comparing = (state: Pick<EditorState, 'ui'>) => (state.ui.compare ? compare.now() : compare.ready);

  return {
    selectCompare: (state) => comparing(state)?.selectCompare(state) ?? null,
    selectModuleMark: (state, id) => comparing(state)?.selectModuleMark(state, id),
    selectEdgeMark: (state, id) => comparing(state)?.selectEdgeMark(state, id),
    // The document after each edit, priced incrementally (a pricer of its own: the cost above may have a scenario applied).
    historyCosts: (make) => (historyCosts ??= make(pricedPerMonth(createPricer()))),
    selectFlowIgnoringPositions,
    selectHasRunRanges,
    selectFlowCost,
    costInSteps,
    selectDrawnModules,
    selectModuleNames,
    moduleNamesInSteps,
    selectProblems,
    adoptProblems(flow, problems) {
      problemsCache = { flow, scenario: undefined, problems };
    },
    selectProblemIndex,
    selectModuleProblems: stableSelector<readonly Problem[]>(
      (state, id) => selectProblemIndex(state).byModule.get(id) ?? EMPTY_PROBLEMS,
      sameProblems,
    ),
    selectEdgeProblems: stableSelector<readonly Problem[]>(
      (state, id) => selectProblemIndex(state).byEdge.get(id) ?? EMPTY_PROBLEMS,
      sameProblems,
    ),
    validateAfterPaint(store, afterPaint = afterNextPaint) {
      deferral = { store, afterPaint, pending: false };
      return () => {
        deferral = null;
      };
    },
  };
}
