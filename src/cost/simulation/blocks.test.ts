import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateFlow } from '../../model/generate';
import type { Flow } from '../../model/types';
import { chain, flowOf, type Spec } from '../../model/testing/flowOf';
import { mergeChunks, percentilesAhead, simulate, simulateChunk, SimulationRefused, startSimulation } from '../simulate';
import { BLOCK_RUNS, blocksIn, splitRuns } from './blocks';
import { nodeQuantileRuns } from './limits';

const SLOW = { timeout: 120_000 };

/**
 * The simulation split into `parts` shares, walked separately and merged (shares given in reverse
 * order); with `ahead`, the lead share's module percentiles taken before the merge, as the lead
 * worker takes them while the others walk (percentilesAhead).
 */
function inShares(flow: Flow, samples: number, seed: number, parts: number, ahead = false) {
  const chunks = splitRuns(samples, parts).map((range) => simulateChunk(flow, { samples, seed, range }));
  if (ahead) percentilesAhead(flow, samples, chunks[0]!);
  return mergeChunks(flow, { samples, seed }, chunks.reverse());
}

describe('splitRuns', () => {
  it('shares whole blocks in run order, as evenly as blocks allow, every run once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 16 }), (samples, parts) => {
        const ranges = splitRuns(samples, parts);
        const blocks = Math.ceil(samples / BLOCK_RUNS);
        expect(ranges).toHaveLength(Math.min(parts, blocks));
        let next = 0;
        for (const r of ranges) {
          expect(r.from).toBe(next);
          expect(r.from % BLOCK_RUNS).toBe(0);
          expect(r.to).toBeGreaterThan(r.from);
          next = r.to;
        }
        expect(next).toBe(samples);
        const sizes = ranges.map((r) => blocksIn(r));
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('simulated runs in shares (any number of workers)', () => {
  it('give the very result of one pass for 1, 2 and 3 shares (property)', SLOW, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer(),
        fc.integer({ min: 1, max: 3 * BLOCK_RUNS + 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (modules, flowSeed, seed, samples, rangeShare) => {
          const flow = generateFlow({ modules, seed: flowSeed, rangeShare });
          const one = simulate(flow, { samples, seed });
          for (const parts of [1, 2, 3]) {
            expect(inShares(flow, samples, seed, parts)).toEqual(one);
            expect(inShares(flow, samples, seed, parts, true)).toEqual(one);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('give the very result of one pass past the runs kept for module percentiles', SLOW, () => {
    // A long chain with ranges and a filter: few runs are kept per module, the later ones only summed.
    const ids = Array.from({ length: 5000 }, (_, i) => `m${i}`);
    const flow = flowOf(
      [['t', 'trigger'], ...ids.map((id, i): Spec => [id, 'action', { durationSec: { min: 1, likely: 2, max: 9 }, retries: i % 7 === 0 ? 0.5 : 0 }])],
      [...chain('t', ...ids)].map((e, i) => (i === 2500 ? { ...e, filter: { mode: 'break' as const, passRate: { min: 0.2, likely: 0.5, max: 0.9 } } } : e)),
    );
    const samples = 1100;
    const kept = nodeQuantileRuns(samples, flow.modules.length);
    expect(kept).toBeLessThan(samples - BLOCK_RUNS);
    expect(kept % BLOCK_RUNS).not.toBe(0); // a block that keeps some runs and sums the rest
    const one = simulate(flow, { samples, seed: 3 });
    for (const parts of [2, 3, 4]) {
      expect(inShares(flow, samples, 3, parts)).toEqual(one);
      expect(inShares(flow, samples, 3, parts, true)).toEqual(one);
    }
  });

  it('the merge takes the lead share\'s percentiles taken ahead, only when they cover the kept runs', () => {
    // 8,000 modules: the first 500 runs are kept per module, all within the lead share (512 runs).
    const ids = Array.from({ length: 7999 }, (_, i) => `m${i}`);
    const flow = flowOf(
      [['t', 'trigger'], ...ids.map((id, i): Spec => [id, 'action', { durationSec: i % 10 === 0 ? { min: 1, likely: 2, max: 9 } : 2, retries: i % 7 === 0 ? 0.5 : 0 }])],
      [...chain('t', ...ids)],
    );
    const samples = 3 * BLOCK_RUNS;
    expect(nodeQuantileRuns(samples, flow.modules.length)).toBeLessThan(2 * BLOCK_RUNS);
    const one = simulate(flow, { samples, seed: 9 });
    const [lead, other] = splitRuns(samples, 2).map((range) => simulateChunk(flow, { samples, seed: 9, range }));
    expect(percentilesAhead(flow, samples, other!)).toBe(false); // not the lead share
    expect(other!.percentiles).toBeUndefined();
    expect(percentilesAhead(flow, samples, lead!)).toBe(true);
    expect(Array.from(lead!.percentiles!.p90)).toEqual(one.nodes.map((node) => node.p90));
    // Taken as they are: a mark on them shows in the result (the merge does not take them again).
    lead!.percentiles!.p90[0] = -1;
    expect(mergeChunks(flow, { samples, seed: 9 }, [other!, lead!]).nodes[0]!.p90).toBe(-1);
    // A share that does not hold every kept run takes none; percentiles over other runs than the merge keeps are not taken.
    const first = simulateChunk(flow, { samples, seed: 9, range: { from: 0, to: BLOCK_RUNS } });
    expect(percentilesAhead(flow, samples, first)).toBe(false);
    const again = splitRuns(samples, 2).map((range) => simulateChunk(flow, { samples, seed: 9, range }));
    percentilesAhead(flow, samples, again[0]!);
    again[0]!.percentiles = { ...again[0]!.percentiles!, runs: again[0]!.percentiles!.runs - 1 };
    again[0]!.percentiles.p90[0] = -1;
    expect(mergeChunks(flow, { samples, seed: 9 }, again)).toEqual(one);
  });

  it('a run draws the same numbers whatever the number of runs asked for', () => {
    const flow = generateFlow({ modules: 30, seed: 2, rangeShare: 0.5 });
    const short = simulate(flow, { samples: 2 * BLOCK_RUNS + 10, seed: 8 });
    const long = simulate(flow, { samples: 5 * BLOCK_RUNS, seed: 8 });
    expect(long.runs.subarray(0, short.samples)).toEqual(short.runs);
    // Blocks draw from streams of their own: two blocks do not repeat each other.
    expect(long.runs.subarray(BLOCK_RUNS, 2 * BLOCK_RUNS)).not.toEqual(long.runs.subarray(0, BLOCK_RUNS));
  });

  it('stepped in any steps, with results asked for on the way, gives the result of one pass', () => {
    const flow = generateFlow({ modules: 40, seed: 9, rangeShare: 0.3 });
    const samples = 3 * BLOCK_RUNS - 7;
    const simulation = startSimulation(flow, { samples, seed: 4 });
    const partial = [];
    while (!simulation.step(97)) partial.push(simulation.result());
    expect(partial.map((r) => r.samples)).toEqual([97, 194, 291, 388, 485, 582, 679]);
    // Runs so far are those of a shorter simulation (its runs all keep their module figures here).
    expect(partial[2]).toEqual(simulate(flow, { samples: 291, seed: 4 }));
    expect(simulation.result()).toEqual(simulate(flow, { samples, seed: 4 }));
  });

  it('refuses shares that do not join, and a share that is not whole blocks', () => {
    const flow = generateFlow({ modules: 10, seed: 1 });
    const samples = 3 * BLOCK_RUNS;
    const [a, , c] = splitRuns(samples, 3).map((range) => simulateChunk(flow, { samples, seed: 1, range }));
    expect(() => mergeChunks(flow, { samples, seed: 1 }, [a!, c!])).toThrow(SimulationRefused);
    expect(() => simulateChunk(flow, { samples, seed: 1, range: { from: 10, to: BLOCK_RUNS } })).toThrow(/whole blocks/);
  });
});
