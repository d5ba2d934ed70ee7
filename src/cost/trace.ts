/**
 * The trace of one simulated run, as the engine's public API (docs/engine.md "The trace"): the
 * first run of `simulate(flow, { samples, seed })`, step by step (simulation/trace.ts).
 */
import type { Flow, PartialRateCard, RateCard } from '../model/types';
import { rateCardOf } from './price';
import { mergeRateCard } from './rateCard';
import { SimulationRefused, type SimulationRefusal } from './simulation/limits';
import { traceRun, type Trace } from './simulation/trace';

export { MAX_TRACE_STEPS } from './simulation/trace';
export type { Trace, TraceStep, TraceOutcome } from './simulation/trace';

export interface TraceOptions {
  seed: number;
  /** Fields given replace the flow's own rate card (as simulate's option). */
  rateCard?: RateCard | PartialRateCard;
}

export type TraceResult = { ok: true; trace: Trace } | { ok: false; error: SimulationRefusal };

/** The trace of seed `seed`, or why it was refused (a run too long to walk). Never throws for a flow that fits the types. */
export function traceFlow(flow: Flow, options: TraceOptions): TraceResult {
  const rateCard = options.rateCard ? mergeRateCard(options.rateCard, rateCardOf(flow)) : rateCardOf(flow);
  try {
    return { ok: true, trace: traceRun(flow, rateCard, options.seed) };
  } catch (error) {
    if (error instanceof SimulationRefused) return { ok: false, error: error.refusal };
    throw error;
  }
}
