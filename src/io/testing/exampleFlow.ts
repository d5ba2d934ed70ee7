/** The example file of flow-format.md (version 1), as an object to mutate in tests. */
export function exampleFile(): Record<string, unknown> & { modules: Record<string, unknown>[]; edges: Record<string, unknown>[] } {
  return {
    format: 'creditflow',
    version: 1,
    name: 'Lead enrichment',
    settings: { runsPerMonth: 3000, rateCard: { baseCredits: { code: 2 } } },
    modules: [
      { id: 'm1', type: 'trigger', name: 'New lead webhook', position: { x: 0, y: 0 }, assumptions: { durationSec: 0, payloadKB: 2 } },
      { id: 'm2', type: 'router', name: 'By country', position: { x: 0, y: 160 }, config: { mode: 'exclusive' } },
      { id: 'm3', type: 'iterator', name: 'Each contact', position: { x: -200, y: 320 }, assumptions: { iterations: 25 } },
      { id: 'm4', type: 'search', name: 'Find company', position: { x: -200, y: 480 }, assumptions: { durationSec: 1.2, payloadKB: 30, retries: 0.05 } },
      { id: 'm5', type: 'aggregator', name: 'Collect', position: { x: -200, y: 640 }, config: { iteratorId: 'm3' } },
    ],
    edges: [
      { id: 'e1', source: 'm1', target: 'm2', filter: { mode: 'break', passRate: 0.9, conditions: { '@and': [{ '{{[m1].email}}': { _neq: '' } }] } } },
      { id: 'e2', source: 'm2', target: 'm3', route: { priority: 1, passRate: 0.4, fallback: false, conditions: { '@and': [{ '{{[m1].country}}': { _eq: 'ES' } }] } } },
      { id: 'e3', source: 'm3', target: 'm4' },
      { id: 'e4', source: 'm4', target: 'm5' },
    ],
  };
}
