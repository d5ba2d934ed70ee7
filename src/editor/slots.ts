/**
 * The shared slots of one editor that are not the document: what the canvas shows beside it
 * (each module's P10–P90 band) and the simulated runs the what-if panels share (samples, seed,
 * how many panels show them). Plain zustand stores: the canvas and the panels subscribe to them
 * through the editor instance, never to each other.
 */
import { createStore } from 'zustand/vanilla';
import type { BudgetSimulation } from '../cost/budget';

export interface ModuleBand {
  p10: number;
  p90: number;
}

/** The P10–P90 band of each module's credits per run, from the latest simulated runs (the canvas badges). */
export interface CanvasBands {
  /** Module id → its band; null until a simulation of a flow with ranges has finished. */
  bands: ReadonlyMap<string, ModuleBand> | null;
  /** Runs the bands come from (the per-module percentiles may use fewer runs than simulated). */
  runs: number;
  /** True from an edit until the new run answers (the bands shown are of the flow before the edit). */
  stale: boolean;
  /** Why the simulation of the flow on the canvas was refused (its message), or null: the bands say so, never "simulating…". */
  refused: string | null;
  /**
   * The same run's month (P50, P90), mean run and every run's credits: what the top bar's
   * month range and budget state read, so they show the very run the canvas and the what-if
   * panels show (no second simulation). Null until a run of a flow with ranges has finished.
   */
  simulated: BudgetSimulation | null;
}

export const NO_BANDS: CanvasBands = { bands: null, runs: 0, stale: false, refused: null, simulated: null };

export function createBandsStore() {
  return createStore<CanvasBands>()(() => NO_BANDS);
}
export type BandsStore = ReturnType<typeof createBandsStore>;

export const DEFAULT_SAMPLES = 10_000;
export const DEFAULT_SEED = 1;
export const MIN_SAMPLES = 100;
export const MAX_SAMPLES = 200_000;

/** The sample count and seed every what-if panel and the canvas bands simulate with. */
export interface WhatIfSettings {
  samples: number;
  seed: number;
  /** How many what-if panels that show the simulation are on screen (the canvas bands then ask for their run). */
  panelsShown: number;
  setSamples(samples: number): void;
  setSeed(seed: number): void;
}

export function createWhatIfSettings() {
  return createStore<WhatIfSettings>()((set) => ({
    samples: DEFAULT_SAMPLES,
    seed: DEFAULT_SEED,
    panelsShown: 0,
    setSamples: (samples) => set({ samples }),
    setSeed: (seed) => set({ seed }),
  }));
}
export type WhatIfSettingsStore = ReturnType<typeof createWhatIfSettings>;

/** A request to show a tab of the dock (a command that opens its panel): the dock follows each new one. */
export interface DockRequest {
  tab: string | null;
  /** A new number for each request, so asking for the tab already asked for shows it again. */
  serial: number;
}

export function createDockRequests() {
  return createStore<DockRequest>()(() => ({ tab: null, serial: 0 }));
}
export type DockRequestStore = ReturnType<typeof createDockRequests>;

/** Asks the dock to show `tab`. */
export function requestDockTab(dock: DockRequestStore, tab: string): void {
  dock.setState((s) => ({ tab, serial: s.serial + 1 }));
}
