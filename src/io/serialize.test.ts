import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { freeze } from 'immer';
import { rememberFlowText, serializeFlow } from './serialize';
import { generateFlow } from '../model/generate';
import { parseFlow } from './parse';
import { exampleFile } from './testing/exampleFlow';
import { flowArbitrary } from './testing/flowArbitrary';
import type { Flow } from '../model/types';
import { brokenFlowArbitrary, validFlowArbitrary } from '../model/testing/arbitraries';

function parsed(text: string): Flow {
  const result = parseFlow(text);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.value;
}

describe('serializeFlow', { timeout: 60_000 }, () => {
  it('writes 2-space JSON with a trailing newline and the current version', () => {
    const text = serializeFlow(parsed(JSON.stringify(exampleFile())));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "format": "creditflow",');
    expect(text.split('\n')[2]).toBe('  "version": 3,');
  });

  it('writes keys in the documented order, unknown keys after the known ones in their own order', () => {
    const flow = {
      zeta: 1,
      edges: [{ note: 'n', route: { fallback: false, passRate: 0.5, priority: 1 }, target: 'b', source: 'a', id: 'e1' }],
      modules: [
        { assumptions: { iterations: 3, durationSec: 1, retries: { max: 3, min: 1, likely: 2 } }, colour: 'red', position: { y: 2, x: 1 }, name: 'A', type: 'iterator', id: 'a' },
        { config: { mode: 'exclusive' }, type: 'router', id: 'b', name: 'B', position: { x: 0, y: 0 } },
      ],
      settings: { budget: { unit: 'credits', amount: 5 }, runsPerMonth: 10, rateCard: { dollarsPerCredit: 1, baseCredits: { code: 2, action: 1 } } },
      name: 'F',
      alpha: 2,
      version: 2,
      format: 'creditflow',
    } as unknown as Flow;
    const file = JSON.parse(serializeFlow(flow)) as Record<string, unknown> & { modules: object[]; edges: Record<string, object>[]; settings: Record<string, object> };
    expect(Object.keys(file)).toEqual(['format', 'version', 'name', 'settings', 'modules', 'edges', 'zeta', 'alpha']);
    expect(Object.keys(file.settings)).toEqual(['runsPerMonth', 'rateCard', 'budget']);
    expect(Object.keys(file.settings.rateCard!)).toEqual(['baseCredits', 'dollarsPerCredit']);
    expect(Object.keys((file.settings.rateCard as Record<string, object>).baseCredits!)).toEqual(['action', 'code']);
    expect(Object.keys(file.settings.budget!)).toEqual(['amount', 'unit']);
    const m = file.modules[0] as Record<string, object>;
    expect(Object.keys(m)).toEqual(['id', 'type', 'name', 'position', 'assumptions', 'colour']);
    expect(Object.keys(m.position!)).toEqual(['x', 'y']);
    expect(Object.keys(m.assumptions!)).toEqual(['durationSec', 'retries', 'iterations']);
    expect(Object.keys((m.assumptions as Record<string, object>).retries!)).toEqual(['min', 'likely', 'max']);
    expect(Object.keys(file.modules[1]!)).toEqual(['id', 'type', 'name', 'position', 'config']);
    expect(Object.keys(file.edges[0]!)).toEqual(['id', 'source', 'target', 'route', 'note']);
    expect(Object.keys(file.edges[0]!.route!)).toEqual(['priority', 'passRate', 'fallback']);
  });

  it('leaves out undefined fields', () => {
    const flow = parsed(JSON.stringify(exampleFile()));
    flow.modules[0]!.assumptions = undefined;
    expect(serializeFlow(flow)).not.toContain('"assumptions": {\n        "durationSec": 0,\n        "payloadKB": 2');
    expect(JSON.parse(serializeFlow(flow)).modules[0]).not.toHaveProperty('assumptions');
  });

  it('export → import → export gives the same bytes (the example file)', () => {
    const first = serializeFlow(parsed(JSON.stringify(exampleFile())));
    expect(serializeFlow(parsed(first))).toBe(first);
  });

  it('export → import → export gives the same bytes, and import keeps the flow (generated flows)', () => {
    fc.assert(
      fc.property(flowArbitrary, (flow) => {
        const first = serializeFlow(flow);
        const back = parseFlow(first);
        if (!back.ok) throw new Error(back.errors.map((e) => e.message).join('\n'));
        expect(serializeFlow(back.value)).toBe(first);
        expect(JSON.parse(first)).toEqual(JSON.parse(JSON.stringify(back.value)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('round trip of generated flows (src/model/testing/arbitraries)', { timeout: 120_000 }, () => {
  it('valid flows: export → import → export is byte-identical and import gives the same flow', () => {
    fc.assert(
      fc.property(validFlowArbitrary({ maxModules: 80 }), (flow) => {
        const first = serializeFlow(flow);
        const back = parseFlow(first);
        if (!back.ok) throw new Error(back.errors.map((e) => e.message).join('\n'));
        expect(serializeFlow(back.value)).toBe(first);
        expect(back.value).toEqual(JSON.parse(first));
      }),
      { numRuns: 150 },
    );
  });

  it('structurally broken flows still import (unless an edge names a missing module) and round-trip', () => {
    fc.assert(
      fc.property(brokenFlowArbitrary({ maxModules: 40 }), (flow) => {
        const first = serializeFlow(flow);
        const back = parseFlow(first);
        const ids = new Set(flow.modules.map((m) => m.id));
        const dangling = flow.edges.some((e) => !ids.has(e.source) || !ids.has(e.target));
        expect(back.ok).toBe(!dangling);
        if (back.ok) expect(serializeFlow(back.value)).toBe(first);
        else expect(back.errors.every((e) => /is not a module of this flow/.test(e.message))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the text of a flow that cannot change', () => {
  it('is written once for a frozen flow, and afresh for a flow that can still change', () => {
    const flow = generateFlow({ modules: 12, seed: 3 });
    const first = serializeFlow(flow);
    flow.modules[0]!.name = 'Changed';
    expect(serializeFlow(flow)).not.toBe(first);
    expect(serializeFlow(flow)).toContain('"Changed"');
    const frozen = freeze(structuredClone(flow), true);
    expect(serializeFlow(frozen)).toBe(serializeFlow(flow));
  });

  it('a text handed over is used once the flow is frozen, never while it can change', () => {
    const flow = generateFlow({ modules: 5, seed: 8 });
    rememberFlowText(flow, 'handed over');
    expect(serializeFlow(flow)).not.toBe('handed over');
    freeze(flow, true);
    expect(serializeFlow(flow)).toBe('handed over');
  });
});
