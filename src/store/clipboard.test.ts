import { describe, expect, it } from 'vitest';
import { clipboardText, copySelection, parseClipboard, pasteInto } from './clipboard';
import { emptyFlow } from './editor';
import { connect } from './operations';
import { addModule } from './moduleRecipes';
import { setFilter } from './inspectorRecipes';
import type { Flow } from '../model/types';

/** trigger → iterator → search → aggregator(iterator) → response */
function loopFlow(): Flow {
  const flow = emptyFlow('Loop');
  addModule(flow, 'trigger', { x: 0, y: 0 }); // m1
  addModule(flow, 'iterator', { x: 0, y: 100 }); // m2
  addModule(flow, 'search', { x: 0, y: 200 }, { assumptions: { durationSec: 2 } }); // m3
  addModule(flow, 'aggregator', { x: 0, y: 300 }); // m4
  addModule(flow, 'response', { x: 0, y: 400 }); // m5
  for (const [a, b] of [['m1', 'm2'], ['m2', 'm3'], ['m3', 'm4'], ['m4', 'm5']] as const) {
    const result = connect(flow, a, b);
    if (!result.ok) throw new Error(result.reason);
  }
  return flow;
}

describe('copySelection', () => {
  it('copies the selected modules and only the edges among them', () => {
    const flow = loopFlow();
    const data = copySelection(flow, { modules: ['m2', 'm3', 'm5'] });
    expect(data.modules.map((m) => m.id)).toEqual(['m2', 'm3', 'm5']);
    expect(data.edges.map((e) => [e.source, e.target])).toEqual([['m2', 'm3']]);
    expect(data.version).toBe(1);
  });

  it('is a copy: changing the flow later does not change the clipboard', () => {
    const flow = loopFlow();
    const data = copySelection(flow, { modules: ['m3'] });
    flow.modules[2]!.name = 'changed';
    expect(data.modules[0]?.name).toBe('Search');
  });
});

describe('pasteInto', () => {
  it('gives new ids, remaps edges and the aggregator iterator, and offsets positions', () => {
    const flow = loopFlow();
    const e = flow.edges.find((x) => x.source === 'm2')!;
    expect(setFilter(flow, e.id, { mode: 'break', passRate: 0.5 })).toBeUndefined();
    const data = copySelection(flow, { modules: ['m2', 'm3', 'm4'] });
    const pasted = pasteInto(flow, data, { x: 40, y: 40 });

    expect(pasted.modules).toEqual(['m6', 'm7', 'm8']);
    expect(pasted.edges).toHaveLength(2);
    expect(new Set(flow.modules.map((m) => m.id)).size).toBe(8);
    expect(new Set(flow.edges.map((x) => x.id)).size).toBe(flow.edges.length);
    const newEdges = flow.edges.filter((x) => pasted.edges.includes(x.id));
    expect(newEdges.map((x) => [x.source, x.target])).toEqual([
      ['m6', 'm7'],
      ['m7', 'm8'],
    ]);
    expect(newEdges[0]?.filter).toEqual({ mode: 'break', passRate: 0.5 });
    const aggregator = flow.modules.find((m) => m.id === 'm8')!;
    expect(aggregator.type === 'aggregator' && aggregator.config.iteratorId).toBe('m6');
    expect(flow.modules.find((m) => m.id === 'm7')?.position).toEqual({ x: 40, y: 240 });
    expect(flow.modules.find((m) => m.id === 'm7')?.assumptions).toEqual({ durationSec: 2 });
    // The originals are untouched.
    const original = flow.modules.find((m) => m.id === 'm4')!;
    expect(original.type === 'aggregator' && original.config.iteratorId).toBe('m2');
  });

  it('keeps an aggregator on an iterator of this flow when the iterator was not copied, clears it otherwise', () => {
    const flow = loopFlow();
    const data = copySelection(flow, { modules: ['m4'] });
    pasteInto(flow, data);
    const copy = flow.modules.at(-1)!;
    expect(copy.type === 'aggregator' && copy.config.iteratorId).toBe('m2');

    const other = emptyFlow('Other');
    pasteInto(other, data);
    const elsewhere = other.modules[0]!;
    expect(elsewhere.type === 'aggregator' && elsewhere.config.iteratorId).toBe('');
  });

  it('pastes nothing from an empty clipboard', () => {
    const flow = loopFlow();
    expect(pasteInto(flow, copySelection(flow, { modules: [] }))).toEqual({ modules: [], edges: [] });
    expect(flow.modules).toHaveLength(5);
  });
});

