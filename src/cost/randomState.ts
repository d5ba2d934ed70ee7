/**
 * The seeded generator of model/rng.ts (sfc32 seeded through splitmix32) with its state in a
 * plain Int32Array and the step as a top-level function, for the simulation's hot loop: a call to
 * `nextRandom` is always inlined, where a call to a closure made per simulation is not (V8 drops
 * the optimised walk each time it meets a new closure). Same seed, same numbers as `createRng`
 * (a test checks it), so simulated runs keep their numbers.
 */

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

/** The four 32-bit words of the generator for a seed, as createRng(seed) starts. */
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

/** A uniform number in [0, 1); advances the state. */
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

/** A triangular draw (min, likely, max) as model/rng.ts `triangular`, from this state. */
export function triangularFrom(st: Int32Array, min: number, likely: number, max: number): number {
  const span = max - min;
  if (!(span > 0)) return likely;
  const u = nextRandom(st);
  const f = (likely - min) / span;
  return u < f ? min + Math.sqrt(u * span * (likely - min)) : max - Math.sqrt((1 - u) * span * (max - likely));
}
