import { memo, useDeferredValue, useState } from 'react';
import { BudgetPanel } from './BudgetPanel';
import { HeatmapLegend } from '../../ui/HeatmapLegend';
import { LintPanel } from './LintPanel';
import { ScenarioPanel } from './ScenarioPanel';
import { SimulationView, useSimulationPanel } from './SimulationPanel';
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
 * and the other panels (budget, sensitivity, lint, scenarios: tens of ms of rendering, styling
 * and layout at 1,000 modules) follow in a deferred render, after the first frame. When the tab
 * opens on runs still going (a click before the work ahead has answered), the other panels wait
 * for those runs to end (a result, an error, a cancel): the page's thread and the simulation's
 * workers share the machine's cores, and their render then delayed the result a person waits
 * for. Once drawn, they stay for the later runs (edits, another seed).
 */
export function WhatIfDock() {
  // The simulation panel's own state (SimulationPanel): "running" as it shows it, a result of an
  // earlier request (the canvas bands' shorter run, an earlier flow) included.
  const panel = useSimulationPanel();
  const running = panel.state.status === 'running';
  const [waiting, setWaiting] = useState(running);
  if (waiting && !running) setWaiting(false);
  const rest = useDeferredValue(!waiting, false);
  return (
    <div className="cf-whatif" data-testid="whatif-dock">
      <SimulationView {...panel} />
      {rest && <OtherPanels />}
    </div>
  );
}

/** The what-if panels after the simulated runs (not rendered again with each step of the runs' progress). */
const OtherPanels = memo(function OtherPanels() {
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
});
