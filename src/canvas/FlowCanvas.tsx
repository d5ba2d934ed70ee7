import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  ConnectionLineType,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
  useStoreApi,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  type OnConnectEnd,
} from '@xyflow/react';
import { MODULE_KINDS, isModuleType } from '../model/modules/registry';
import { canConnect } from '../model/connect';
import { useEditor, useEditorInstance } from '../editor/react';
import type { Edge } from '../model/types';
import type { Move } from '../store/operations';
import type { ViewportController } from '../commands/viewport';
import { preloadable, useLoaded } from '../ui/preloadable';
import { MODULE_DRAG_TYPE } from '../ui/dragTypes';
import { HeatmapLegend } from '../ui/HeatmapLegend';
import { edgeWindowKey, edgeWindowOf } from './edgeWindow';
import { EDGES_A_TASK, windowContents } from './nodeWindow';
import { indexedEdgesNear, windowCandidates } from './windowIndex';
import { useWindowIndex } from './useWindowIndex';
import { ModuleNode } from './ModuleNode';
import { CanvasViewsContext, createCanvasViews, useTraceShown } from './hooks';
import { FlowEdge } from './FlowEdge';
import { startViewport } from './startView';
import { ConnectionHint } from './ConnectionHint';
import type { ContextTarget } from './CanvasContextMenu';
import { ERROR_HANDLE, GHOST_PREFIX, createEdgeMapper, createNodeMapper, type FlowRfEdge, type Measured, type ModuleRfNode } from './mapping';
import { followingMoves, movesToCommit, withMoves, type DragPreview } from './dragPreview';
import { dotGrid } from './dotGrid';
import { CompareBanner, CompareLayer, FormulaLayer, GhostEdge, GhostNode, TraceLayer } from './layers';
import type { Ghosts } from './ghosts';
import { FAR_CANVAS_ABOVE, FAR_ZOOM, paintsFarCanvas } from './farZoom';

const nodeTypes = { module: ModuleNode, ghost: GhostNode };
const edgeTypes = { flow: FlowEdge, ghost: GhostEdge };
const SNAP_GRID: [number, number] = [16, 16];
const VIEW_PADDING = { top: 76, bottom: 40, left: 48, right: 48 };
/** Above this many modules only what is in view is rendered; below, everything is (no pop-in while panning). */
const VIRTUALIZE_ABOVE = 150;
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
/** The undo step of a drag (the gesture module.move's edits fall into). */
const MOVE = 'Move modules';
/**
 * Below FAR_ZOOM a module's text is too small to read: a large flow is painted on one canvas
 * (FarCanvas.tsx, and React Flow gets no nodes); a smaller one keeps its DOM cards, drawn in their
 * kind's colour (or heat colour) without text, badges or shadows.
 */
export { FAR_ZOOM };
const NO_NODES: ModuleRfNode[] = [];
const NO_GHOSTS: Ghosts = { nodes: [], edges: [] };
const NO_EDGES: FlowRfEdge[] = [];
const NO_EDGES_OF_FLOW: Edge[] = [];
const isFar = (s: { transform: [number, number, number] }) => s.transform[2] < FAR_ZOOM;

/**
 * The far-zoom canvas's layer (FarLayer.tsx), its code loaded once a flow large enough for it is
 * open: the flows most people open never need it, and the first screen does not wait for it. The
 * start path (main.tsx) asks for it as soon as it knows the flow is large, so the chunk downloads
 * while the first screen is made, and is drawn in the first commit when it has arrived by then.
 */
const FarLayer = preloadable(() => import('./FarLayer').then((loaded) => loaded.FarLayer));
export const preloadFarLayer = FarLayer.preload;

/**
 * The edge layer close up (PaintedEdges.tsx), its code loaded once the node window leaves an edge
 * to it: only flows with a fan-out past the window's bounds need it.
 */
const PaintedEdges = preloadable(() => import('./PaintedEdges').then((loaded) => loaded.PaintedEdges));

