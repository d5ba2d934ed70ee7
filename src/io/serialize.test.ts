import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { freeze, produce } from 'immer';
import { flowTextLength, rememberFlowText, serializeFlow, textPieces, toFileObject, writeItemsAhead } from './serialize';
import { modulesInFileText } from './modulesInFileText';
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

/** The file text written in one piece, without any kept text: what serializeFlow must equal. */
const plainText = (flow: Flow) => `${JSON.stringify(toFileObject(flow), null, 2)}\n`;

type Edit =
  | { kind: 'move'; at: number; x: number; y: number }
  | { kind: 'rename'; at: number; name: string }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number }
  | { kind: 'edge'; at: number; passRate: number }
  | { kind: 'unlink'; at: number }
  | { kind: 'note'; at: number; note: string }
  | { kind: 'flowName'; name: string }
  | { kind: 'undo' };

const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('move' as const), at: fc.nat(), x: fc.integer({ min: -5000, max: 5000 }), y: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), name: fc.string({ maxLength: 12, unit: 'binary' }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('edge' as const), at: fc.nat(), passRate: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('unlink' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('note' as const), at: fc.nat(), note: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('flowName' as const), name: fc.string({ maxLength: 12 }) }),
  fc.constant({ kind: 'undo' as const }),
);

/** One edit as the editor makes it: an immer draft of the frozen flow, so untouched items are shared. */
function applyEdit(flow: Flow, edit: Edit): Flow {
  return produce(flow, (draft) => {
    const module = draft.modules.length > 0 ? draft.modules[edit.kind === 'undo' || edit.kind === 'flowName' ? 0 : edit.at % draft.modules.length] : undefined;
    const edge = draft.edges.length > 0 && 'at' in edit ? draft.edges[edit.at % draft.edges.length] : undefined;
    switch (edit.kind) {
      case 'move':
        if (module) module.position = { x: edit.x, y: edit.y };
        break;
      case 'rename':
        if (module) module.name = edit.name;
        break;
      case 'delete':
        if (module) {
          draft.modules.splice(draft.modules.indexOf(module), 1);
          draft.edges = draft.edges.filter((e) => e.source !== module.id && e.target !== module.id);
        }
        break;
      case 'add':
        if (module) draft.modules.push({ ...structuredClone(JSON.parse(JSON.stringify(module)) as typeof module), id: `added-${draft.modules.length}` });
        break;
      case 'edge':
        if (edge) edge.filter = { mode: 'skip', passRate: edit.passRate };
        break;
      case 'unlink':
        if (edge) draft.edges.splice(draft.edges.indexOf(edge), 1);
        break;
      case 'note':
        if (module) (module as unknown as Record<string, unknown>).note = edit.note;
        break;
      case 'flowName':
        draft.name = edit.name;
        break;
      case 'undo':
        break;
    }
  });
}

