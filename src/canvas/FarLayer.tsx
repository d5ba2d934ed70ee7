/**
 * A large flow's canvas layer: the far scene derived from the document (farScene.ts), painted by
 * FarCanvas while the view is far away and by the canvas minimap always. Its own component, so
 * the cost and problems it reads for the heat colours and markers re-render only it, and only
 * while the far canvas paints (close up, the minimap needs positions and kinds alone).
 */
import { useEffect, useMemo, useState, type RefObject } from 'react';
import type { Edge, Module } from '../model/types';
import type { Problem } from '../model/problems';
import type { Move } from '../store/operations';
import { useEditor, useEditorInstance } from '../editor/react';
import { farScene, farSceneSteps, type FarScene, type FarSceneInput } from './farScene';
import { inSlices } from './inSlices';
import { runInSlices } from '../scheduling/slices';
import { FarCanvas } from './FarCanvas';
import { usePalette } from './palette';
import { FarMiniMap } from './FarMiniMap';
import type { Measured } from './mapping';
import type { DragPreview } from './dragPreview';

const NOTHING: ReadonlySet<string> = new Set();
const NO_PROBLEMS: readonly Problem[] = [];
const NO_CREDITS = () => undefined;
const NOT_MEASURED: ReadonlyMap<string, Measured> = new Map();

export interface FarLayerProps {
  host: RefObject<HTMLDivElement | null>;
  /** Whether the far canvas paints the flow now (else only the minimap is drawn from the scene). */
  painting: boolean;
  modules: readonly Module[];
  edges: readonly Edge[];
  measured: ReadonlyMap<string, Measured>;
  preview: DragPreview | null;
  selectedModules: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  heatmap: boolean;
  snapGrid: number | null;
  onDragStart: () => void;
  /** A drag on the far canvas let go: the modules' new places. */
  onDragEnd: (moves: Move[]) => void;
  /** A right-click on a module of the far canvas: its menu at the pointer (client coordinates). */
  onModuleMenu: (id: string, x: number, y: number) => void;
}

/**
 * The far scene of `input`: made now for a flow of up to SLICED_SCENE_ABOVE modules and edges; above, made in
 * slices while the scene before it is still shown (null until the first is made).
 */
function useFarScene(input: FarSceneInput): FarScene | null {
  const sliced = inSlices(input.modules.length, input.edges.length);
  const now = useMemo(() => (sliced ? null : farScene(input)), [sliced, input]);
  const [made, setMade] = useState<FarScene | null>(null);
  useEffect(() => {
    if (!sliced) return;
    return runInSlices(farSceneSteps(input, true), setMade);
  }, [sliced, input]);
  return sliced ? made : now;
}

export function FarLayer(props: FarLayerProps) {
  const { painting, modules, edges, measured, preview, heatmap } = props;
  const { derived } = useEditorInstance();
  const palette = usePalette(props.host);
  const cost = useEditor((s) => (painting && heatmap ? derived.selectFlowCost(s) : null));
  const problems = useEditor((s) => (painting ? derived.selectProblems(s) : NO_PROBLEMS));
  const selectedModules = painting ? props.selectedModules : NOTHING;
  const selectedEdges = painting ? props.selectedEdges : NOTHING;
  const shownPreview = painting ? preview : null;
  // The minimap draws every card at its estimated size: the cards React Flow measures close up do
  // not make a new scene of every module each time (after opening a large file, many times).
  const shownMeasured = painting ? measured : NOT_MEASURED;
  const input = useMemo(
    (): FarSceneInput => ({
      modules,
      edges,
      measured: shownMeasured,
      preview: shownPreview,
      selectedModules,
      selectedEdges,
      credits: cost ? (id) => cost.byId.get(id)?.credits : NO_CREDITS,
      total: cost?.total ?? 0,
      problems,
      heatmap: cost !== null,
      palette,
    }),
    [modules, edges, shownMeasured, shownPreview, selectedModules, selectedEdges, cost, problems, palette],
  );
  const scene = useFarScene(input);
  if (!scene) return null;
  return (
    <>
      {painting && (
        <FarCanvas
          scene={scene}
          palette={palette}
          host={props.host}
          snapGrid={props.snapGrid}
          onDragStart={props.onDragStart}
          onDragEnd={props.onDragEnd}
          onModuleMenu={props.onModuleMenu}
        />
      )}
      <FarMiniMap scene={scene} palette={palette} />
    </>
  );
}
