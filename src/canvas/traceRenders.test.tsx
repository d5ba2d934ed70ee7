// @vitest-environment happy-dom
/**
 * A trace step at 1,000 modules (issue 15 target "a trace step renders in one frame"): stepping
 * re-renders only the module cards and edges whose trace mark changes, never all of them. The
 * real ModuleNode and FlowEdge are rendered, each under a React Profiler that counts its commits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Profiler, type ComponentProps } from 'react';
import { act, cleanup, render } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import { generateFlow } from '../model/generate';
import { EditorProvider } from '../editor/react';
import { testEditor } from '../editor/testing';
import { ModuleNode } from './ModuleNode';
import { FlowEdge } from './FlowEdge';
import { CanvasViewsContext, createCanvasViews } from './hooks';
import { edgeMarkAt, moduleMarkAt } from '../cost/tracePath';

afterEach(() => cleanup());

type NodeProps = ComponentProps<typeof ModuleNode>;
type EdgeProps = ComponentProps<typeof FlowEdge>;

describe('a trace step at 1,000 modules', () => {
  it('re-renders only the modules and edges whose mark changes', { timeout: 120_000 }, async () => {
    const flow = generateFlow({ modules: 1000, seed: 3 });
    const editor = testEditor({ flow });
    const views = createCanvasViews(editor);
    const renders = new Map<string, number>();
    const count = (id: string) => renders.set(id, (renders.get(id) ?? 0) + 1);
    render(
      <EditorProvider editor={editor}>
        <ReactFlowProvider>
          <CanvasViewsContext.Provider value={views}>
            {flow.modules.map((m) => (
              <Profiler key={m.id} id={`node:${m.id}`} onRender={count}>
                <ModuleNode {...({ id: m.id, data: { type: m.type, name: m.name }, type: 'module' } as unknown as NodeProps)} />
              </Profiler>
            ))}
            <svg>
              {flow.edges.map((e) => (
                <Profiler key={e.id} id={`edge:${e.id}`} onRender={count}>
                  <FlowEdge {...({ id: e.id, source: e.source, target: e.target, sourceX: 0, sourceY: 0, targetX: 0, targetY: 100, data: { edge: e } } as unknown as EdgeProps)} />
                </Profiler>
              ))}
            </svg>
          </CanvasViewsContext.Provider>
        </ReactFlowProvider>
      </EditorProvider>,
    );
    await act(async () => void (await editor.commands.run('trace.run', { seed: 2 })));
    const { trace, path } = editor.trace.store.getState();
    expect(trace!.steps.length).toBeGreaterThan(20);

    /** The modules and edges whose mark differs between steps a and b. */
    const changed = (a: number, b: number) => [
      ...flow.modules.filter((m) => moduleMarkAt(path, trace!, a, m.id) !== moduleMarkAt(path, trace!, b, m.id)).map((m) => `node:${m.id}`),
      ...flow.edges.filter((e) => edgeMarkAt(path, trace!, a, e.id) !== edgeMarkAt(path, trace!, b, e.id)).map((e) => `edge:${e.id}`),
    ];
    let index = 0;
    const perStep: number[] = [];
    for (let k = 0; k < 12; k++) {
      renders.clear();
      await act(async () => void (await editor.commands.run('trace.forward')));
      const expected = changed(index, index + 1);
      index++;
      // Exactly the cards and edges whose mark changed drew again, and the current card's pill (it shows the step).
      const current = `node:${trace!.steps[index]!.moduleId}`;
      expect(new Set(renders.keys())).toEqual(new Set([...expected, ...(renders.has(current) ? [current] : [])]));
      for (const id of expected) expect(renders.has(id)).toBe(true);
      expect(renders.size).toBeLessThanOrEqual(6);
      perStep.push(renders.size);
    }
    // The end of the run, in one jump, re-renders what the whole path changed (every edge it travelled) and nothing else.
    renders.clear();
    await act(async () => void (await editor.commands.run('trace.last')));
    expect(new Set(renders.keys())).toEqual(new Set(changed(index, trace!.steps.length - 1)));
    console.info(`trace step at 1,000 modules: ${perStep.join(', ')} components re-rendered per step (max ${Math.max(...perStep)})`);
  });
});
