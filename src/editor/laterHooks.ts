/**
 * Derived-data hooks only the panels that load later use (the inspectors, the problems list, the
 * what-if panels): kept out of editor/react.tsx so they are not in the first download.
 */
import { useStore } from 'zustand';
import type { Flow } from '../model/types';
import type { Problem } from '../model/problems';
import { useEditorInstance } from './react';

/** The flow, ignoring moves (see Derived.selectFlowIgnoringPositions). */
export function useFlowIgnoringPositions(): Flow {
  const { store, derived } = useEditorInstance();
  return useStore(store, derived.selectFlowIgnoringPositions);
}

export function useProblems(): Problem[] {
  const { store, derived } = useEditorInstance();
  return useStore(store, derived.selectProblems);
}

export function useModuleProblems(id: string): readonly Problem[] {
  const { store, derived } = useEditorInstance();
  return useStore(store, (state) => derived.selectModuleProblems(state, id));
}

export function useEdgeProblems(id: string): readonly Problem[] {
  const { store, derived } = useEditorInstance();
  return useStore(store, (state) => derived.selectEdgeProblems(state, id));
}
