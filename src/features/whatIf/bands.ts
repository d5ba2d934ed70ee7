/**
 * The P10–P90 band of each module's credits per run, from the latest simulated runs, for the
 * canvas badges (issue 5 §1). Light on purpose: the canvas reads it from the first paint, while
 * the simulation that fills it (CanvasBands.tsx, the worker) loads after.
 */
import { create } from 'zustand';
import type { SimulationResult } from '../../cost/simulate';

export interface ModuleBand {
  p10: number;
  p90: number;
}

export interface CanvasBands {
  /** Module id → its band; null until a simulation of a flow with ranges has finished. */
  bands: ReadonlyMap<string, ModuleBand> | null;
  /** Runs the bands come from (the per-module percentiles may use fewer runs than simulated). */
  runs: number;
  /** True from an edit until the new run answers (the bands shown are of the flow before the edit). */
  stale: boolean;
}

export const useCanvasBands = create<CanvasBands>()(() => ({ bands: null, runs: 0, stale: false }));

const fromResult = new WeakMap<SimulationResult, ReadonlyMap<string, ModuleBand>>();

/** Each module's band in a simulation result (the first occurrence of a duplicated id), memoised per result. */
export function bandsOf(result: SimulationResult): ReadonlyMap<string, ModuleBand> {
  let bands = fromResult.get(result);
  if (!bands) {
    const map = new Map<string, ModuleBand>();
    for (const node of result.nodes) if (!map.has(node.id)) map.set(node.id, { p10: node.p10, p90: node.p90 });
    bands = map;
    fromResult.set(result, bands);
  }
  return bands;
}
