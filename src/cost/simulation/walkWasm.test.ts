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
import { canFail, type Flow } from '../../model/types';
import { generateFlow } from '../../model/generate';
import { flowRecipeArbitrary } from '../../model/testing/arbitraries';
import * as fixedParts from '../fixedParts';
import { rateCardOf } from '../price';
import * as limits from './limits';
import { compileWalk, startStream } from './plan';
import * as walk from './walk';
import { walkerFor, walkModule, WASM_FIELDS } from './walkWasm';

/** Failures (fixed and ranged, some with error edges) and paged searches on a generated flow. */
function withFailures(flow: Flow, every: number): Flow {
  flow.modules.forEach((m, i) => {
    if (canFail(m.type) && i % every === 0) m.assumptions = { ...m.assumptions, failureRate: i % 2 === 0 ? 0.2 : { min: 0, likely: 0.1, max: 0.5 } };
    if (m.type === 'search' && i % 2 === 1) m.assumptions = { ...m.assumptions, pages: i % 4 === 1 ? 2.5 : { min: 1, likely: 2, max: 4 } };
  });
  return flow;
}

/** Walks `runs` runs of the flow with both walks, from several streams, and compares every figure after each run. */
function walkBoth(flow: Flow, seed: number, runs: number, walkEveryExecution: boolean): number {
  const rateCard = rateCardOf(flow);
  const js = compileWalk(flow, rateCard, seed, walkEveryExecution);
  const wasm = compileWalk(flow, rateCard, seed, walkEveryExecution);
  const walkWasm = walkerFor(wasm);
  expect(wasm.nodeRun.buffer).not.toBe(js.nodeRun.buffer);
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
    const a = walk.walkRun(js);
    const b = walkWasm();
    expect(Object.is(a, b), `run ${run}: ${a} against ${b}`).toBe(true);
    expect(Array.from(wasm.nodeRun)).toEqual(Array.from(js.nodeRun));
    expect(Array.from(wasm.num)).toEqual(Array.from(js.num));
    expect(wasm.cursor[0]).toBe(js.cursor[0]);
    expect(Array.from(wasm.rng)).toEqual(Array.from(js.rng));
    executions += js.num[walk.NUM_EXECUTIONS]!;
  }
  return executions;
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
    const fallback = walkerFor(b, null);
    expect(b.nodeRun.buffer).not.toBeInstanceOf(WebAssembly.Memory);
    for (let run = 0; run < 20; run++) expect(fallback()).toBe(walk.walkRun(a));
  });

  it('reads the arrays in the order walkWasm.ts writes their addresses, with the engine constants', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const exports = new WebAssembly.Instance(walkModule()!, { env: { memory, log2: Math.log2 } }).exports as Record<string, WebAssembly.Global>;
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
    expect(readFileSync(new URL(`../../../${WALK_BYTES_FILE}`, import.meta.url), 'utf8')).toBe(bytesModule(bytes));
  });
});
