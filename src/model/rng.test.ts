import { describe, expect, it } from 'vitest';
import { createRng, randomState, RandomStream } from './rng';

describe('RandomStream', () => {
  it('gives one stream per seed whatever the buffering: one at a time, whole buffers, or refills that keep unused numbers', () => {
    for (const seed of [0, 1, 42, -7, 2 ** 40 + 3, 1.5, Number.NaN]) {
      const rng = createRng(seed);
      const one = Array.from({ length: 700 }, () => rng());
      const st = randomState(seed);
      const draws = new Float64Array(100);
      const got: number[] = [];
      let at = RandomStream.refill(st, draws, draws.length);
      while (got.length < 700) {
        got.push(draws[at++]!);
        // refill early, at odd places, keeping what is not used yet
        if (at === draws.length || at % 37 === 0) at = RandomStream.refill(st, draws, at);
      }
      expect(got).toEqual(one);
      expect(one.every((u) => u >= 0 && u < 1)).toBe(true);
    }
  });

  it('is the sfc32 stream seeded through splitmix32 (first numbers of seed 1, pinned)', () => {
    const rng = createRng(1);
    // Pinned from the generator before it was folded into one function (commit 255af77).
    expect([rng(), rng(), rng()]).toEqual(PINNED);
  });
});

const PINNED = [0.4256499295588583, 0.79042171058245, 0.6910148127935827];
