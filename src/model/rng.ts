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
 * treated as 0. The simulation steps this state itself in its hot loop (cost/simulate.ts).
 */
export function randomState(seed: number): Int32Array {
  const s = Number.isFinite(seed) ? seed : 0;
  const low = s >>> 0;
  const high = Math.floor(s / 4294967296) >>> 0;
  const fraction = Math.floor((s - Math.floor(s)) * 4294967296) >>> 0;
  const mix = splitmix32(low ^ Math.imul(high, 0x27d4eb2d) ^ Math.imul(fraction, 0x165667b1));
  const st = new Int32Array(4);
  st[0] = mix();
  st[1] = mix();
  st[2] = mix();
  st[3] = mix();
  for (let i = 0; i < 12; i++) nextRandom(st);
  return st;
}

/** A uniform number in [0, 1) from a state (sfc32); advances the state. */
export function nextRandom(st: Int32Array): number {
  const a = st[0]!;
  const b = st[1]!;
  const c = st[2]!;
  const d = st[3]!;
  const t = (((a + b) | 0) + d) | 0;
  st[3] = (d + 1) | 0;
  st[0] = b ^ (b >>> 9);
  st[1] = (c + (c << 3)) | 0;
  const r = (c << 21) | (c >>> 11);
  st[2] = (r + t) | 0;
  return (t >>> 0) / 4294967296;
}

/** A generator for a seed (see randomState). */
export function createRng(seed: number): Rng {
  const st = randomState(seed);
  return () => nextRandom(st);
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
