import { useDeferredValue } from 'react';
import { BudgetPanel } from './BudgetPanel';
import { HeatmapLegend } from '../../ui/HeatmapLegend';
import { LintPanel } from './LintPanel';
import { ScenarioPanel } from './ScenarioPanel';
import { SimulationPanel } from './SimulationPanel';
import { TornadoChart } from './TornadoChart';
import './whatIf.css';
import { useEditor } from '../../editor/react';

export { CanvasBands } from './CanvasBands';

/** Heatmap switch (ui.heatmap) with its legend. */
export function HeatmapToggle() {
  const on = useEditor((s) => s.ui.heatmap);
  const setHeatmap = useEditor((s) => s.setHeatmap);
  return (
    <div className="cf-whatif-row">
      <label className="cf-switch">
        <span>Heatmap</span>
        <input type="checkbox" role="switch" data-testid="heatmap-toggle" checked={on} onChange={(e) => setHeatmap(e.target.checked)} />
      </label>
      {on && <HeatmapLegend />}
    </div>
  );
}

/**
 * Everything of the "What-if" dock tab in one scrollable grid. The simulated runs come first and
 * alone: their panel asks for its runs once it is on the page (or shows those simulated ahead),
 * and the other panels (budget, sensitivity, lint, scenarios: a few hundred ms of rendering at
 * 1,000 modules) follow in a deferred render, after the first frame.
 */
export function WhatIfDock() {
  const rest = useDeferredValue(true, false);
  return (
    <div className="cf-whatif" data-testid="whatif-dock">
      <SimulationPanel />
      {rest && <OtherPanels />}
    </div>
  );
}

/** The what-if panels after the simulated runs. */
function OtherPanels() {
  return (
    <>
      <BudgetPanel />
      <TornadoChart />
      <LintPanel />
      <ScenarioPanel />
      <section className="cf-card cf-whatif-card">
        <h3 className="cf-whatif-card__title">Heatmap</h3>
        <HeatmapToggle />
      </section>
    </>
  );
}
