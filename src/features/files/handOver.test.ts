// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { testEditor } from '../../editor/testing';
import { generateFlow } from '../../model/generate';
import { serializeFlow } from '../../io/serialize';
import { importText } from '../../io/import';
import { ImportClient, type ImportWorkerLike } from '../../workers/importClient';
import type { ImportReply, ImportRequest } from '../../workers/protocol';
import type { HandedOver } from '../../workers/handOver';
import type { FlowCost } from '../../cost/types';
import { openFlowFile } from './importFile';
import { OPENING_SLICE_MS, workOutBeforeOpening } from '../../editor/openingWork';
import { priceFlow } from '../../cost/price';
import { costData } from '../../cost/testing/costData';

/** A worker that answers every file with the given result and hand-over. */
function answeringWorker(reply: (request: ImportRequest) => ImportReply): ImportWorkerLike {
  const worker: ImportWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(request: ImportRequest) {
      queueMicrotask(() => worker.onmessage?.({ data: reply(request) } as MessageEvent<ImportReply>));
    },
    terminate() {},
  };
  return worker;
}

const flow = generateFlow({ modules: 40, seed: 9 });
const text = serializeFlow(flow);

function editorWhoseWorkerSays(handedOver: HandedOver | undefined) {
  const result = importText(text);
  return testEditor({
    importClient: () =>
      new ImportClient({
        createWorker: () => answeringWorker((request) => ({ type: 'done', id: request.id, result, ...(handedOver ? { handedOver } : {}) })),
        mainThreadBelowBytes: 0,
      }),
  });
}

