/**
 * Simulated runs shared by the what-if panels: the sample count and seed, and one simulation
 * client, so every panel reads the same run and a run happens once per edit.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import { SimulationClient, useSimulation, type SimulationState } from '../../workers/simulationClient';
import { useActiveFlow } from './useWhatIf';

export const DEFAULT_SAMPLES = 10_000;
export const DEFAULT_SEED = 1;
export const MIN_SAMPLES = 100;
export const MAX_SAMPLES = 200_000;

export interface WhatIfSettings {
  samples: number;
  seed: number;
  /** How many what-if panels that show the simulation are on screen (the canvas bands then ask for their run). */
  panelsShown: number;
  setSamples(samples: number): void;
  setSeed(seed: number): void;
}

export const useWhatIfSettings = create<WhatIfSettings>()((set) => ({
  samples: DEFAULT_SAMPLES,
  seed: DEFAULT_SEED,
  panelsShown: 0,
  setSamples: (samples) => set({ samples }),
  setSeed: (seed) => set({ seed }),
}));

/** Counts a panel that shows the shared simulation while it is mounted (for the canvas bands' request). */
export function useCountShownPanel(): void {
  useEffect(() => {
    useWhatIfSettings.setState((s) => ({ panelsShown: s.panelsShown + 1 }));
    return () => useWhatIfSettings.setState((s) => ({ panelsShown: s.panelsShown - 1 }));
  }, []);
}

/** The one client the panels share (created lazily: no worker starts until a run is asked for). */
let shared: SimulationClient | null = null;
export function sharedSimulationClient(): SimulationClient {
  shared ??= new SimulationClient();
  return shared;
}

/** For tests: forget the shared client (its worker, its last result). */
export function resetSharedSimulation(client: SimulationClient | null = null): void {
  shared?.dispose();
  shared = client;
}

/** Simulated runs of the active flow with the shared samples / seed (one run for all panels and the canvas bands). */
export function useWhatIfSimulation(): SimulationState {
  useCountShownPanel();
  const { flow } = useActiveFlow();
  const samples = useWhatIfSettings((s) => s.samples);
  const seed = useWhatIfSettings((s) => s.seed);
  return useSimulation(flow, { samples, seed, client: sharedSimulationClient() });
}

