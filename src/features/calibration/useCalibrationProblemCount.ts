/** How many problems the calibration has for the flow on the canvas (the dock's count), memoised per calibration and cost. */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { useEditorInstance, useFlowCost } from '../../editor/react';
import { calibrationProblemCount } from '../../store/calibration';

export function useCalibrationProblemCount(): number {
  const editor = useEditorInstance();
  const result = useStore(editor.calibration.store, (s) => s.result);
  const cost = useFlowCost();
  return useMemo(() => (result ? calibrationProblemCount(result, new Map(cost.nodes.map((n) => [n.id, n.executions]))) : 0), [result, cost]);
}
