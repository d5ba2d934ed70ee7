import { describe, expect, it } from 'vitest';
import type { Flow } from './types';
import { hasRunRanges } from './ranges';
import { flowOf } from './testing/flowOf';

const base: Flow = flowOf([['t', 'trigger'], ['a', 'action', { durationSec: 2 }]], [{ id: 'e', source: 't', target: 'a', filter: { mode: 'break', passRate: 0.5 } }], {
  runsPerMonth: 1000,
});
const range = { min: 1, likely: 2, max: 9 };

describe('hasRunRanges', () => {
  it('is false for point values only', () => {
    expect(hasRunRanges(base)).toBe(false);
  });

  it('is true for a range on an assumption, a filter or a route', () => {
    const onAssumption: Flow = { ...base, modules: [base.modules[0]!, { ...base.modules[1]!, assumptions: { payloadKB: range } }] };
    const onFilter: Flow = { ...base, edges: [{ ...base.edges[0]!, filter: { mode: 'skip', passRate: { min: 0.2, likely: 0.5, max: 0.9 } } }] };
    const onRoute: Flow = { ...base, edges: [{ id: 'e', source: 't', target: 'a', route: { priority: 1, fallback: false, passRate: { min: 0, likely: 0.5, max: 1 } } }] };
    expect(hasRunRanges(onAssumption)).toBe(true);
    expect(hasRunRanges(onFilter)).toBe(true);
    expect(hasRunRanges(onRoute)).toBe(true);
  });

  it('leaves out a range on runs per month: it moves the month, not what a run costs', () => {
    expect(hasRunRanges({ ...base, settings: { runsPerMonth: { min: 10, likely: 20, max: 90 } } })).toBe(false);
  });
});
