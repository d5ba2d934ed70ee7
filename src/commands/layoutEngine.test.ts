import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { loadOnce } from '../scheduling/loadOnce';
import type { WorkAhead } from '../store/openedFlowWork';
import { emptyFlow } from '../store/editor';
import { addModule } from '../store/moduleRecipes';
import { laterEngine, type LayoutCode, type SizedEngine } from './layoutEngine';
import { warmLayoutOnOpen, WARM_FROM, type WhenIdle } from './layoutWarmup';
import { testHost } from './testing';

/** layout.ts as laterEngine sees it, held until `arrive()`: its engine records what it is asked. */
function heldCode() {
  const asked: string[] = [];
  const stopped: string[] = [];
  const real: SizedEngine = Object.assign((graph: ElkNode) => (asked.push(`layout ${graph.id}`), Promise.resolve(graph)), {
    prepare: (modules: number) => void asked.push(`prepare ${modules}`),
    warm: (graph: ElkNode): WorkAhead => {
      asked.push(`warm ${graph.id}`);
      return { done: Promise.resolve(), stop: () => (stopped.push(graph.id), true) };
    },
  });
  let arrive = () => {};
  let loads = 0;
  const code = loadOnce<LayoutCode>(() => {
    loads++;
    return new Promise((resolve) => (arrive = () => resolve({ createLayoutEngine: () => real })));
  });
  return { code, asked, stopped, arrive: () => arrive(), loads: () => loads };
}

const graph = (id: string): ElkNode => ({ id, children: [], edges: [] });

describe('the auto-layout engine whose code loads later', () => {
  // laterEngine offers a warm-up only where Web Workers exist, as layout.ts's engine does.
  beforeAll(() => void vi.stubGlobal('Worker', class {}));
  afterAll(() => void vi.unstubAllGlobals());

  it('a layout, a prepare and a warm-up asked before the code is here wait for it, then run on its engine', async () => {
    const held = heldCode();
    const engine = laterEngine(held.code);
    const laidOut = engine(graph('a'), new AbortController().signal);
    engine.prepare?.(500);
    const ahead = engine.warm?.(graph('b'));
    expect(held.asked).toEqual([]);
    held.arrive();
    await expect(laidOut).resolves.toMatchObject({ id: 'a' });
    await (ahead as WorkAhead).done;
    expect(held.asked.sort()).toEqual(['layout a', 'prepare 500', 'warm b']);
    expect(held.loads()).toBe(1);
  });

  it('a warm-up stopped before the code is here starts nothing; one stopped after is stopped on the engine', async () => {
    const held = heldCode();
    const engine = laterEngine(held.code);
    const early = engine.warm?.(graph('early')) as WorkAhead;
    expect(early.stop()).toBe(true);
    expect(early.stop()).toBe(false);
    held.arrive();
    await early.done;
    expect(held.asked).toEqual([]);
    const late = engine.warm?.(graph('late')) as WorkAhead;
    expect(held.asked).toEqual(['warm late']);
    expect(late.stop()).toBe(true);
    expect(held.stopped).toEqual(['late']);
  });

  it('starts loading its code as a flow to lay out ahead opens, before the quiet moment', () => {
    const held = heldCode();
    const engine = laterEngine(held.code);
    const host = testHost();
    const waiting: (() => unknown)[] = [];
    const idle: WhenIdle = (task) => (waiting.push(task), () => undefined);
    warmLayoutOnOpen(host.store, engine, idle);
    expect(held.loads()).toBe(0);
    const flow = emptyFlow('Large');
    for (let i = 0; i < WARM_FROM; i++) addModule(flow, i === 0 ? 'trigger' : 'action', { x: 300 * i, y: 0 });
    host.store.getState().loadFlow(flow, 'Open');
    expect(waiting).toHaveLength(1);
    expect(held.loads()).toBe(1);
  });
});
