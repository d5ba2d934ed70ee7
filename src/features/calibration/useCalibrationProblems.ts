/** The calibration's problems (store/calibration.ts) for the flow on the canvas, memoised per calibration and cost. */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { useEditorInstance, useFlowCost } from '../../editor/react';
import { calibrationProblems } from '../../store/calibrationProblems';
import type { Problem } from '../../model/problems';

const NONE: Problem[] = [];

export function useCalibrationProblems(): Problem[] {
  const editor = useEditorInstance();
  const result = useStore(editor.calibration.store, (s) => s.result);
  const cost = useFlowCost();
  return useMemo(() => (result ? calibrationProblems(result, new Map(cost.nodes.map((n) => [n.id, n.executions]))) : NONE), [result, cost]);
}
