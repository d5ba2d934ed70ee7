/** The cost engine's public API (pure, framework-free: used by the app, the worker, the CLI and the tests). */
export type { NodeCost, EdgeFlow, FlowCost } from './types';
export { DEFAULT_RATE_CARD, mergeRateCard } from './rateCard';
export {
  priceFlow,
  priceWithPlan,
  countExecutions,
  rateCardOf,
  runsPerMonthOf,
  moduleTitle,
  pricingWarnings,
  DEFAULT_RUNS_PER_MONTH,
} from './price';
export type { PriceOptions, FlowPlan, FlowCounts } from './price';
/** The structure of a flow, compiled once (model/compiled.ts): shared by pricing, simulated runs and validation. */
export { compileFlow } from '../model/compiled';
export { createPricer } from './pricer';
export type { Pricer } from './pricer';
export { explainNode, explainNodeText } from './explain';
export { formatCredits, formatDollars, formatExecutions, formatNumber, formatPercent } from './format';
export {
  simulate,
  trySimulate,
  startSimulation,
  simulateChunk,
  mergeChunks,
  splitRuns,
  BLOCK_RUNS,
  SampleBuffers,
  checkSimulation,
  expectedExecutionsPerRun,
  SimulationRefused,
  MAX_TOTAL_EXECUTIONS,
  MAX_EXECUTIONS_PER_RUN,
  NODE_QUANTILE_CAP,
} from './simulate';
export type { SimulateOptions, SimulationResult, SimulationNode, SimulationRefusal, SimulationOutcome, RunChunk, RunRange } from './simulate';
export { traceFlow, MAX_TRACE_STEPS } from './trace';
export type { Trace, TraceStep, TraceOutcome, TraceOptions, TraceResult } from './trace';
export { tracePath, moduleMarkAt, edgeMarkAt, travelledEdges, NO_PATH } from './tracePath';
export type { TracePath, TraceModuleMark, TraceEdgeMark } from './tracePath';
export { diffFlows, percentChange } from './diff';
export type { FlowDiff, ModuleDiff, EdgeDiff, DiffStatus, DiffTotals, DiffOptions, ModuleSide, EdgeSide, ModuleEdit, EdgeEdit, StatusCounts } from './diff';
export { summarizeDiff, describeCostChange, changeParts, formatCreditsChange, formatPercentChange } from './diffSummary';
export {
  DEFAULT_PLATFORM_TABLE,
  mergePlatformTable,
  platformTableOf,
  PLATFORM_IDS,
  PLAN_PLATFORMS,
  PLATFORM_NAMES,
  PLATFORM_UNITS,
} from './platformTable';
export type { PlatformId, PlanPlatformId } from './platformTable';
export { choosePlan, largestPlan } from './platformPlans';
export type { PlanChoice } from './platformPlans';
export { comparePlatforms, platformUnits, failureRateOf, unitsPerExecution, triangularQuantile } from './platforms';
export type { PlatformComparison, PlatformPrice, ModuleUnits, SimulatedCredits, CompareOptions } from './platforms';
export { curvesOf, crossovers, cheapestAt, dollarsAt, breakEvenSeries, breakEven, criticalPoints, RUNS_RANGE } from './crossover';
export type { CostCurve, Curves, Crossover, BreakEvenPoint, BreakEven } from './crossover';
export { describeCharges, describeCheapest } from './platformText';
