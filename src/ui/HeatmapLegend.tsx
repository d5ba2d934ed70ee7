import { HEAT_STOPS } from './heat';
import './heatmap.css';

/** The heatmap's legend: which colour means which share of the run total. */
export function HeatmapLegend() {
  return (
    <div className="cf-whatif-legend" data-testid="heatmap-legend" aria-label="Heatmap: share of the run total">
      <span>Share of the run:</span>
      {HEAT_STOPS.map((stop) => (
        <span key={stop.from}>
          <span className="cf-whatif-legend__swatch" style={{ background: stop.colour }} />
          {stop.label}
        </span>
      ))}
    </div>
  );
}