describe('clipboard text', () => {
  it('round-trips through the system clipboard text', () => {
    const flow = loopFlow();
    const data = copySelection(flow, { modules: ['m2', 'm3', 'm4'] });
    expect(parseClipboard(clipboardText(data))).toEqual(data);
  });

  it('keeps the filter a module holds for its connection to come (incomingFilter) through cut and paste; one an edge could not hold is dropped', () => {
    const flow = loopFlow();
    const held = { mode: 'break', passRate: 0.5, conditions: { '@and': [{ '{{[m1].n}}': { _gt: 5 } }] } };
    (flow.modules[4] as unknown as Record<string, unknown>).incomingFilter = held;
    (flow.modules[2] as unknown as Record<string, unknown>).incomingFilter = { mode: 'break', passRate: 7 };
    const data = parseClipboard(clipboardText(copySelection(flow, { modules: ['m3', 'm5'] })))!;
    const target = emptyFlow('Other');
    const pasted = pasteInto(target, data);
    const byName = (name: string) => target.modules.find((m) => m.name === name) as unknown as Record<string, unknown>;
    expect(pasted.modules).toHaveLength(2);
    expect(byName('Response').incomingFilter).toEqual(held);
    expect(byName('Search').incomingFilter).toBeUndefined();
  });

  it('refuses text that is not Creditflow modules', () => {
    expect(parseClipboard('hello')).toBeNull();
    expect(parseClipboard('{"kind":"other","version":1,"modules":[],"edges":[]}')).toBeNull();
    expect(parseClipboard('{"kind":"creditflow/modules","version":99,"modules":[],"edges":[]}')).toBeNull();
    expect(
      parseClipboard('{"kind":"creditflow/modules","version":1,"modules":[{"id":"a","type":"nope","name":"x","position":{"x":0,"y":0}}],"edges":[]}'),
    ).toBeNull();
  });

  it('drops invalid numbers, unknown keys and edges that leave the copied modules', () => {
    const text = JSON.stringify({
      kind: 'creditflow/modules',
      version: 1,
      modules: [
        { id: 'a', type: 'action', name: 'A', position: { x: 0, y: 0 }, assumptions: { durationSec: -3, payloadKB: 5 }, evil: 1 },
        { id: 'b', type: 'action', name: 'B', position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'a', target: 'b', filter: { mode: 'break', passRate: 7 } },
        { id: 'e2', source: 'a', target: 'zzz' },
      ],
    });
    const data = parseClipboard(text)!;
    expect(data.modules[0]).toEqual({ id: 'a', type: 'action', name: 'A', position: { x: 0, y: 0 }, assumptions: { payloadKB: 5 } });
    expect(data.edges).toEqual([{ id: 'e1', source: 'a', target: 'b' }]);
  });

  it('does not let __proto__ keys reach any object', () => {
    const text =
      '{"kind":"creditflow/modules","version":1,"modules":[{"id":"a","type":"action","name":"A","position":{"x":0,"y":0},"__proto__":{"polluted":1}}],' +
      '"edges":[{"id":"e","source":"a","target":"a","filter":{"mode":"break","passRate":1,"conditions":{"__proto__":{"polluted":2}}}}]}';
    const data = parseClipboard(text)!;
    expect(data).not.toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(data.modules[0])).toBe(Object.prototype);
    expect((data.modules[0] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(data.edges[0]?.filter?.conditions ?? {})).toEqual([]);
  });
});
