/**
 * The edge layer close up: the edges near the view that React Flow is not given (nodeWindow.ts:
 * past its bounds on far ends and edges, as a router with 50,000 routes has), painted with the far
 * canvas's painter on one canvas under React Flow's edges and cards, at React Flow's viewport. Each
 * runs from its module's handle to the other's as React Flow's smooth-step edge does (without its
 * rounded corners and label), in the colour React Flow would draw it (selected, error branch,
 * problem), so an edge whose other end is far away still runs to the view's edge.
 *
 * A pan copies the last picture shifted and paints only the strips it uncovers (farPan.ts); the
 * links are worked out again when the edges, the modules' places or sizes, a drag, the selection
 * or the problems change, in slices above SLICED_SCENE_ABOVE edges.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useStoreApi } from '@xyflow/react';
import type { Edge } from '../model/types';
import { useEditor, useEditorInstance } from '../editor/react';
import { farLinkSteps, type FarLinkGroup, type FarLinksInput, type FarScene } from './farScene';
import { fitToPixels } from './farPaint';
import { createViewPainter } from './farPan';
import { createGridIndex } from './gridIndex';
import { SLICED_SCENE_ABOVE } from './inSlices';
import { runInSlices, runToEnd } from '../scheduling/slices';
import { ESTIMATED_NODE_SIZE, type Measured } from './mapping';
import type { DragPreview } from './dragPreview';
import type { Places } from './windowIndex';
import { usePalette } from './palette';
import { usePaintLoop } from './paintLoop';
import { straightRunSteps } from './straightRuns';

export interface PaintedEdgesProps {
  /** The element whose theme gives the colours (the editor's canvas box). */
  host: RefObject<HTMLDivElement | null>;
  /** The edges to paint. */
  edges: readonly Edge[];
  /** Every module's place in the document. */
  positions: Places;
  /** The cards' sizes React Flow measured. */
  measured: ReadonlyMap<string, Measured>;
  /** Where the modules being dragged are drawn until the drop. */
  preview: DragPreview | null;
  selectedEdges: ReadonlySet<string>;
}

/** The far scene of links alone that the view painter paints (no cards to paint or hit). */
function linksScene(linkGroups: FarLinkGroup[]): FarScene {
  return { cards: [], cardGroups: [], linkGroups, byId: new Map(), index: createGridIndex([]), bounds: null };
}

/** A picture of the edge layer, and how many edges it paints. */
interface Painted {
  scene: FarScene;
  edges: number;
}

type CardOf = (id: string) => { x: number; y: number; width: number; height: number } | undefined;

/** The links of `input`'s edges between the cards `cardOf` places, merged into the straight runs they cover (straightRuns.ts). */
function* linkSteps(input: FarLinksInput, cardOf: CardOf): Generator<void, Painted> {
  const groups = yield* farLinkSteps(input, cardOf);
  const edges = groups.reduce((sum, group) => sum + group.links.length, 0);
  return { scene: linksScene(yield* straightRunSteps(groups)), edges };
}

/** linkSteps now, or in slices above SLICED_SCENE_ABOVE edges (null until the first are made). */
function useLinks(input: FarLinksInput, cardOf: CardOf): Painted | null {
  const sliced = input.edges.length > SLICED_SCENE_ABOVE;
  const now = useMemo(() => (sliced ? null : runToEnd(linkSteps(input, cardOf))), [sliced, input, cardOf]);
  const [made, setMade] = useState<Painted | null>(null);
  useEffect(() => {
    if (!sliced) return;
    return runInSlices(linkSteps(input, cardOf), setMade);
  }, [sliced, input, cardOf]);
  return sliced ? made : now;
}

export function PaintedEdges({ host, edges, positions, measured, preview, selectedEdges }: PaintedEdgesProps) {
  const { derived } = useEditorInstance();
  const problems = useEditor(derived.selectProblems);
  const palette = usePalette(host);
  const input = useMemo((): FarLinksInput => ({ edges, selectedEdges, problems, palette }), [edges, selectedEdges, problems, palette]);
  const cardOf = useCallback(
    (id: string) => {
      const at = preview?.get(id) ?? positions.get(id);
      if (!at) return undefined;
      const size = measured.get(id) ?? ESTIMATED_NODE_SIZE;
      return { x: at.x, y: at.y, width: size.width, height: size.height };
    },
    [positions, measured, preview],
  );
  const painted = useLinks(input, cardOf);

  const rfStore = useStoreApi();
  const canvas = useRef<HTMLCanvasElement>(null);
  // The latest picture and colours a frame reads, without re-subscribing.
  const shown = useRef({ painted, palette });
  useLayoutEffect(() => {
    shown.current = { painted, palette };
  });
  const [painter] = useState(() => createViewPainter(() => document.createElement('canvas')));
  const paint = useCallback((): boolean => {
    const element = canvas.current;
    const ctx = element?.getContext('2d');
    const { painted, palette } = shown.current;
    if (!element || !ctx || !painted) return false;
    const width = element.clientWidth;
    const height = element.clientHeight;
    const dpr = window.devicePixelRatio || 1;
    fitToPixels(element, width, height, dpr);
    painter.paint(ctx, { scene: painted.scene, palette, transform: rfStore.getState().transform, width, height, dpr });
    // How many edges the last picture holds: what a test waits for.
    element.dataset.edges = String(painted.edges);
    return false;
  }, [rfStore, painter]);
  const schedule = usePaintLoop(canvas, paint);
  useEffect(() => schedule(), [painted, palette, schedule]);

  return <canvas ref={canvas} className="cf-painted-edges" data-testid="painted-edges" aria-hidden="true" />;
}
