/** Version diff benchmark: two versions of a 1,000-module flow, priced and compared (issue 17: ≤ 50 ms). */
import { generateFlow } from '../src/model/generate';
import type { Flow, Module } from '../src/model/types';
import { priceFlow } from '../src/cost/price';
import { diffFlows } from '../src/cost/diff';
import { summarizeDiff } from '../src/cost/diffSummary';
import { measure, type Benchmark } from './registry';

const SEED = 1;

/**
 * A second version of a flow as a day's edits make it: one module in 20 with an assumption
 * changed, one in 50 renamed, the last 10 modules (and their edges) removed, a chain of 10
 * added at the end of a branch, runs per month up by a tenth.
 */
export function nextVersion(flow: Flow): Flow {
  const modules = flow.modules.slice(0, -10).map((m, i): Module => {
    if (i > 0 && i % 20 === 0) return { ...m, assumptions: { ...m.assumptions, durationSec: 1 + (i % 7) } } as Module;
    if (i % 50 === 25) return { ...m, name: `${m.name} (v2)` };
    return m;
  });
  const kept = new Set(modules.map((m) => m.id));
  const edges = flow.edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  const sources = new Set(edges.map((e) => e.source));
  let from = modules.find((m, i) => i > 0 && !sources.has(m.id))!.id;
  for (let i = 0; i < 10; i++) {
    const id = `v2-${i}`;
    modules.push({ id, type: 'action', name: `New step ${i}`, position: { x: 4000, y: i * 160 } } as Module);
    edges.push({ id: `v2-e${i}`, source: from, target: id });
    from = id;
  }
  const runs = flow.settings.runsPerMonth;
  return { ...flow, modules, edges, settings: { ...flow.settings, runsPerMonth: typeof runs === 'number' ? runs * 1.1 : 1100 } };
}

export const benchmark: Benchmark = {
  name: 'versionDiff',
  run() {
    const out: Record<string, object> = {};
    for (const modules of [1000, 10000]) {
      const before = generateFlow({ modules, seed: SEED });
      const after = nextVersion(before);
      const runs = modules >= 10000 ? 40 : 200;
      const fromScratch = measure(() => summarizeDiff(diffFlows(before, after)), { warmup: 20, runs });
      const beforeCost = priceFlow(before);
      const afterCost = priceFlow(after);
      const withCosts = measure(() => summarizeDiff(diffFlows(before, after, { beforeCost, afterCost })), { warmup: 20, runs });
      const diff = diffFlows(before, after);
      out[String(modules)] = { modules, summary: summarizeDiff(diff), moduleCounts: diff.moduleCounts, fromScratch, withCosts };
    }
    return {
      description:
        'ms to compare two versions of a generated flow (one module in 20 with an assumption changed, 10 removed, 10 added, runs per month +10 %). fromScratch = price both versions + diff + summary (what the CLI does after reading the files); withCosts = diff + summary with both costs given (the editor has them)',
      ...out,
    };
  },
};
