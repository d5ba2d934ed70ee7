import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { freezeInSlices } from './freezeInSlices';
import { generateFlow } from '../model/generate';

function deeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen);
}

describe('freezeInSlices', () => {
  it('freezes every part of the flow in place, yielding to the page between slices', async () => {
    const flow = generateFlow({ modules: 2_000, seed: 5 });
    const copy = structuredClone(flow);
    let clock = 0;
    let yields = 0;
    // Each look at the clock is a millisecond later: a slice ends after a few looks.
    const frozen = await freezeInSlices(flow, { now: () => clock++, yieldToPage: async () => void yields++ });
    expect(frozen).toBe(flow);
    expect(deeplyFrozen(flow)).toBe(true);
    expect(flow).toEqual(copy);
    expect(yields).toBeGreaterThan(1);
  });

  it('a frozen flow is taken by immer as it is: loading it walks nothing', async () => {
    const flow = await freezeInSlices(generateFlow({ modules: 50, seed: 6 }));
    const loaded = produce(generateFlow({ modules: 3, seed: 1 }), () => flow);
    expect(loaded).toBe(flow);
  });
});