/** The right-click menu: its code loads when the browser is first idle after the first paint (App), or on the first right click. */
const CanvasContextMenu = preloadable(() => import('./CanvasContextMenu').then((loaded) => loaded.CanvasContextMenu));
export const preloadContextMenu = CanvasContextMenu.preload;

/**
 * The trace's badge and follower, the comparison's ghosts, banner and markers, and a module's formula
 * (layers.ts): their code loads when the browser is first idle after the first paint (App), or when first needed.
 */
export function preloadCanvasLayers(): Promise<unknown> {
  return Promise.all([TraceLayer.preload(), CompareLayer.preload(), FormulaLayer.preload()]);
}

export interface FlowCanvasProps {
  /** Called with the files dropped on the canvas (.json flows to import), in the order dropped. */
  onDropFile?: (files: File[]) => void;
}

/** The flow on a React Flow canvas: the only component that knows React Flow. */
export function FlowCanvas(props: FlowCanvasProps) {
  return (
    <ReactFlowProvider>
      <CanvasInner {...props} />
    </ReactFlowProvider>
  );
}

function minimapColour(node: ModuleRfNode): string {
  return node.type === 'ghost' ? 'rgb(128 135 150 / 0.45)' : MODULE_KINDS[node.data.type].colour;
}

/**
 * React Flow's minimap, made anew for each loaded document once React Flow's store holds that
 * document's nodes (React Flow takes them in an effect, a render after ours): React then creates
 * its thousands of rectangles in one pass. Added to the previous document's minimap they were
 * placed one at a time, each looking past all those placed after it (quadratic: 0.5 s of a
 * frozen page at 10,000 modules). Edits keep the same minimap.
 */
function DocumentMiniMap({ loadSerial, nodes }: { loadSerial: number; nodes: ModuleRfNode[] }) {
  const holdsThese = useStore((s) => s.nodes === nodes);
  const [shownFor, setShownFor] = useState(() => (holdsThese ? loadSerial : -1));
  if (shownFor !== loadSerial && holdsThese) setShownFor(loadSerial);
  if (shownFor !== loadSerial) return null;
  return (
    <MiniMap<ModuleRfNode>
      key={loadSerial}
      style={{ width: 168, height: 112 }}
      pannable
      zoomable
      nodeColor={minimapColour}
      nodeBorderRadius={6}
      ariaLabel="Mini map"
      position="bottom-right"
    />
  );
}

