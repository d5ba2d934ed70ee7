/**
 * Simulated runs shared by the what-if panels: the sample count and seed, and one simulation
 * client, both held by the editor instance (editor/slots.ts), so every panel reads the same
 * run and a run happens once per edit.
 */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useSimulation } from '../../workers/useSimulation';
import type { SimulationState } from '../../workers/simulationHandle';
import { useEditorInstance } from '../../editor/react';
import type { WhatIfSettings } from '../../editor/slots';
import { useActiveFlow } from './useWhatIf';

export { MAX_SAMPLES, MIN_SAMPLES } from '../../editor/slots';

/** A slice of the editor's what-if settings (samples, seed, panels shown). */
export function useWhatIfSettings<T>(selector: (settings: WhatIfSettings) => T): T {
  return useStore(useEditorInstance().whatIf, selector);
}

/** Counts a panel that shows the shared simulation while it is mounted (for the canvas bands' request). */
export function useCountShownPanel(): void {
  const { whatIf } = useEditorInstance();
  useEffect(() => {
    whatIf.setState((s) => ({ panelsShown: s.panelsShown + 1 }));
    return () => whatIf.setState((s) => ({ panelsShown: s.panelsShown - 1 }));
  }, [whatIf]);
}

/** Simulated runs of the active flow with the shared samples / seed (one run for all panels and the canvas bands). */
export function useWhatIfSimulation(): SimulationState {
  useCountShownPanel();
  const editor = useEditorInstance();
  const { flow } = useActiveFlow();
  const samples = useWhatIfSettings((s) => s.samples);
  const seed = useWhatIfSettings((s) => s.seed);
  return useSimulation(flow, { samples, seed, client: editor.simulation() });
}
