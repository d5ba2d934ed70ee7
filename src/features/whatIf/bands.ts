/**
 * The P10–P90 band of each module's credits per run, from a simulation result, for the canvas
 * badges (issue 5 §1). CanvasBands.tsx puts them in the editor's bands slot (editor/slots.ts),
 * which the canvas reads from the first paint, while the simulation that fills it loads after.
 */
import type { SimulationResult } from '../../cost/simulate';
import type { ModuleBand } from '../../editor/slots';

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