describe('a flow read by the import worker, handed over to the page', () => {
  it('shows the problems and stores the text the worker worked out, without working them out again', async () => {
    // Marked so that they can only have come from the worker: the page would find none and write the real text.
    const handedOver: HandedOver = {
      problems: [{ severity: 'warning', code: 'unreachable', moduleId: flow.modules[3]!.id, message: 'found by the worker' }],
      flowText: `${text.trimEnd()}  \n`,
    };
    const editor = editorWhoseWorkerSays(handedOver);
    expect(await openFlowFile(editor, new File([text], 'big.json'))).toBeNull();
    const state = editor.store.getState();
    expect(state.flow.name).toBe(flow.name);
    expect(editor.derived.selectProblems(state)).toBe(handedOver.problems);
    expect(editor.derived.selectModuleProblems(state, flow.modules[3]!.id)).toEqual(handedOver.problems);
    expect(serializeFlow(state.flow)).toBe(handedOver.flowText);
  });

  it("refuses the file with a message, the flow kept, when the reader's code does not download", async () => {
    const editor = testEditor({
      importClient: () => {
        throw new Error('Failed to fetch dynamically imported module');
      },
    });
    const before = editor.store.getState().flow;
    const errors = await openFlowFile(editor, new File([text], 'big.json'));
    expect(errors).toEqual([{ path: '', message: expect.stringMatching(/did not download/) }]);
    expect(editor.store.getState().flow).toBe(before);
  });

  it('without a hand-over (read on the page), the page validates and writes the flow itself', async () => {
    const editor = editorWhoseWorkerSays(undefined);
    expect(await openFlowFile(editor, new File([text], 'big.json'))).toBeNull();
    const state = editor.store.getState();
    expect(editor.derived.selectProblems(state)).toEqual([]);
    expect(serializeFlow(state.flow)).toBe(text);
  });

  it('an edit after the hand-over is validated and written afresh', async () => {
    const handedOver: HandedOver = { problems: [{ severity: 'warning', code: 'unreachable', message: 'found by the worker' }], flowText: 'stale' };
    const editor = editorWhoseWorkerSays(handedOver);
    await openFlowFile(editor, new File([text], 'big.json'));
    editor.store.getState().edit('Rename a module', (draft) => {
      draft.modules[3]!.name = 'Renamed';
    });
    const state = editor.store.getState();
    expect(editor.derived.selectProblems(state)).toEqual([]);
    const renamed = structuredClone(flow);
    renamed.modules[3]!.name = 'Renamed';
    expect(serializeFlow(state.flow)).toBe(serializeFlow(renamed));
  });

  it('prices the flow a task before the task that opens it, and opening it prices nothing again', async () => {
    const editor = editorWhoseWorkerSays(undefined);
    const price = editor.derived.selectFlowCost;
    let pricedEarlier: FlowCost | undefined;
    let aTaskWentBy = false;
    vi.spyOn(editor.derived, 'selectFlowCost').mockImplementation((state) => {
      const priced = price(state);
      if (state.flow.name === flow.name && pricedEarlier === undefined) {
        pricedEarlier = priced;
        setTimeout(() => (aTaskWentBy = true), 0);
      }
      return priced;
    });
    let atOpening: { cost: FlowCost; pricedEarlier: FlowCost | undefined; aTaskWentBy: boolean } | undefined;
    editor.store.subscribe((state, before) => {
      if (state.flow !== before.flow && state.flow.name === flow.name && !atOpening) {
        atOpening = { cost: price(state), pricedEarlier, aTaskWentBy };
      }
    });
    expect(await openFlowFile(editor, new File([text], 'big.json'))).toBeNull();
    expect(atOpening?.pricedEarlier).toBeDefined();
    expect(atOpening?.aTaskWentBy).toBe(true);
    // The very cost priced before: the opening task took it from the cache.
    expect(atOpening?.cost).toBe(atOpening?.pricedEarlier);
  });

  it('works out the price and the module names in different tasks, the names in slices a task each, all before the opening task', async () => {
    const editor = editorWhoseWorkerSays(undefined);
    const events: string[] = [];
    const price = editor.derived.selectFlowCost;
    const namesInSteps = editor.derived.moduleNamesInSteps;
    const aTaskLater = (event: string) => setTimeout(() => events.push(event), 0);
    vi.spyOn(editor.derived, 'selectFlowCost').mockImplementation((state) => {
      if (state.flow.name === flow.name && !events.includes('priced')) {
        events.push('priced');
        aTaskLater('a task went by');
      }
      return price(state);
    });
    // Slices of 15 modules: the 40 modules are named in three steps.
    vi.spyOn(editor.derived, 'moduleNamesInSteps').mockImplementation((state) =>
      namesInSteps(state, 15).map((step, i) => () => {
        step();
        if (state.flow.name === flow.name) {
          events.push(`names ${i}`);
          aTaskLater(`a task after names ${i}`);
        }
      }),
    );
    editor.store.subscribe((state, before) => {
      if (state.flow !== before.flow && state.flow.name === flow.name && !events.includes('opened')) events.push('opened');
    });
    expect(await openFlowFile(editor, new File([text], 'big.json'))).toBeNull();
    expect(events.slice(0, 9)).toEqual(['priced', 'a task went by', 'names 0', 'a task after names 0', 'names 1', 'a task after names 1', 'names 2', 'a task after names 2', 'names 3']);
    expect(events.indexOf('opened')).toBeGreaterThan(events.indexOf('names 3'));
    // The names the panels get are those of the steps, from the cache.
    const names = editor.derived.selectModuleNames(editor.store.getState());
    expect([...names]).toEqual(flow.modules.map((m) => [m.id, m.name]));
  });

  it('compiles and prices the flow in slices before the task that opens it, and the price is priceFlow\'s', async () => {
    const editor = editorWhoseWorkerSays(undefined);
    const events: string[] = [];
    const costInSteps = editor.derived.costInSteps;
    // Slices of 5 modules or edges (how many run a task: the next test).
    vi.spyOn(editor.derived, 'costInSteps').mockImplementation(function* (state) {
      const steps = costInSteps(state, 5);
      for (;;) {
        const next = steps.next();
        if (state.flow.name === flow.name) events.push('slice');
        if (next.done) return;
        yield;
      }
    });
    editor.store.subscribe((state, before) => {
      if (state.flow !== before.flow && state.flow.name === flow.name && !events.includes('opened')) events.push('opened');
    });
    expect(await openFlowFile(editor, new File([text], 'big.json'))).toBeNull();
    const slices = events.filter((event) => event === 'slice').length;
    expect(slices).toBeGreaterThan(flow.modules.length / 5);
    expect(events.indexOf('opened')).toBeGreaterThan(events.lastIndexOf('slice'));
    expect(costData(editor.derived.selectFlowCost(editor.store.getState()))).toStrictEqual(costData(priceFlow(flow)));
  });

  it('runs the pricing slices for about OPENING_SLICE_MS a task, then the other steps', () => {
    for (const [tick, most] of [
      [4, 3], // 4 ms a slice: three slices fit a task of 10 ms
      [OPENING_SLICE_MS, 1],
      [0, Infinity], // a clock that never moves: every slice in one task
    ] as const) {
      const editor = testEditor();
      const costInSteps = editor.derived.costInSteps;
      let slices = 0;
      vi.spyOn(editor.derived, 'costInSteps').mockImplementation(function* (state) {
        const steps = costInSteps(state, 5);
        while (!steps.next().done) {
          slices++;
          yield;
        }
        slices++;
      });
      let time = 0;
      const perTask: number[] = [];
      for (const step of workOutBeforeOpening(editor, flow, () => (time += tick))) {
        const before = slices;
        step();
        perTask.push(slices - before);
      }
      const pricing = perTask.filter((count) => count > 0);
      expect(Math.max(...pricing)).toBe(Math.min(most, slices));
      expect(pricing.reduce((a, b) => a + b)).toBe(slices);
      // Then the look-ups, the names and the drawn modules: tasks of their own.
      expect(perTask.slice(pricing.length).every((count) => count === 0)).toBe(true);
      expect(perTask.length).toBeGreaterThan(pricing.length + 2);
      const state = { ...editor.store.getState(), flow };
      expect(editor.derived.selectFlowCost(state).total).toBe(priceFlow(flow).total);
    }
  });

  it('keeps the progress and its Cancel up while the flow read is opened; Cancel then leaves the flow on screen as it was', async () => {
    const editor = editorWhoseWorkerSays(undefined);
    const before = editor.store.getState();
    const stages: (string | undefined)[] = [];
    const price = editor.derived.selectFlowCost;
    vi.spyOn(editor.derived, 'selectFlowCost').mockImplementation((state) => {
      if (state.flow.name === flow.name && stages.length === 0) {
        const importer = editor.importing.getState().client!.getState();
        stages.push(importer.status, importer.progress?.stage, String(importer.progress?.total));
        void editor.commands.run('file.cancelImport');
      }
      return price(state);
    });
    expect(await openFlowFile(editor, new File([text], 'big.json'))).toBeNull();
    expect(stages).toEqual(['running', 'opening', String(flow.modules.length)]);
    const after = editor.store.getState();
    expect(after.flow).toBe(before.flow);
    expect(after.past).toBe(before.past);
    expect(after.ui.dialog).toBeNull();
    expect((await editor.importer()).getState().status).toBe('idle');
  });

  it('ends the progress once the flow is open', async () => {
    const editor = editorWhoseWorkerSays(undefined);
    expect(await openFlowFile(editor, new File([text], 'big.json'))).toBeNull();
    expect(editor.store.getState().flow.name).toBe(flow.name);
    expect((await editor.importer()).getState()).toMatchObject({ status: 'idle', progress: null });
  });
});
