/**
 * Keeping runs and taking the module percentiles in WebAssembly (assembly/walk.ts `keep` and
 * `percentiles`, walkWasm.ts runsFor) against the JS (walk.ts keepRun, summary.ts percentilesJs):
 * the same f32 samples, the same block sums, the same P10 and P90 to the last bit (as Object.is
 * tells numbers apart) on random columns with ties, NaN, ±0 and ±Infinity, a single run, columns
 * of one value and a number of modules that is not a multiple of the column block; samples kept
 * in the walk's memory can still be moved to another thread (movableChunk) and handed on (SampleBuffers).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateFlow } from '../../model/generate';
import { rateCardOf } from '../price';
import { movableChunk, SampleBuffers, simulateChunk } from '../simulate';
import { compileWalk, startStream } from './plan';
import { modulePercentiles, percentilesJs } from './summary';
import { inWalkMemory, percentilesWasm, runsFor, walkModule } from './walkWasm';

/** The first index where a and b differ (Object.is), or -1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

const SPECIAL = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1, -1, 2.5, 1e-40, 3.4e38];

/** A sample: mostly few distinct values (ties), some specials, some any f32. */
const sampleArbitrary = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }).map((k) => k * 0.5) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 3, arbitrary: fc.float({ noDefaultInfinity: false }) },
);

function bothPercentiles(samples: Float32Array, n: number, runs: number) {
  const p10 = new Float64Array(n);
  const p90 = new Float64Array(n);
  percentilesJs(samples, n, runs, p10, p90);
  const wasm = percentilesWasm(samples, n, runs)!;
  return { js: { p10, p90 }, wasm };
}

describe('module percentiles in WebAssembly', () => {
  it('picks what the JS picks on random columns (ties, NaN, ±0, ±Infinity, one run, one value)', () => {
    expect(walkModule()).not.toBeNull();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(sampleArbitrary, { minLength: 1, maxLength: 64 }),
        fc.integer({ min: 0, max: 3 }),
        (n, runs, pool, shape) => {
          const samples = new Float32Array(n * runs);
          for (let i = 0; i < samples.length; i++) samples[i] = pool[(i * 7919 + (i >> 3)) % pool.length]!;
          // Some columns of one value (a module that costs the same every run, or never runs).
          if (shape === 1) for (let s = 0; s < runs; s++) for (let v = 0; v < n; v += 3) samples[s * n + v] = pool[0]!;
          const { js, wasm } = bothPercentiles(samples, n, runs);
          expect(firstDifference(wasm.p90, js.p90)).toBe(-1);
          expect(firstDifference(wasm.p10, js.p10)).toBe(-1);
        },
      ),
      { numRuns: 300, seed: 19 },
    );
  });

  it('takes the percentiles of a share kept in the walk memory there, with the JS numbers', () => {
    const flow = generateFlow({ modules: 37, seed: 5, rangeShare: 0.5 });
    const chunk = simulateChunk(flow, { samples: 700, seed: 3, range: { from: 0, to: 512 } });
    expect(inWalkMemory(chunk.nodeSamples)).toBe(true);
    const runs = 500;
    const samples = chunk.nodeSamples.subarray(0, runs * 37);
    const p10 = new Float64Array(37);
    const p90 = new Float64Array(37);
    modulePercentiles(samples, 37, runs, p10, p90);
    const j10 = new Float64Array(37);
    const j90 = new Float64Array(37);
    percentilesJs(samples.slice(), 37, runs, j10, j90);
    expect(firstDifference(p90, j90)).toBe(-1);
    expect(firstDifference(p10, j10)).toBe(-1);
    // The samples themselves were not moved (selection works on a copy of the columns).
    expect(firstDifference(samples, chunk.nodeSamples.subarray(0, runs * 37))).toBe(-1);
    expect(new Set(p90).size).toBeGreaterThan(3);
  });
});

