import { useShallow } from 'zustand/react/shallow';
import { useEditor, useEditorInstance } from '../../editor/react';

export interface FlowCostView {
  total: number;
  runsPerMonth: number;
  perMonth: number;
  dollarsPerRun: number;
  dollarsPerMonth: number;
}

/** The flow's totals (primitives: re-renders only when a total changes). */
export function useFlowCostView(): FlowCostView {
  const { derived } = useEditorInstance();
  return useEditor(
    useShallow((s) => {
      const cost = derived.selectFlowCost(s);
      return {
        total: cost.total,
        runsPerMonth: cost.runsPerMonth,
        perMonth: cost.perMonth,
        dollarsPerRun: cost.dollarsPerRun,
        dollarsPerMonth: cost.dollarsPerMonth,
      };
    }),
  );
}
