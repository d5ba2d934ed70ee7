/** The what-if panels (issue 5). Mount `WhatIfDock` in a dock tab, or the panels one by one. */
export { SimulationPanel, SimulationView, Histogram } from './SimulationPanel';
export { TornadoChart, TornadoView } from './TornadoChart';
export { ScenarioPanel, ScenarioComparison } from './ScenarioPanel';
export { BudgetPanel } from './BudgetPanel';
export { LintPanel, LintList } from './LintPanel';
export { HeatmapLegend } from './HeatmapLegend';
export { WhatIfDock, HeatmapToggle } from './WhatIfDock';
export { heatColour, heatShares, HEAT_STOPS } from './heat';
export { useActiveFlow, flowWithScenario, pricedOf } from './useWhatIf';
export { useWhatIfSimulation, useWhatIfSettings } from './useWhatIfSimulation';