describe('keeping runs in WebAssembly', () => {
  it('keeps the samples and block sums that keepRun keeps', () => {
    const flow = generateFlow({ modules: 45, seed: 8, rangeShare: 0.6 });
    const n = flow.modules.length;
    const runs = 300;
    const need = { samples: n * runs, sums: 2 * n, runs };
    const a = compileWalk(flow, rateCardOf(flow), 4, false);
    const b = compileWalk(flow, rateCardOf(flow), 4, false);
    const wasm = runsFor(a, need);
    const js = runsFor(b, need, null);
    expect(inWalkMemory(wasm.samples)).toBe(true);
    expect(inWalkMemory(js.samples)).toBe(false);
    for (const [w, r] of [
      [a, wasm],
      [b, js],
    ] as const) {
      for (let s = 0; s < runs; s++) {
        if (s % 256 === 0) startStream(w, 4, s / 256);
        w.nodeRun.fill(0);
        r.walk();
        r.keep(s * n, s < 256 ? 0 : n);
      }
    }
    expect(firstDifference(wasm.samples, js.samples)).toBe(-1);
    expect(firstDifference(wasm.sums, js.sums)).toBe(-1);
    expect(new Set(js.samples).size).toBeGreaterThan(50);
  });

  it('moves a share kept in the walk memory to another thread as a copy, and hands its memory on', () => {
    const flow = generateFlow({ modules: 30, seed: 2, rangeShare: 0.3 });
    const chunk = simulateChunk(flow, { samples: 600, seed: 1, range: { from: 0, to: 512 } });
    const moved = movableChunk(chunk);
    expect(inWalkMemory(moved.nodeSamples)).toBe(false);
    expect(firstDifference(moved.nodeSamples, chunk.nodeSamples)).toBe(-1);
    // A buffer handed back is used again by the next simulation, in the same memory.
    const buffers = new SampleBuffers();
    const first = simulateChunk(flow, { samples: 600, seed: 1, range: { from: 0, to: 512 }, buffers });
    buffers.give(first.nodeSamples);
    const second = simulateChunk(flow, { samples: 600, seed: 1, range: { from: 0, to: 512 }, buffers });
    expect(second.nodeSamples.buffer).toBe(first.nodeSamples.buffer);
    expect(firstDifference(second.nodeSamples, chunk.nodeSamples)).toBe(-1);
  });

  it('lets go a memory that holds far more than its samples (a small flow’s many runs), keeps one that does not', () => {
    const flow = generateFlow({ modules: 10, seed: 3, rangeShare: 0.4 });
    const buffers = new SampleBuffers();
    // 10 modules × 60,000 kept runs: 2.4 MB of samples, 7.7 MB of percentile column block beside them.
    const many = simulateChunk(flow, { samples: 60000, seed: 1, range: { from: 0, to: 60000 } });
    expect(inWalkMemory(many.nodeSamples)).toBe(true);
    expect(many.nodeSamples.buffer.byteLength).toBeGreaterThan(3 * many.nodeSamples.byteLength);
    buffers.give(many.nodeSamples);
    expect(buffers.spare(many.nodeSamples.length)).toBeNull();
    const few = simulateChunk(flow, { samples: 600, seed: 1, range: { from: 0, to: 512 } });
    buffers.give(few.nodeSamples);
    expect(buffers.spare(few.nodeSamples.length)).toBe(few.nodeSamples);
  });

  it('gives the numbers of a fresh simulation when a memory handed on must grow for a larger flow', () => {
    const small = generateFlow({ modules: 60, seed: 4, rangeShare: 0.4 });
    const large = generateFlow({ modules: 1000, seed: 6, rangeShare: 0.4 });
    const buffers = new SampleBuffers();
    const first = simulateChunk(small, { samples: 512, seed: 2, range: { from: 0, to: 512 }, buffers });
    const memory = first.nodeSamples.buffer;
    const bytes = memory.byteLength;
    buffers.give(first.nodeSamples);
    // 1,000 modules × 25 kept runs: fewer samples than the spare holds, more plan than its memory had room for.
    const options = { samples: 25, seed: 2, range: { from: 0, to: 25 } };
    const reused = simulateChunk(large, { ...options, buffers });
    const fresh = simulateChunk(large, options);
    expect(memory.byteLength).toBe(0); // grown: the old buffer is detached
    expect(reused.nodeSamples.buffer.byteLength).toBeGreaterThan(bytes);
    expect(firstDifference(reused.nodeSamples, fresh.nodeSamples)).toBe(-1);
    expect(firstDifference(reused.blockSums, fresh.blockSums)).toBe(-1);
    expect(firstDifference(reused.runs, fresh.runs)).toBe(-1);
  });
});
