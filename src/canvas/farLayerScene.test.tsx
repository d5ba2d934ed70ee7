// @vitest-environment happy-dom
/**
 * Close up, the far layer only draws the minimap: the cards React Flow measures as they come into
 * view must not make a new far scene of every module each time. After a 10,000-module file was
 * opened, each batch of measured cards rebuilt the scene (issue 18 item 9: five long tasks of
 * 70–130 ms on a loaded machine).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRef } from 'react';
import { act, cleanup, render } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import { generateFlow } from '../model/generate';
import { testEditor } from '../editor/testing';
import { EditorProvider } from '../editor/react';
import { FarLayer, type FarLayerProps } from './FarLayer';
import { SLICED_SCENE_ABOVE } from './inSlices';
import * as sceneModule from './farScene';

vi.mock('./farScene', async (importOriginal) => {
  const original = await importOriginal<typeof sceneModule>();
  return { ...original, farScene: vi.fn(original.farScene) };
});

afterEach(() => cleanup());

describe('the far layer close up', () => {
  it('keeps its scene while React Flow measures cards, and takes the measured sizes once it paints', async () => {
    const flow = generateFlow({ modules: 400, seed: 4 });
    const editor = testEditor({ flow });
    const props = (measured: FarLayerProps['measured'], painting: boolean): FarLayerProps => ({
      host: createRef<HTMLDivElement>(),
      painting,
      modules: flow.modules,
      edges: flow.edges,
      measured,
      preview: null,
      selectedModules: new Set<string>(),
      selectedEdges: new Set<string>(),
      heatmap: false,
      snapGrid: null,
      onDragStart: () => {},
      onDragEnd: () => {},
      onModuleMenu: () => {},
    });
    const layer = (p: FarLayerProps) => (
      <EditorProvider editor={editor}>
        <ReactFlowProvider>
          <FarLayer {...p} />
        </ReactFlowProvider>
      </EditorProvider>
    );
    const scenes = vi.mocked(sceneModule.farScene);
    const base = props(new Map(), false);
    const { rerender } = render(layer(base));
    const built = scenes.mock.calls.length;
    expect(built).toBeGreaterThan(0);

    // Batches of cards measured close up: the same scene.
    const first = new Map([[flow.modules[0]!.id, { width: 240, height: 90 }]]);
    await act(async () => rerender(layer({ ...base, measured: first })));
    const second = new Map([...first, [flow.modules[1]!.id, { width: 250, height: 96 }]]);
    await act(async () => rerender(layer({ ...base, measured: second })));
    expect(scenes.mock.calls.length).toBe(built);

    // Far away the canvas paints the cards at the sizes they were measured at.
    await act(async () => rerender(layer({ ...base, measured: second, painting: true })));
    const last = scenes.mock.results.at(-1)!.value as sceneModule.FarScene;
    expect(last.byId.get(flow.modules[1]!.id)).toMatchObject({ width: 250, height: 96 });
  });

  it("makes a large flow's scene in slices after the render that shows it, not in that render's task", async () => {
    const flow = generateFlow({ modules: SLICED_SCENE_ABOVE + 1_000, seed: 5 });
    const editor = testEditor({ flow });
    const { container } = render(
      <EditorProvider editor={editor}>
        <ReactFlowProvider>
          <FarLayer
            host={createRef<HTMLDivElement>()}
            painting={false}
            modules={flow.modules}
            edges={flow.edges}
            measured={new Map()}
            preview={null}
            selectedModules={new Set<string>()}
            selectedEdges={new Set<string>()}
            heatmap={false}
            snapGrid={null}
            onDragStart={() => {}}
            onDragEnd={() => {}}
            onModuleMenu={() => {}}
          />
        </ReactFlowProvider>
      </EditorProvider>,
    );
    // At 100,000 modules the scene is hundreds of ms of work: a frozen page if made in one task.
    expect(container.querySelector('[data-testid="far-minimap"]')).toBeNull();
    await vi.waitFor(() => expect(container.querySelector('[data-testid="far-minimap"]')).not.toBeNull(), { timeout: 4_000 });
  });
});
