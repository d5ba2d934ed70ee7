/**
 * The React side of the shared simulation: the hooks read a SimulationHandle (simulationHandle.ts),
 * so the panels that use them do not bring the client's code with them (it loads with the first run).
 */
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { Flow } from '../model/types';
import type { SimulationHandle, SimulationState } from './simulationHandle';

/** The client's state without its progress (getOutcome): renders when a run starts, ends or fails, not with each step. */
export function useSimulationOutcome(client: SimulationHandle): SimulationState {
  return useSyncExternalStore(client.subscribe, client.getOutcome, client.getOutcome);
}

export interface UseSimulationOptions {
  samples: number;
  seed: number;
  /** Wait this long after the last edit (another flow than the one last asked about) before running (default 300 ms); the first flow, or a new sample count or seed, runs at once. */
  debounceMs?: number;
  /** Run at all (default true). */
  enabled?: boolean;
  /** The client, shared between components (the editor's `simulation()`). */
  client: SimulationHandle;
}

/**
 * Simulated runs of `flow`: at once when the hook first has a flow (a panel opens) or samples /
 * seed change, and `debounceMs` after the flow last changed (an edit); a new run supersedes a
 * stale one. Returns the client's state: status, progress, result, error.
 */
export function useSimulation(flow: Flow | null, options: UseSimulationOptions): SimulationState {
  const { samples, seed, debounceMs = 300, enabled = true, client } = options;
  const state = useSyncExternalStore(client.subscribe, client.getState, client.getState);
  /** The flow this hook last asked about: another one is an edit. */
  const asked = useRef<Flow | null>(null);
  useEffect(() => {
    if (!enabled || !flow) return;
    const edited = asked.current !== null && asked.current !== flow;
    asked.current = flow;
    // Opening a panel, or a new sample count or seed, runs at once; an edit waits for the next.
    if (!edited) {
      client.run({ flow, samples, seed });
      return;
    }
    client.cancelUnlessFor({ flow, samples, seed });
    const timer = setTimeout(() => client.run({ flow, samples, seed }), debounceMs);
    return () => clearTimeout(timer);
  }, [client, flow, samples, seed, debounceMs, enabled]);
  // A finished result of another request (an earlier flow, during the debounce) is not up to
  // date: the run this hook asks for is still to come.
  const of = state.resultOf;
  const pending = enabled && flow !== null && state.status === 'done' && !(of && of.flow === flow && of.samples === samples && of.seed === seed);
  return useMemo(() => (pending ? { ...state, status: 'running', progress: 0 } : state), [pending, state]);
}
