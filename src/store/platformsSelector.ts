/**
 * The flow on the canvas priced on Altan, Make, Zapier and n8n (point estimate, platforms.md), for
 * the platforms panel. Apart from store/derived.ts so that the platforms' engine (cost/platforms.ts
 * and the plans) is not in the page's first download: only the panel, which loads later, makes one.
 */
import type { Flow, PlatformTable } from '../model/types';
import type { FlowCost } from '../cost/types';
import { applyScenario } from '../model/scenario';
import { comparePlatforms, createPlatformUnits, type PlatformComparison } from '../cost/platforms';
import { platformTableOf } from '../cost/platformTable';
import { activeScenario, type Derived } from './derived';
import type { EditorState } from './editor';

type CostInputs = Pick<EditorState, 'flow' | 'ui'>;

/**
 * A selector of the comparison, from `derived`'s cost: recomputed only when that cost or the
 * flow's settings change; the same object across moves.
 */
export function createPlatformsSelector(derived: Pick<Derived, 'selectFlowCost'>): (state: CostInputs) => PlatformComparison {
  let platformsCache: { cost: FlowCost; settings: Flow['settings']; comparison: PlatformComparison } | null = null;
  /** Platform units with a memory: after an edit only the modules whose cost changed are worked out again. */
  const units = createPlatformUnits();
  let tableCache: { platforms: unknown; table: PlatformTable } | null = null;
  return (state) => {
    const cost = derived.selectFlowCost(state);
    const settings = state.flow.settings;
    const cached = platformsCache;
    if (cached && cached.cost === cost && cached.settings === settings) return cached.comparison;
    const scenario = activeScenario(state);
    const flow = scenario ? applyScenario(state.flow, scenario) : state.flow;
    // The same table object while the flow's own platform settings are the same (units keep theirs).
    const platforms = flow.settings?.platforms;
    if (!tableCache || tableCache.platforms !== platforms) tableCache = { platforms, table: platformTableOf(flow) };
    const comparison = comparePlatforms(flow, { cost, table: tableCache.table, units });
    platformsCache = { cost, settings, comparison };
    return comparison;
  };
}
