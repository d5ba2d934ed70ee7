/**
 * The WebAssembly walk (assembly/walk.ts) against the JS walk (walk.ts): the same credits, the
 * same credits per module and the same executions for every run of random flows, with every
 * kind of module, ranges, failures, pages and loops, with and without fixed parts; the same
 * refusal of a run that is too long; the committed bytes are those the sources compile to; and
 * the module's constants are the engine's.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesModule, compileWalkWasm, WALK_BYTES_FILE } from '../../../scripts/buildWalkWasm.mjs';
import { canFail, type Estimate, type Flow, type Module } from '../../model/types';
import { generateFlow } from '../../model/generate';
import { brokenFlowArbitrary, flowRecipeArbitrary } from '../../model/testing/arbitraries';
import * as fixedParts from '../fixedParts';
import { rateCardOf } from '../price';
import * as limits from './limits';
import { compileWalk, startStream } from './plan';
import * as walk from './walk';
import type { WalkState } from './walk';
import { walkerFor, walkModule, WASM_FIELDS } from './walkWasm';

/** Failures (fixed and ranged, some with error edges) and paged searches on a generated flow. */
function withFailures(flow: Flow, every: number): Flow {
  flow.modules.forEach((m, i) => {
    if (canFail(m.type) && i % every === 0) m.assumptions = { ...m.assumptions, failureRate: i % 2 === 0 ? 0.2 : { min: 0, likely: 0.1, max: 0.5 } };
    if (m.type === 'search' && i % 2 === 1) m.assumptions = { ...m.assumptions, pages: i % 4 === 1 ? 2.5 : { min: 1, likely: 2, max: 4 } };
  });
  return flow;
}

/**
 * The first element, of every array the WebAssembly walk reads or writes, where the two walk
 * states differ (as `Object.is` tells numbers apart: −0 from 0, any NaN alike, since JS does not
 * keep a NaN's bits), or null.
 */
