/**
 * The window index (windowIndex.ts) of the flow on the canvas, for the node and edge windows of a
 * large flow. A newly loaded document's is made in slices, a task each (at 100,000 modules the id
 * look-up and the edges' ends are some 20 ms of work on a quiet machine, and the first render after a
 * drop already holds React's and React Flow's); until it is made the canvas gives React Flow nothing
 * (as while the start view is placed). An edit's is made at once from the index before it.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Edge, Module } from '../model/types';
import { runInSlices, runToEnd } from '../scheduling/slices';
import { inSlices } from './inSlices';
import { windowIndexSteps, type WindowIndex } from './windowIndex';

type Indexed = Pick<Module, 'id' | 'position'>;

/**
 * The index of `modules` and `edges` when `wanted` (else null); null too while a new document's
 * (`loadSerial`) of more than SLICED_SCENE_ABOVE modules or edges is being made.
 */
export function useWindowIndex<M extends Indexed>(modules: readonly M[], edges: readonly Edge[], wanted: boolean, loadSerial: number): WindowIndex<M> | null {
  const sliced = wanted && inSlices(modules.length, edges.length);
  // The last index made for this document (in slices, or at once): an edit's index is made from it.
  const [made, setMade] = useState<{ serial: number; index: WindowIndex<M> } | null>(null);
  const index = useMemo(() => {
    if (!wanted) return null;
    const known = made?.serial === loadSerial ? made.index : null;
    if (known?.modules === modules && known.edges === edges) return known;
    if (sliced && !known) return null;
    return runToEnd(windowIndexSteps(modules, edges, known));
  }, [wanted, sliced, modules, edges, loadSerial, made]);
  // Kept as the one the next edit's starts from (React renders again at once, the index unchanged).
  if (index && index !== made?.index) setMade({ serial: loadSerial, index });
  const pending = sliced && index === null;
  useEffect(() => {
    if (!pending) return;
    return runInSlices(windowIndexSteps(modules, edges), (index) => setMade({ serial: loadSerial, index }));
  }, [pending, modules, edges, loadSerial]);
  return index;
}