describe('the text of an edited flow, put together from the items it shares', { timeout: 120_000 }, () => {
  it('is byte for byte the text written in one piece, after any edits, moves, deletes and undos', () => {
    fc.assert(
      fc.property(fc.oneof(validFlowArbitrary({ maxModules: 30 }), brokenFlowArbitrary({ maxModules: 20 }), flowArbitrary), fc.array(editArbitrary, { maxLength: 12 }), (start, edits) => {
        const history: Flow[] = [freeze(start, true)];
        expect(serializeFlow(history[0]!)).toBe(plainText(history[0]!));
        for (const edit of edits) {
          const current = history.at(-1)!;
          const next = edit.kind === 'undo' && history.length > 1 ? (history.pop(), history.at(-1)!) : applyEdit(current, edit);
          if (next !== current && edit.kind !== 'undo') history.push(next);
          expect(serializeFlow(next)).toBe(plainText(next));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is the same for a flow that can still change, edited in place', () => {
    fc.assert(
      fc.property(validFlowArbitrary({ maxModules: 20 }), fc.array(editArbitrary, { maxLength: 6 }), (flow, edits) => {
        expect(serializeFlow(flow)).toBe(plainText(flow));
        for (const edit of edits) {
          const next = applyEdit(freeze(structuredClone(flow), true), edit);
          Object.assign(flow, structuredClone(next));
          expect(serializeFlow(flow)).toBe(plainText(flow));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('reads again only the items an edit made, not the ones it left untouched', () => {
    const start = generateFlow({ modules: 50, seed: 4 });
    let reads = 0;
    const watched = start.modules[7]!;
    const name = watched.name;
    Object.defineProperty(watched, 'name', { enumerable: true, get: () => (reads++, name) });
    const flow = freeze(start, true);
    serializeFlow(flow);
    expect(reads).toBeGreaterThan(0);
    const moved = applyEdit(flow, { kind: 'move', at: 0, x: 1, y: 2 });
    expect(moved.modules[7]).toBe(watched);
    const before = reads;
    const text = serializeFlow(moved);
    expect(reads).toBe(before);
    expect(text).toBe(plainText(moved));
  });

  it('a module that can still change is written afresh each time', () => {
    const flow = generateFlow({ modules: 3, seed: 2 });
    const first = serializeFlow(freeze({ ...flow, modules: [...flow.modules] }, false));
    flow.modules[1]!.name = 'Changed';
    const second = serializeFlow(freeze({ ...flow, modules: [...flow.modules] }, false));
    expect(second).not.toBe(first);
    expect(second).toBe(plainText(flow));
  });
});

describe('writing a large frozen flow ahead, a few items at a time', () => {
  it('takes several calls for more items than each may write, then the text is put together from them', () => {
    const flow = freeze(generateFlow({ modules: 25, seed: 6 }), true);
    const items = flow.modules.length + flow.edges.length;
    let calls = 1;
    while (!writeItemsAhead(flow, 10)) calls++;
    expect(calls).toBe(Math.ceil(items / 10));
    expect(serializeFlow(flow)).toBe(plainText(flow));
    const moved = applyEdit(flow, { kind: 'move', at: 2, x: 5, y: 5 });
    // Only the moved module is left to write: with room for one a call, the calls only look at the others.
    let writes = 1;
    while (!writeItemsAhead(moved, 1)) writes++;
    expect(writes).toBeLessThan(items);
    expect(serializeFlow(moved)).toBe(plainText(moved));
  });

  it('has nothing to do for a flow that can still change, or whose items are not frozen through', () => {
    expect(writeItemsAhead(generateFlow({ modules: 30, seed: 1 }), 1)).toBe(true);
    const flow = generateFlow({ modules: 30, seed: 1 });
    const shallow = Object.freeze({ ...flow, settings: Object.freeze(flow.settings), modules: Object.freeze(flow.modules.map((m) => Object.freeze(m))), edges: Object.freeze(flow.edges) }) as unknown as Flow;
    expect(writeItemsAhead(shallow, 1)).toBe(true);
    expect(serializeFlow(shallow)).toBe(plainText(shallow));
  });
});

describe('the pieces of a flow text, and its length without the text', { timeout: 120_000 }, () => {
  it('join to the text, and their lengths add up to its length; a count that stops past a limit tells the same as the whole length', () => {
    fc.assert(
      fc.property(fc.oneof(validFlowArbitrary({ maxModules: 20 }), brokenFlowArbitrary({ maxModules: 10 }), flowArbitrary), fc.boolean(), fc.integer({ min: -3, max: 3 }), (start, frozen, around) => {
        const flow = frozen ? freeze(start, true) : start;
        const text = plainText(flow);
        expect([...textPieces(flow)].join('')).toBe(text);
        expect(flowTextLength(flow)).toBe(text.length);
        const limit = Math.max(0, text.length + around);
        const counted = flowTextLength(flow, limit);
        expect(counted > limit).toBe(text.length > limit);
        if (counted <= limit) expect(counted).toBe(text.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a handed-over text cut into its items', { timeout: 120_000 }, () => {
  it('the first edit puts the text together from the handed-over items, without writing them out again', () => {
    /** How often saving a flow, then the flow an edit made of it, reads the name of a module the edit left alone. */
    const readsOfAnUntouchedModule = (handedOver: boolean) => {
      const start = generateFlow({ modules: 40, seed: 5 });
      let reads = 0;
      const name = start.modules[9]!.name;
      Object.defineProperty(start.modules[9]!, 'name', { enumerable: true, get: () => (reads++, name) });
      const text = plainText(start);
      const flow = freeze(start, true);
      if (handedOver) rememberFlowText(flow, text);
      reads = 0;
      // The autosave and the library's save of the flow opened (with its text at hand: cut into its items).
      while (!writeItemsAhead(flow, 5));
      const moved = applyEdit(flow, { kind: 'move', at: 0, x: 3, y: 4 });
      while (!writeItemsAhead(moved, 5));
      const written = serializeFlow(moved);
      expect(written).toBe(plainText(moved));
      return reads;
    };
    expect(readsOfAnUntouchedModule(true)).toBeLessThan(readsOfAnUntouchedModule(false));
  });

  it('gives the text written in one piece after any edits, whatever the flow (empty lists, broken items, odd keys)', () => {
    fc.assert(
      fc.property(fc.oneof(validFlowArbitrary({ maxModules: 20 }), brokenFlowArbitrary({ maxModules: 10 }), flowArbitrary), fc.array(editArbitrary, { maxLength: 6 }), fc.integer({ min: 1, max: 7 }), fc.nat(12), (start, edits, perCall, calls) => {
          const text = plainText(start);
          const flow = freeze(structuredClone(start), true);
          rememberFlowText(flow, text);
          // Cut part of the way, or all of it, before the first edit.
          for (let i = 0; i < calls && !writeItemsAhead(flow, perCall); i++);
          expect(serializeFlow(flow)).toBe(text);
          let current = flow;
          for (const edit of edits) {
            current = applyEdit(current, edit);
            while (!writeItemsAhead(current, perCall));
            expect(serializeFlow(current)).toBe(plainText(current));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a text that is not the own text of the flow is cut no further: the items are written instead', () => {
    const flow = freeze(generateFlow({ modules: 12, seed: 2 }), true);
    const fewer = plainText({ ...flow, modules: flow.modules.slice(1) });
    const more = plainText({ ...flow, modules: [...flow.modules, flow.modules[0]!] });
    const id = flow.modules[5]!.id;
    for (const text of ['handed over', fewer, more, plainText(flow).replace(`"id": "${id}"`, `"id": "${id}x"`)]) {
      const copy = freeze(structuredClone(flow) as Flow, true);
      rememberFlowText(copy, text);
      while (!writeItemsAhead(copy, 3));
      const renamed = applyEdit(copy, { kind: 'flowName', name: 'Renamed' });
      while (!writeItemsAhead(renamed, 3));
      expect(serializeFlow(renamed)).toBe(plainText(renamed));
    }
  });
});

describe('modulesInFileText', () => {
  it('counts the modules of any text serializeFlow writes, without parsing it', () => {
    fc.assert(
      fc.property(flowArbitrary, (flow) => {
        expect(modulesInFileText(serializeFlow(flow))).toBe(flow.modules.length);
      }),
    );
    const flow = generateFlow({ modules: 40, seed: 3 });
    flow.modules[0]!.name = 'a\n    {"id": "x"}';
    expect(modulesInFileText(serializeFlow(flow))).toBe(40);
    expect(modulesInFileText(serializeFlow({ ...flow, modules: [], edges: [] }))).toBe(0);
  });

  it('is undefined for a text written otherwise (minified, not a flow file, cut short)', () => {
    const flow = generateFlow({ modules: 5, seed: 3 });
    expect(modulesInFileText(JSON.stringify(toFileObject(flow)))).toBeUndefined();
    expect(modulesInFileText('{"modules": []}')).toBeUndefined();
    const text = serializeFlow(flow);
    expect(modulesInFileText(text.slice(0, text.indexOf('"edges"') - 10))).toBeUndefined();
  });
});
