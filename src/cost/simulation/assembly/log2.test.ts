// The AssemblyScript log2 (log2.ts) and its TypeScript twin (src/cost/log2.ts) against this engine's
// Math.log2, bit for bit: both are V8's log2 up to Node 20 (fdlibm), so in Node 20 every result
// must have Math.log2's exact bits, NaNs included (V8 answers log2 of a negative number with the
// signalling NaN 0x7ff4000000000000). Compiles log2.ts with the AssemblyScript compiler's JS API.
// (Other engines' Math.log2 may differ: bench/log2.ts compares in Chromium.)
// LOG2_SWEEP=<n> (e.g. LOG2_SWEEP=50000000) adds n more random inputs of each kind.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { describe, expect, it, beforeAll } from 'vitest';
import { log2 as tsLog2 } from '../../log2';
import { createRng } from '../../../model/rng';

type Log2 = (x: number) => number;

async function compileLog2(): Promise<Log2> {
  const source = readFileSync(fileURLToPath(new URL('./log2.ts', import.meta.url)), 'utf8');
  const result = await asc.compileString({ 'log2.ts': source }, { optimizeLevel: 3, runtime: 'stub', noAssert: true });
  if (result.error || !result.binary) throw new Error(`asc failed: ${result.stderr.toString()}`);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(result.binary as Uint8Array<ArrayBuffer>));
  return instance.exports.log2 as Log2;
}

const f64 = new Float64Array(2);
const u64 = new BigUint64Array(f64.buffer);
const u32 = new Uint32Array(f64.buffer);

function bits(x: number): bigint {
  f64[0] = x;
  return u64[0]!;
}

function fromBits(b: bigint): number {
  u64[0] = b;
  return f64[0]!;
}

/** Counts inputs where the wasm or the TypeScript log2 differs from Math.log2; keeps the first few for the message. */
class Mismatches {
  count = 0;
  checked = 0;
  readonly examples: string[] = [];
  check(wasmLog2: Log2, x: number): void {
    this.checked++;
    f64[0] = Math.log2(x);
    const want = u64[0]!;
    f64[0] = wasmLog2(x);
    const wasm = u64[0]!;
    f64[0] = tsLog2(x);
    const ts = u64[0]!;
    if (want === wasm && want === ts) return;
    this.count++;
    if (this.examples.length < 5) this.examples.push(`log2(0x${bits(x).toString(16)}): Math 0x${want.toString(16)}, wasm 0x${wasm.toString(16)}, ts 0x${ts.toString(16)}`);
  }
}

/** The engine's seeded generator (model/rng.ts) as 32-bit words: its numbers are words × 2^-32, exactly. */
function words(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng() * 2 ** 32;
}

/** n doubles with uniformly random bit patterns (so every exponent, both signs, subnormals, NaNs). */
function randomBits(log2: Log2, m: Mismatches, n: number, seed: number): void {
  const next = words(seed);
  for (let i = 0; i < n; i++) {
    u32[0] = next();
    u32[1] = next();
    m.check(log2, f64[0]!);
  }
}

/** n values 1 + t / t0 with t in [0, 1e6] and t0 in [0.1, 1000], as the walk computes them. */
function walkArguments(log2: Log2, m: Mismatches, n: number, seed: number): void {
  const next = words(seed);
  for (let i = 0; i < n; i++) {
    const t = (next() / 2 ** 32) * 1e6;
    const t0 = 0.1 + (next() / 2 ** 32) * (1000 - 0.1);
    m.check(log2, 1 + t / t0);
  }
}

const sweep = Number(process.env.LOG2_SWEEP ?? 0);

describe('the AssemblyScript and TypeScript log2 are bit-identical to Math.log2 (Node 20)', () => {
  let log2: Log2;
  beforeAll(async () => {
    log2 = await compileLog2();
  }, 60_000);

  it('special values: zeros, negatives, NaN, infinities, subnormals, the extremes', () => {
    const m = new Mismatches();
    const specials = [0, -0, -1, -0.5, -1e-300, -Number.MAX_VALUE, NaN, -NaN, Infinity, -Infinity, Number.MIN_VALUE, 2 * Number.MIN_VALUE, Number.MAX_VALUE, Number.EPSILON, 2 ** -1022, 2 ** -1022 - 2 ** -1074, Math.SQRT2, Math.SQRT1_2, Math.E, 10, 3];
    for (const x of specials) m.check(log2, x);
    // every subnormal exponent, with a few mantissas each
    for (let b = 1n; b < 1n << 52n; b <<= 1n) for (const x of [fromBits(b), fromBits(b | 1n), fromBits(b * 2n - 1n), -fromBits(b)]) m.check(log2, x);
    expect(m.examples).toEqual([]);
    expect(m.count).toBe(0);
    for (const f of [log2, tsLog2]) {
      expect(f(0)).toBe(-Infinity);
      expect(f(-0)).toBe(-Infinity);
      expect(Number.isNaN(f(-1))).toBe(true);
      expect(Object.is(f(1), 0)).toBe(true);
      expect(f(8)).toBe(3);
    }
  });

  it('every power of two from 2^-1074 to 2^1023, and its neighbours', () => {
    const m = new Mismatches();
    for (let e = -1074; e <= 1023; e++) {
      const b = bits(2 ** e);
      for (const d of [0n, 1n, -1n, 2n]) if (b + d > 0n) m.check(log2, fromBits(b + d));
    }
    expect(m.checked).toBeGreaterThan(4 * 2098 - 4);
    expect(m.examples).toEqual([]);
    expect(m.count).toBe(0);
  });

  it('1 and its neighbours, ±1..1000 ulps, and near sqrt(2), 1/sqrt(2)', () => {
    const m = new Mismatches();
    for (const c of [1, Math.SQRT2, Math.SQRT1_2]) {
      const b = bits(c);
      for (let d = -1000n; d <= 1000n; d++) m.check(log2, fromBits(b + d));
    }
    expect(m.examples).toEqual([]);
    expect(m.count).toBe(0);
  });

  it('2 million random bit patterns over every exponent and 2 million walk arguments 1 + t/t0', () => {
    const m = new Mismatches();
    randomBits(log2, m, 2_000_000 + sweep, 0x1092);
    walkArguments(log2, m, 2_000_000 + sweep, 0x7e57);
    expect(m.checked).toBe(4_000_000 + 2 * sweep);
    expect(m.examples).toEqual([]);
    expect(m.count).toBe(0);
  }, 600_000);
});
