/**
 * A small seeded pseudo-random generator: sfc32, seeded through splitmix32. Pure 32-bit integer
 * arithmetic, so the same seed gives the same numbers on every machine and engine.
 * Used by the flow generator, simulated runs (cost/simulate.ts) and tests.
 */

/** Returns a uniform number in [0, 1) on each call. */
export type Rng = () => number;

function splitmix32(state: number): () => number {
  let x = state | 0;
  return () => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * The generator's state for a seed: four 32-bit words in a typed array (32-bit values kept in
 * closure variables would be boxed as heap numbers on every step). Any finite number is a valid
 * seed (integers are the usual case; the high and low 32 bits both count); non-finite seeds are
 * treated as 0. Simulated runs draw from this state through `RandomStream.refill`.
 *
 * `stream` picks one of the seed's numbered streams (a whole number; 0, the default, is the
 * seed's own stream): simulated runs take one stream per block of runs (simulation/blocks.ts), so
 * a run's numbers do not depend on which worker walks it. Different streams of one seed start
 * from different splitmix32 states.
 */
export function randomState(seed: number, stream = 0): Int32Array {
  const s = Number.isFinite(seed) ? seed : 0;
  const low = s >>> 0;
  const high = Math.floor(s / 4294967296) >>> 0;
  const fraction = Math.floor((s - Math.floor(s)) * 4294967296) >>> 0;
  const mix = splitmix32(low ^ Math.imul(high, 0x27d4eb2d) ^ Math.imul(fraction, 0x165667b1) ^ Math.imul(stream | 0, 0x2545f491));
  const st = new Int32Array(4);
  st[0] = mix();
  st[1] = mix();
  st[2] = mix();
  st[3] = mix();
  const warmUp = new Float64Array(12);
  RandomStream.refill(st, warmUp, warmUp.length);
  return st;
}

/**
 * The one generator (sfc32): every uniform number of the engine comes from `refill`. An object
 * method rather than a top-level function on purpose: V8 inlines calls only to plain functions,
 * and a loader that keeps names (tsx, esbuild's keepNames) wraps every named top-level function,
 * which stops that; methods are left alone.
 */
export const RandomStream = {
  /**
   * Moves the unused numbers draws[from ..] to the start of `draws` and fills the rest with the
   * next numbers of the stream (uniform in [0, 1)); advances the state. Returns 0, the index of
   * the first unused number. With `from` = draws.length the whole buffer is fresh.
   */
  refill(st: Int32Array, draws: Float64Array, from: number): number {
    let j = 0;
    for (let i = from; i < draws.length; i++) draws[j++] = draws[i]!;
    let a = st[0]!;
    let b = st[1]!;
    let c = st[2]!;
    let d = st[3]!;
    for (; j < draws.length; j++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      draws[j] = (t >>> 0) * 2.3283064365386963e-10; // × 2^-32, exact
    }
    st[0] = a;
    st[1] = b;
    st[2] = c;
    st[3] = d;
    return 0;
  },
};

/** Numbers drawn ahead by createRng, a buffer at a time. */
const RNG_BUFFER = 64;

/** A generator for a seed (see randomState): the stream of RandomStream, one number per call. */
export function createRng(seed: number): Rng {
  const st = randomState(seed);
  const draws = new Float64Array(RNG_BUFFER);
  let next = RNG_BUFFER;
  return () => {
    if (next === RNG_BUFFER) next = RandomStream.refill(st, draws, RNG_BUFFER);
    return draws[next++]!;
  };
}

/** A uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** A uniform number in [min, max). */
export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

/** One element of a non-empty array. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/** A draw from the triangular distribution (min, likely, max), by inverting its CDF. */
export function triangular(rng: Rng, min: number, likely: number, max: number): number {
  const span = max - min;
  if (!(span > 0)) return likely;
  const u = rng();
  const f = (likely - min) / span;
  return u < f ? min + Math.sqrt(u * span * (likely - min)) : max - Math.sqrt((1 - u) * span * (max - likely));
}