function CanvasInner({ onDropFile }: FlowCanvasProps) {
  const editor = useEditorInstance();
  const { store, derived } = editor;
  // Each node and edge reads its numbers through this editor's keyed views (hooks.ts).
  const views = useMemo(() => createCanvasViews(editor), [editor]);
  // Only what the canvas draws of the modules: an assumption edit does not re-render it.
  const modules = useEditor(derived.selectDrawnModules);
  const edges = useEditor((s) => s.flow.edges);
  const selection = useEditor((s) => s.selection);
  const snapToGrid = useEditor((s) => s.ui.snapToGrid);
  const heatmap = useEditor((s) => s.ui.heatmap);
  const ranged = useEditor(derived.selectHasRunRanges);
  // Compare mode: what only the flow compared with has, drawn as ghosts (ghosts.ts).
  const compare = useEditor(derived.selectCompare);
  // The comparison's canvas code (ghosts, banner, markers) is asked for as a comparison starts, beside the comparison's own.
  const compareBase = useEditor((s) => s.ui.compare);
  const compareLoaded = useLoaded(CompareLayer, compareBase !== null);
  const ghosts = useMemo(() => {
    const layer = compareLoaded ? CompareLayer.loaded() : undefined;
    return layer && compare ? layer.ghostsOf(compare) : NO_GHOSTS;
  }, [compare, compareLoaded]);
  const far = useStore(isFar);
  // A large flow far away is painted on one canvas, and React Flow holds no nodes meanwhile.
  // A trace being stepped through is drawn on React Flow's cards and edges: they stay while it is shown.
  const tracing = useTraceShown();
  const traceLoaded = useLoaded(TraceLayer, tracing);
  const TraceFollow = traceLoaded ? TraceLayer.loaded()?.TraceFollow : undefined;
  const cardsNeeded = compare !== null || tracing;
  const large = modules.length > FAR_CANVAS_ABOVE && !cardsNeeded;
  const farLoaded = useLoaded(FarLayer, large);
  const farAway = useStore(useCallback((s) => paintsFarCanvas(s.transform[2], modules.length, cardsNeeded), [modules.length, cardsNeeded]));
  const farCanvas = farAway && farLoaded;
  const loadSerial = useEditor((s) => s.loadSerial);
  // Close up, a large flow's modules and edges go to React Flow only where they can show: a window
  // around the view that moves a cell at a time (edgeWindow.ts, nodeWindow.ts), so React Flow's
  // adoption of every node and its lookup of every edge are not built, at open or per view change.
  // Also while a trace is shown (it pans to its module by the document's positions), not while
  // comparing (fitting both flows in view reads React Flow's nodes). The window is found from an
  // index of the flow's places (windowIndex.ts), a new document's made in slices.
  const windowed = modules.length > FAR_CANVAS_ABOVE && compare === null;
  const index = useWindowIndex(modules, edges, windowed, loadSerial);
  // A large flow's nodes go to React Flow once its start view is placed and its window index made,
  // and not while it is far away: cards drawn at the default zoom, or all of them whole-flow while
  // the canvas's code loads, would be drawn only to be thrown away.
  const [placedFor, setPlacedFor] = useState(-1);
  const withheld = (large && (farAway || placedFor !== loadSerial)) || (windowed && index === null);
  const [measured, setMeasured] = useState<ReadonlyMap<string, Measured>>(() => new Map());
  const [toNodes] = useState(createNodeMapper);
  const [toEdges] = useState(createEdgeMapper);
  const [menu, setMenu] = useState<ContextTarget | null>(null);
  const contextMenuLoaded = useLoaded(CanvasContextMenu, menu !== null);
  // A drag in progress is drawn from this preview; the document takes the move at the drop.
  const [preview, setPreview] = useState<DragPreview | null>(null);
  const previewNow = useRef<DragPreview | null>(null);
  // The modules React Flow is dragging (those it held when the drag began): kept in its nodes until the drop.
  const [rfDragged, setRfDragged] = useState<ReadonlySet<string> | null>(null);
  const [fileOver, setFileOver] = useState(false);
  const rf = useReactFlow<ModuleRfNode, FlowRfEdge>();
  const wrapper = useRef<HTMLDivElement>(null);
  // Bands of the flow before the last edit are dimmed until the new simulation answers: one
  // attribute on the canvas (React does not own it), so no node re-renders for it.
  useEffect(() => {
    const mark = (stale: boolean) => wrapper.current?.toggleAttribute('data-bands-stale', stale);
    mark(editor.bands.getState().stale);
    return editor.bands.subscribe((s) => mark(s.stale));
  }, [editor]);

  const selectedModules = useMemo(() => new Set(selection.modules), [selection.modules]);
  const selectedEdges = useMemo(() => new Set(selection.edges), [selection.edges]);
  // A newly loaded large flow's edges go to React Flow a task after its nodes, and then EDGES_A_TASK
  // more a task: adopting its nodes, looking up its edges' connections, finding which edges are near
  // the view and drawing a thousand of them were one long task (issue 18 item 9: 150–190 ms for a
  // router with 50,000 routes on a quiet machine). `edgeShare.count` of the edges near the view are given.
  const [edgeShare, setEdgeShare] = useState({ serial: -1, count: 0 });
  const edgesWithheld = withheld || (large && edgeShare.serial !== loadSerial);
  const windowKey = useStore(useCallback((s) => (windowed ? edgeWindowKey(s.transform, s.width, s.height) : ''), [windowed]));
  const viewWindow = useMemo(() => edgeWindowOf(windowKey), [windowKey]);
  const positions = index?.positions ?? null;
  // Far away (the far canvas paints the flow) nothing is worked out for React Flow at each view change.
  const nearEdges = useMemo(
    () => (edgesWithheld ? NO_EDGES_OF_FLOW : index ? indexedEdgesNear(index, viewWindow) : edges),
    [edgesWithheld, index, edges, viewWindow],
  );
  // React Flow gets a bounded share of what is near the window; the edge layer paints the other edges near it (nodeWindow.ts).
  const near = useMemo(
    () =>
      withheld || !index
        ? { modules, edges: nearEdges, painted: NO_EDGES_OF_FLOW }
        : windowContents({
            modules: windowCandidates(index, viewWindow, !edgesWithheld, preview, rfDragged),
            window: viewWindow,
            shown: preview,
            edges: nearEdges,
            keep: rfDragged,
            positions: index.positions,
          }),
    [withheld, index, modules, viewWindow, preview, nearEdges, edgesWithheld, rfDragged],
  );
  const nearModules = near.modules;
  const nearEdgeCount = near.edges.length;
  useEffect(() => {
    if (!large || withheld || (edgeShare.serial === loadSerial && edgeShare.count >= nearEdgeCount)) return;
    const count = edgeShare.serial === loadSerial ? edgeShare.count + EDGES_A_TASK : 0;
    const timer = setTimeout(() => setEdgeShare({ serial: loadSerial, count }));
    return () => clearTimeout(timer);
  }, [large, withheld, edgeShare, loadSerial, nearEdgeCount]);
  const givenEdges = useMemo(() => (large && near.edges.length > edgeShare.count ? near.edges.slice(0, edgeShare.count) : near.edges), [large, near.edges, edgeShare.count]);
  const painted = near.painted;
  const paintedLoaded = useLoaded(PaintedEdges, painted.length > 0);
  // Withheld nodes are not mapped (a far canvas drag would map every module on every frame).
  const flowNodes = useMemo(
    () => (withheld ? NO_NODES : toNodes(nearModules, selectedModules, measured, preview)),
    [withheld, toNodes, nearModules, selectedModules, measured, preview],
  );
  const flowEdges = useMemo(
    () => (edgesWithheld ? NO_EDGES : toEdges(givenEdges, selectedEdges)),
    [edgesWithheld, toEdges, givenEdges, selectedEdges],
  );
  const nodes = useMemo(() => (ghosts.nodes.length > 0 ? ghosts.nodes.concat(flowNodes) : flowNodes), [ghosts, flowNodes]);
  const rfEdges = useMemo(() => (ghosts.edges.length > 0 ? ghosts.edges.concat(flowEdges) : flowEdges), [ghosts, flowEdges]);

  // The dot grid is the canvas element's CSS background (dotGrid.ts), moved with the viewport
  // outside React: nothing re-renders for it, and nothing inside the canvas lays it out.
  const rfStore = useStoreApi<ModuleRfNode, FlowRfEdge>();
  useEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    let shown: unknown = null;
    const place = ({ transform }: { transform: [number, number, number] }) => {
      if (transform === shown) return;
      shown = transform;
      const grid = dotGrid(transform);
      element.toggleAttribute('data-dots', grid !== null);
      if (!grid) return;
      element.style.setProperty('--dot-spacing', `${grid.spacing}px`);
      element.style.setProperty('--dot-x', `${grid.x}px`);
      element.style.setProperty('--dot-y', `${grid.y}px`);
      element.style.setProperty('--dot-radius', `${grid.radius}px`);
    };
    place(rfStore.getState());
    return rfStore.subscribe(place);
  }, [rfStore]);

  /**
   * Shows the flow whole when it fits at a readable zoom, else its start at that zoom (startView.ts):
   * the view a loaded flow opens with and the one "Fit view" goes to.
   */
  const showStart = useCallback(
    (duration?: number) => {
      const rect = wrapper.current?.getBoundingClientRect();
      if (!rect || rect.width === 0) return;
      const state = store.getState();
      // A flow just imported from Altan, n8n or Make opens whole (issue 14: the first screen shows
      // everything that came in); other flows open readable (whole when it fits, else their start).
      const imported = state.ui.importedFrom !== null && state.ui.importedFrom.loadSerial === state.loadSerial;
      const minZoom = editor.wholeFlowStartView || (imported && duration === undefined) ? 0 : undefined;
      const view = startViewport(state.flow.modules, rect.width, rect.height, VIEW_PADDING, minZoom);
      void rf.setViewport(view, duration ? { duration } : undefined);
    },
    [rf, editor, store],
  );

  // Each flow that is loaded (at start, new, sample, import) opens on its start view.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      showStart();
      setPlacedFor(loadSerial);
    });
    return () => cancelAnimationFrame(frame);
  }, [showStart, loadSerial]);

  // A comparison that starts shows both flows whole: the ghosts may lie outside the view (once they
  // are drawn: the comparison's code and the canvas's part of it load with the first one).
  const comparing = compareBase !== null && compare !== null && compareLoaded;
  useEffect(() => {
    if (!compareBase || !comparing) return;
    const frame = requestAnimationFrame(() => void rf.fitView({ padding: 0.12, minZoom: FAR_ZOOM, maxZoom: 1, duration: 250 }));
    return () => cancelAnimationFrame(frame);
  }, [rf, compareBase, comparing]);

  // The commands and panels reach the viewport through the editor's slot.
  useEffect(() => {
    const viewport: ViewportController = {
      fitView: () => showStart(300),
      zoomIn: () => void rf.zoomIn({ duration: 200 }),
      zoomOut: () => void rf.zoomOut({ duration: 200 }),
      centerOn: (moduleId: string) => {
        // A module of the document, or (compare mode) the ghost of one only the other flow has.
        const state = store.getState();
        const own = state.flow.modules.find((m) => m.id === moduleId);
        const ghost = own ? undefined : state.ui.compare?.flow.modules.find((m) => m.id === moduleId);
        const node = rf.getInternalNode(own ? moduleId : GHOST_PREFIX + moduleId);
        const module = own ?? ghost;
        if (!module) return;
        const width = node?.measured.width ?? 232;
        const height = node?.measured.height ?? 80;
        const zoom = Math.max(rf.getZoom(), 0.9);
        void rf.setCenter(module.position.x + width / 2, module.position.y + height / 2, { zoom, duration: 350 });
      },
    };
    // module.add puts a module at the centre of the view when nothing is selected.
    const centreOfView = () => {
      const rect = wrapper.current?.getBoundingClientRect();
      if (!rect || rect.width === 0) return undefined;
      const centre = rf.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
      return { x: centre.x - 116, y: centre.y - 40 };
    };
    return editor.attachCanvas({ viewport, centreOfView });
  }, [rf, editor, store, showStart]);

  /** Gives the document the drag shown (and `final`, the positions reported at the drop). */
  const placeDragged = useCallback((final: readonly Move[] = []) => {
    const moves = movesToCommit(previewNow.current, final);
    if (previewNow.current) {
      previewNow.current = null;
      setPreview(null);
      setRfDragged(null);
    }
    if (moves.length > 0) void editor.commands.run('module.move', { moves });
  }, [editor]);

  // A drag whose drop React Flow never reported (the pointer released outside the window, a
  // lost event) still lands where it was shown once the pointer is up, as its own undo step.
  useEffect(() => {
    let timer = 0;
    const onRelease = () => {
      timer = window.setTimeout(() => {
        if (!previewNow.current) return;
        placeDragged();
        const state = store.getState();
        if (state.gesture === MOVE) state.endGesture();
      });
    };
    window.addEventListener('pointerup', onRelease, true);
    window.addEventListener('pointercancel', onRelease, true);
    return () => {
      window.removeEventListener('pointerup', onRelease, true);
      window.removeEventListener('pointercancel', onRelease, true);
      clearTimeout(timer);
    };
  }, [placeDragged, store]);

  /** Draws modules being dragged where the pointer has them (the document takes them at the drop). */
  const previewMoves = useCallback((moving: readonly Move[], dragged: readonly Move[]) => {
    if (!previewNow.current) setRfDragged(new Set(dragged.map((m) => m.id)));
    previewNow.current = withMoves(previewNow.current, moving);
    setPreview(previewNow.current);
  }, []);

  const onNodesChange = useCallback((changes: NodeChange<ModuleRfNode>[]) => {
    const state = store.getState();
    let sizes: Map<string, Measured> | null = null;
    const moving: Move[] = [];
    const moves: Move[] = [];
    let select: Set<string> | null = null;
    let selecting = false;
    for (const change of changes) {
      if (change.type === 'dimensions' && change.dimensions) {
        sizes ??= new Map();
        sizes.set(change.id, { width: change.dimensions.width, height: change.dimensions.height });
      } else if (change.type === 'position' && change.position) {
        // While the pointer is down a move is only drawn; the drop (or a key press) places it.
        (change.dragging ? moving : moves).push({ id: change.id, position: { x: change.position.x, y: change.position.y } });
      } else if (change.type === 'select') {
        select ??= new Set(state.selection.modules);
        if (change.selected) select.add(change.id);
        else select.delete(change.id);
        if (change.selected) selecting = true;
      }
    }
    if (sizes) {
      const next = sizes;
      setMeasured((before) => {
        let changed = false;
        const merged = new Map(before);
        for (const [id, size] of next) {
          const old = before.get(id);
          if (!old || old.width !== size.width || old.height !== size.height) {
            merged.set(id, size);
            changed = true;
          }
        }
        return changed ? merged : before;
      });
    }
    // The selected modules React Flow does not hold (outside the node window) move with those it moved.
    const follow = (moved: Move[]) => (positions && moved.length > 0 ? moved.concat(followingMoves(moved, state.selection.modules, positions)) : moved);
    if (moving.length > 0) previewMoves(follow(moving), moving);
    if (moves.length > 0) placeDragged(follow(moves));
    if (select) {
      // A node chosen alone (a click without Shift, Ctrl or ⌘) leaves out the modules and edges
      // React Flow does not hold, as it does with those it holds.
      const { multiSelectionActive, userSelectionActive, nodeLookup } = rfStore.getState();
      if (selecting && !multiSelectionActive && !userSelectionActive) {
        for (const id of select) if (!nodeLookup.has(id)) select.delete(id);
        state.setSelection({ modules: [...select], edges: [] });
      } else state.setSelection({ modules: [...select] });
    }
  }, [placeDragged, previewMoves, store, rfStore, positions]);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowRfEdge>[]) => {
    const state = store.getState();
    let select: Set<string> | null = null;
    let selecting = false;
    for (const change of changes) {
      if (change.type === 'select') {
        select ??= new Set(state.selection.edges);
        if (change.selected) select.add(change.id);
        else select.delete(change.id);
        if (change.selected) selecting = true;
      }
    }
    if (!select) return;
    // An edge chosen alone leaves out what React Flow does not hold, as for a node (onNodesChange).
    const { multiSelectionActive, userSelectionActive, edgeLookup } = rfStore.getState();
    if (selecting && !multiSelectionActive && !userSelectionActive) {
      for (const id of select) if (!edgeLookup.has(id)) select.delete(id);
      state.setSelection({ modules: [], edges: [...select] });
    } else state.setSelection({ edges: [...select] });
  }, [store, rfStore]);

  // A selection box starts anew, as React Flow's does with what it holds.
  const onSelectionStart = useCallback(() => store.getState().clearSelection(), [store]);

  const beginMove = useCallback(() => store.getState().beginGesture(MOVE), [store]);
  // The far canvas draws its drag itself (no render here per frame) and reports where it was let go.
  const endFarMove = useCallback((moves: readonly Move[]) => {
    placeDragged(moves);
    store.getState().endGesture();
  }, [placeDragged, store]);
  // A drop React Flow reported without its final positions still lands (where the preview has it).
  const endMove = useCallback(() => endFarMove([]), [endFarMove]);

  const isValidConnection: IsValidConnection<FlowRfEdge> = useCallback((connection) => {
    if (!connection.source || !connection.target) return false;
    return canConnect(store.getState().flow, connection.source, connection.target, { error: connection.sourceHandle === ERROR_HANDLE }).ok;
  }, [store]);

  const onConnect = useCallback(
    (connection: Connection) =>
      void editor.commands.run('edge.connect', {
        source: connection.source,
        target: connection.target,
        error: connection.sourceHandle === ERROR_HANDLE,
      }),
    [editor],
  );

  const onConnectEnd: OnConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, connection: FinalConnectionState) => {
      if (connection.isValid) return;
      const state = store.getState();
      const from = connection.fromNode;
      if (!from) return;
      if (connection.toNode) {
        const check = canConnect(state.flow, from.id, connection.toNode.id, { error: connection.fromHandle?.id === ERROR_HANDLE });
        if (!check.ok) state.showToast('warning', check.reason);
        return;
      }
      // Dropped on empty canvas: offer the palette to add a module connected from here.
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      if (!point) return;
      const position = rf.screenToFlowPosition({ x: point.clientX, y: point.clientY });
      const fromSource = connection.fromHandle?.type !== 'target';
      state.openDialog('palette', {
        position: { x: position.x - 116, y: position.y },
        ...(fromSource ? { sourceId: from.id } : { targetId: from.id }),
      });
    },
    [rf, store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    const types = event.dataTransfer.types;
    if (types.includes(MODULE_DRAG_TYPE)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    } else if (types.includes('Files')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setFileOver(true);
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      setFileOver(false);
      const type = event.dataTransfer.getData(MODULE_DRAG_TYPE);
      if (type) {
        event.preventDefault();
        if (!isModuleType(type)) return;
        const at = rf.screenToFlowPosition({ x: event.clientX, y: event.clientY });
        void editor.commands.run('module.add', { type, position: { x: at.x - 116, y: at.y - 30 } });
        return;
      }
      const files = Array.from(event.dataTransfer.files);
      if (files.length > 0) {
        event.preventDefault();
        onDropFile?.(files);
      }
    },
    [rf, onDropFile, editor],
  );

  // Every prop handed to ReactFlow is stable: a new function on each render (each drag frame)
  // would be copied into React Flow's store and wake every node's and edge's selectors.
  const closeMenu = useCallback(() => setMenu(null), []);

  const onPaneClick = useCallback(() => {
    setMenu(null);
    store.getState().clearSelection();
  }, [store]);

  /** The module menu at the pointer, for the module (selected first when it is not). Close up and far away alike. */
  const openModuleMenu = useCallback((id: string, x: number, y: number) => {
    const state = store.getState();
    if (!state.selection.modules.includes(id)) state.setSelection({ modules: [id], edges: [] });
    setMenu({ kind: 'module', id, x, y });
  }, [store]);

  const onNodeContextMenu = useCallback((event: React.MouseEvent, node: ModuleRfNode) => {
    event.preventDefault();
    if (node.type === 'ghost') return; // a ghost (compare mode) is not editable
    openModuleMenu(node.id, event.clientX, event.clientY);
  }, [openModuleMenu]);

  const onEdgeContextMenu = useCallback((event: React.MouseEvent, edge: FlowRfEdge) => {
    event.preventDefault();
    if (edge.type === 'ghost') return;
    const state = store.getState();
    if (!state.selection.edges.includes(edge.id)) state.setSelection({ modules: [], edges: [edge.id] });
    setMenu({ kind: 'edge', id: edge.id, x: event.clientX, y: event.clientY });
  }, [store]);

  const onPaneContextMenu = useCallback(
    (event: React.MouseEvent | MouseEvent) => {
      event.preventDefault();
      const flowPoint = rf.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      setMenu({ kind: 'canvas', x: event.clientX, y: event.clientY, flowPoint });
    },
    [rf],
  );

  const onSelectionContextMenu = useCallback((event: React.MouseEvent) => {
    event.preventDefault();
    setMenu({ kind: 'module', x: event.clientX, y: event.clientY });
  }, []);

  return (
    <CanvasViewsContext.Provider value={views}>
      <div
        ref={wrapper}
        className={`cf-canvas${compare ? ' cf-canvas--compare' : ''}${heatmap ? ' cf-canvas--heatmap' : ''}${ranged ? ' cf-canvas--ranges' : ''}${far ? ' cf-canvas--far' : ''}`}
        data-testid="canvas"
        onDragLeave={(e) => {
          if (e.currentTarget === e.target) setFileOver(false);
        }}
      >
        <ReactFlow<ModuleRfNode, FlowRfEdge>
          nodes={nodes}
          edges={rfEdges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStart={beginMove}
          onNodeDragStop={endMove}
          onSelectionDragStart={beginMove}
          onSelectionDragStop={endMove}
          onSelectionStart={onSelectionStart}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onDragOver={onDragOver}
          onDrop={onDrop}
          onPaneClick={onPaneClick}
          onNodeContextMenu={onNodeContextMenu}
          onEdgeContextMenu={onEdgeContextMenu}
          onPaneContextMenu={onPaneContextMenu}
          onSelectionContextMenu={onSelectionContextMenu}
          onMoveStart={closeMenu}
          snapToGrid={snapToGrid}
          snapGrid={SNAP_GRID}
          minZoom={0.1}
          maxZoom={2}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={MULTI_SELECT_KEYS}
          connectionRadius={48}
          connectionLineType={ConnectionLineType.SmoothStep}
          attributionPosition="top-right"
          onlyRenderVisibleElements={modules.length > VIRTUALIZE_ABOVE}
          colorMode="system"
          aria-label="Flow canvas"
        >
          {/* A large flow's minimap is the far layer's canvas; React Flow's own would draw
              thousands of rectangles while that code loads (issue 18 item 9). */}
          {painted.length > 0 && paintedLoaded && positions && (
            <PaintedEdges host={wrapper} edges={painted} positions={positions} measured={measured} preview={preview} selectedEdges={selectedEdges} />
          )}
          {large ? (
            farLoaded && (
              <FarLayer
                host={wrapper}
                painting={farCanvas}
                modules={modules}
                edges={edges}
                measured={measured}
                preview={preview}
                selectedModules={selectedModules}
                selectedEdges={selectedEdges}
                heatmap={heatmap}
                snapGrid={snapToGrid ? SNAP_GRID[0] : null}
                onDragStart={beginMove}
                onDragEnd={endFarMove}
                onModuleMenu={openModuleMenu}
              />
            )
          ) : (
            <DocumentMiniMap loadSerial={loadSerial} nodes={nodes} />
          )}
          <Controls showInteractive={false} position="bottom-left" />
          <ConnectionHint />
          {heatmap && !compare && (
            <Panel position="bottom-center" className="cf-legend">
              <HeatmapLegend />
            </Panel>
          )}
          {compare && (
            <Panel position="bottom-left" className="cf-compare-stack">
              {heatmap && (
                <div className="cf-legend">
                  <HeatmapLegend />
                </div>
              )}
              <CompareBanner view={compare} />
            </Panel>
          )}
          {modules.length === 0 && (
            <div className="cf-empty-canvas">
              <p>Drag a module from the palette to start, or open a sample flow.</p>
            </div>
          )}
        </ReactFlow>
        {fileOver && <div className="cf-drop-overlay">Drop a .json flow file to import it</div>}
        {menu && contextMenuLoaded && <CanvasContextMenu target={menu} onClose={() => setMenu(null)} />}
        {/* The trace being stepped through: its module is panned into view (traceFollow.ts). */}
        {TraceFollow && <TraceFollow rf={rf} pane={wrapper} />}
      </div>
    </CanvasViewsContext.Provider>
  );
}
