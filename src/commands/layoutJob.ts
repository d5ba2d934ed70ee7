/**
 * The auto-layout in flight, for the page: how many modules, since when. The command sets it
 * (registry.ts, view.autoLayout) and clears it when the layout is applied, fails or is cancelled
 * (view.cancelLayout); LayoutProgress shows it with a Cancel button when it takes long.
 */
import { createStore } from 'zustand/vanilla';

export interface LayoutJob {
  /** The layout being computed, or null. */
  running: { modules: number; startedAt: number } | null;
}

export function createLayoutJobStore() {
  return createStore<LayoutJob>()(() => ({ running: null }));
}
export type LayoutJobStore = ReturnType<typeof createLayoutJobStore>;