function firstDifference(a: WalkState, b: WalkState): string | null {
  for (const field of WASM_FIELDS) {
    const x = a[field];
    const y = b[field];
    if (x.length !== y.length) return `${field}: ${x.length} elements against ${y.length}`;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${field}[${i}]: ${x[i]} against ${y[i]}`;
  }
  return null;
}

/** What a walk gives: its credits, or the message it was refused with. */
function walked(walk: () => number): number | string {
  try {
    return walk();
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Walks `runs` runs of the flow with both walks, from several streams, and compares each run's
 * credits and then every byte of every array either walk reads or writes. Returns the executions
 * walked (so that a test can tell it compared real work).
 */
function walkBoth(flow: Flow, seed: number, runs: number, walkEveryExecution: boolean): number {
  const rateCard = rateCardOf(flow);
  const js = compileWalk(flow, rateCard, seed, walkEveryExecution);
  const wasm = compileWalk(flow, rateCard, seed, walkEveryExecution);
  const before = wasm.nodeRun.buffer;
  const walkWasm = walkerFor(wasm);
  // The arrays did move into the module's memory: this compares the WebAssembly walk, not the fallback.
  expect(wasm.nodeRun.buffer).not.toBe(before);
  let executions = 0;
  for (let run = 0; run < runs; run++) {
    if (run % 7 === 0) {
      startStream(js, seed, run);
      startStream(wasm, seed, run);
    }
    if (run % 3 === 0) {
      js.nodeRun.fill(0);
      wasm.nodeRun.fill(0);
    }
    const a = walked(() => walk.walkRun(js));
    const b = walked(walkWasm);
    expect(Object.is(a, b), `run ${run}: ${a} against ${b}`).toBe(true);
    if (typeof a === 'string') return executions;
    expect(firstDifference(js, wasm), `run ${run}`).toBeNull();
    executions += js.num[walk.NUM_EXECUTIONS]!;
  }
  return executions;
}

/** Odd assumptions and pass rates: zeros, −0, negatives, NaN, infinities, huge and tiny numbers, empty and reversed ranges. */
const ODD: Estimate[] = [
  0, -0, -1, NaN, Infinity, -Infinity, 0.5, 1, 2.5, 1e300, 3e9 + 0.5, 1e-320,
  { min: 1, likely: 1, max: 1 }, { min: 2, likely: 1, max: 0 }, { min: 0, likely: NaN, max: 3 }, { min: NaN, likely: 1, max: 3 },
  { min: -2, likely: 0, max: 2 }, { min: 0, likely: 5, max: 3 }, { min: -Infinity, likely: 0, max: 1 }, { min: 0.5, likely: 2, max: 4.5 },
];
const ODD_RATE: Estimate[] = [
  0, -0, 1, 0.5, NaN, -0.5, 1.5, Infinity, { min: 0, likely: 0, max: 0 }, { min: 0.2, likely: 0.5, max: 0.9 },
  { min: -1, likely: 0.5, max: 2 }, { min: 0, likely: NaN, max: 1 }, { min: 0.9, likely: 1, max: 1.5 },
];
/** Iterations stay small enough that a run ends soon (a refusal after 5·10⁷ executions takes seconds). */
const ODD_ITERATIONS: Estimate[] = [0, -0, -1, NaN, 0.5, 1, 2.5, { min: 2, likely: 1, max: 0 }, { min: 0, likely: NaN, max: 3 }, { min: -2, likely: 0, max: 2 }];
const KEYS = ['durationSec', 'payloadKB', 'retries', 'extraCredits', 'iterations', 'failureRate', 'pages'] as const;

/** The flow with odd assumptions, filters, route rates and error edges, chosen by `picks` (after the review's fuzzing). */
function oddly(flow: Flow, picks: number[]): Flow {
  let p = 0;
  const next = () => picks[p++ % picks.length]!;
  const modules = flow.modules.map((m) => {
    const a: Record<string, Estimate> = { ...(m.assumptions as Record<string, Estimate>) };
    for (const k of KEYS) {
      const x = next();
      if (x % 3 === 0) a[k] = (k === 'failureRate' ? ODD_RATE : k === 'iterations' ? ODD_ITERATIONS : ODD)[x % (k === 'failureRate' ? ODD_RATE.length : k === 'iterations' ? ODD_ITERATIONS.length : ODD.length)]!;
    }
    return { ...m, assumptions: a } as Module;
  });
  const byId = new Map(modules.map((m) => [m.id, m]));
  const edges = flow.edges.map((e) => {
    const x = next();
    const out = { ...e };
    if (x % 4 === 0) out.filter = { mode: x % 8 === 0 ? 'break' : 'skip', passRate: ODD_RATE[next() % ODD_RATE.length]! };
    if (out.route && x % 3 === 0) out.route = { ...out.route, passRate: ODD_RATE[next() % ODD_RATE.length]! };
    const source = byId.get(e.source);
    if (source && canFail(source.type) && x % 11 === 0) out.error = true;
    return out;
  });
  return { ...flow, modules, edges } as Flow;
}

/** Whether the engine compiles the flow's plan (a broken flow may be refused). */
function compiles(flow: Flow, seed: number, everyExecution: boolean): boolean {
  try {
    compileWalk(flow, rateCardOf(flow), seed, everyExecution);
    return true;
  } catch {
    return false;
  }
}

describe('the WebAssembly walk', () => {
  it('is available here (Node), so the engine does not fall back to the JS walk', () => {
    expect(walkModule()).toBeInstanceOf(WebAssembly.Module);
  });

  it('walks every run of random flows as the JS walk does, bit for bit', { timeout: 120_000 }, () => {
    let executions = 0;
    fc.assert(
      fc.property(flowRecipeArbitrary({ maxModules: 150 }), fc.integer({ min: 0, max: 4 }), fc.boolean(), fc.integer({ min: 0, max: 1e9 }), (recipe, failEvery, everyExecution, seed) => {
        const flow = generateFlow(recipe);
        if (failEvery > 0) withFailures(flow, failEvery);
        executions += walkBoth(flow, seed, 40, everyExecution);
      }),
      { numRuns: 120 },
    );
    // The flows did walk (a comparison of empty runs would prove nothing).
    expect(executions).toBeGreaterThan(10_000);
  });

  it('walks flows that break the structural rules as the JS walk does (cycles, retargeted aggregators)', { timeout: 120_000 }, () => {
    let compared = 0;
    fc.assert(
      fc.property(brokenFlowArbitrary({ maxModules: 40 }), fc.integer({ min: 0, max: 1e9 }), fc.boolean(), (flow, seed, everyExecution) => {
        if (!compiles(flow, seed, everyExecution)) return;
        walkBoth(flow, seed, 12, everyExecution);
        compared++;
      }),
      { numRuns: 80 },
    );
    expect(compared).toBeGreaterThan(20);
  });

  it('walks odd numbers as the JS walk does: NaN, −0, infinities, negatives, reversed ranges, rates outside 0..1', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(flowRecipeArbitrary({ maxModules: 80 }), fc.array(fc.nat(1000), { minLength: 5, maxLength: 40 }), fc.integer({ min: 0, max: 1e9 }), fc.boolean(), (recipe, picks, seed, everyExecution) => {
        walkBoth(oddly(generateFlow(recipe), picks), seed, 12, everyExecution);
      }),
      { numRuns: 100 },
    );
  });

  it('walks a large flow with loops, ranges and failures as the JS walk does', { timeout: 60_000 }, () => {
    walkBoth(withFailures(generateFlow({ modules: 1000, seed: 3, rangeShare: 0.3 }), 3), 5, 60, false);
    walkBoth(generateFlow({ modules: 600, seed: 4, rangeShare: 0.5 }), 6, 30, true);
  });

  it('refuses a run that goes past the most executions, as the JS walk does', () => {
    const flow = generateFlow({ modules: 3, seed: 1, rangeShare: 0 });
    const [trigger, step] = [flow.modules[0]!, flow.modules[1]!];
    const loop: Flow = {
      ...flow,
      modules: [
        trigger,
        { id: 'each', type: 'iterator', name: 'Each', position: { x: 0, y: 0 }, assumptions: { iterations: 3e7 } },
        { ...step, id: 'a', assumptions: { durationSec: 2 } },
        { ...step, id: 'b', assumptions: { durationSec: 2 } },
      ],
      edges: [
        { id: 'e1', source: trigger.id, target: 'each' },
        { id: 'e2', source: 'each', target: 'a' },
        { id: 'e3', source: 'a', target: 'b' },
      ],
    };
    const rateCard = rateCardOf(loop);
    const js = compileWalk(loop, rateCard, 1, false);
    const wasm = compileWalk(loop, rateCard, 1, false);
    const walkWasm = walkerFor(wasm);
    expect(() => walk.walkRun(js)).toThrow(limits.runTooLong().message);
    expect(() => walkWasm()).toThrow(limits.runTooLong().message);
  });

  it('is the JS walk where there is no module (no WebAssembly)', () => {
    const flow = generateFlow({ modules: 80, seed: 2, rangeShare: 0.5 });
    const a = compileWalk(flow, rateCardOf(flow), 3, false);
    const b = compileWalk(flow, rateCardOf(flow), 3, false);
    const before = b.nodeRun.buffer;
    const fallback = walkerFor(b, null);
    expect(b.nodeRun.buffer).toBe(before);
    for (let run = 0; run < 20; run++) expect(fallback()).toBe(walk.walkRun(a));
  });

  it('reads the arrays in the order walkWasm.ts writes their addresses, with the engine constants', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const exports = new WebAssembly.Instance(walkModule()!, { env: { memory } }).exports as Record<string, WebAssembly.Global>;
    const source = readFileSync(new URL('./assembly/walk.ts', import.meta.url), 'utf8');
    const bound = [...source.matchAll(/^ {2}(\w+) = load<u32>\(i\);/gm)].map((m) => m[1]);
    expect(bound).toEqual([...WASM_FIELDS]);
    expect(exports.FIELDS!.value).toBe(WASM_FIELDS.length);
    const engine: Record<string, unknown> = { ...fixedParts, ...walk, ...limits };
    const constants = Object.keys(exports).filter((name) => /^[A-Z][A-Z0-9_]*$/.test(name) && name !== 'FIELDS');
    expect(constants.length).toBeGreaterThan(35);
    for (const name of constants) expect({ name, value: exports[name]!.value }).toEqual({ name, value: engine[name] });
  });

  it('is committed as the bytes its sources compile to (npm run build:wasm)', { timeout: 120_000 }, async () => {
    const bytes = await compileWalkWasm();
    const committed = readFileSync(new URL(`../../../${WALK_BYTES_FILE}`, import.meta.url), 'utf8').replace(/\r\n/g, '\n');
    expect(committed, `${WALK_BYTES_FILE} is not what the sources compile to: run npm run build:wasm`).toBe(bytesModule(bytes));
  });
});
