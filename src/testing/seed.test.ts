import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { freshSeed, seedFrom } from './seed';

describe('the fast-check seed of a run', () => {
  it('is FC_SEED when it is a whole number in range, else none', () => {
    expect(seedFrom('1234567')).toBe(1234567);
    expect(seedFrom(' -5 ')).toBe(-5);
    for (const bad of [undefined, '', 'abc', '1.5', '0x10', '99999999999', String(2 ** 31)]) expect(seedFrom(bad)).toBeUndefined();
  });

  it('is fresh when none is given, and is the one fast-check uses (set by the setup file from FC_SEED)', () => {
    const seeds = new Set(Array.from({ length: 20 }, freshSeed));
    expect(seeds.size).toBeGreaterThan(1);
    expect(fc.readConfigureGlobal().seed).toBe(seedFrom(process.env.FC_SEED));
  });
});
