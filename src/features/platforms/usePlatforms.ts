/**
 * The comparison the platforms panel shows: the point estimate from the editor's derived cache,
 * or, when the flow has ranges and the simulated runs behind the canvas bands are up to date,
 * the same comparison with the month's P50 and P90 (plans chosen on P90), from those very runs.
 */
import { useDeferredValue, useMemo } from 'react';
import { useStore } from 'zustand';
import { comparePlatforms, runsQuantiles, type PlatformComparison, type SimulatedCredits } from '../../cost/platforms';
import { isRange } from '../../model/types';
import { applyScenario } from '../../model/scenario';
import { activeScenario } from '../../store/derived';
import { createPlatformsSelector } from '../../store/platformsSelector';
import { useEditor, useEditorInstance } from '../../editor/react';
import type { PlatformId } from '../../cost/platformTable';

export interface PlatformsView {
  /** The comparison of the flow as it is now: the four prices render in the same commit as the top bar's totals. */
  comparison: PlatformComparison;
  /** The same comparison, deferred: the charts and the per-module table follow in the next idle moment. */
  deferred: PlatformComparison;
  /** True while the flow has ranges and its simulated runs are not (yet) those of this flow: point figures shown. */
  waitingForRuns: boolean;
}

export function usePlatforms(): PlatformsView {
  const editor = useEditorInstance();
  // The panel's own selector (its code is the panel's, not the first download's), kept while the editor is.
  const selectPlatforms = useMemo(() => createPlatformsSelector(editor.derived), [editor]);
  const point = useEditor(selectPlatforms);
  const cost = useEditor(editor.derived.selectFlowCost);
  const ranged = useEditor(editor.derived.selectHasRunRanges);
  const simulated = useStore(editor.bands, (s) => (s.stale ? null : s.simulated));
  const runs = useEditor((s) => s.flow.settings.runsPerMonth);
  const comparison = useMemo(() => {
    const state = editor.store.getState();
    const scenario = activeScenario(state);
    const flow = scenario ? applyScenario(state.flow, scenario) : state.flow;
    let simulation: SimulatedCredits | undefined;
    if (ranged && simulated) simulation = { mean: simulated.mean, perMonth: simulated.perMonth };
    else if (!ranged && isRange(flow.settings.runsPerMonth)) {
      // Every run costs the same: the month's quantiles are those of runs per month, exactly.
      const q = runsQuantiles(flow, cost.runsPerMonth);
      simulation = { mean: cost.total, perMonth: { p50: cost.total * q.p50, p90: cost.total * q.p90 } };
    }
    return simulation ? comparePlatforms(flow, { cost, table: point.table, simulation }) : point;
    // `runs` re-runs this when only the range of runs per month changes (the cost keeps its likely value).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [point, cost, ranged, simulated, editor, runs]);
  // After an edit the four prices paint with the top bar's totals; the charts and the table follow.
  return { comparison, deferred: useDeferredValue(comparison), waitingForRuns: ranged && !simulated };
}

/** The platform a just-imported file came from (n8n, Make, Altan), while that document is open; else null. */
export function useImportedFrom(): PlatformId | null {
  return useEditor((s) => (s.ui.importedFrom && s.ui.importedFrom.loadSerial === s.loadSerial ? s.ui.importedFrom.format : null));
}
