/**
 * A simulation's per-module figures as they travel from the worker to the page (issue 19): as one
 * Float64Array (mean, p10, p90 of each module in the flow's order), moved rather than cloned, with
 * the result's `nodes` left empty. Cloning 100,000 `{ id, mean, p10, p90 }` objects held the page
 * up to 0.2 s in one task; the page puts them back together a slice at a time (simulationClient.ts)
 * from the module ids of the flow it asked about. The numbers are the same doubles.
 */
import type { SimulationNode, SimulationResult } from '../cost/simulate';

/** Figures per module in the packed array: mean, p10, p90. */
const FIGURES = 3;

/** `result` without its `nodes`, and their figures packed (see above). */
export function packNodes(result: SimulationResult): { result: SimulationResult; figures: Float64Array } {
  const { nodes } = result;
  const figures = new Float64Array(nodes.length * FIGURES);
  for (let v = 0; v < nodes.length; v++) {
    const node = nodes[v]!;
    figures[v * FIGURES] = node.mean;
    figures[v * FIGURES + 1] = node.p10;
    figures[v * FIGURES + 2] = node.p90;
  }
  return { result: { ...result, nodes: [] }, figures };
}

/** How many modules' figures `figures` holds. */
export const nodesIn = (figures: Float64Array): number => figures.length / FIGURES;

/** Appends to `into` the nodes `from`..`to` (exclusive) of the packed figures, named by `modules`' ids in order. */
export function unpackNodes(figures: Float64Array, modules: readonly { id: string }[], from: number, to: number, into: SimulationNode[]): void {
  for (let v = from; v < to; v++) {
    into.push({ id: modules[v]!.id, mean: figures[v * FIGURES]!, p10: figures[v * FIGURES + 1]!, p90: figures[v * FIGURES + 2]! });
  }
}
