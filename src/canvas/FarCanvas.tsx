/**
 * The far-zoom renderer (issue 19 item 2): below the zoom where text is drawn, a large flow's
 * modules and edges are painted on this one canvas, and React Flow gets no nodes or edges (no
 * thousands of DOM cards and SVG paths to lay out, paint and composite on every frame). The canvas
 * follows React Flow's viewport, so the wheel and a drag on empty canvas still pan and zoom
 * through React Flow's pane; a press on a module is taken here:
 *
 * - a click selects it (Shift, Ctrl or ⌘ add to or take from the selection), as a DOM click does;
 * - a drag moves it (or the selection it is part of): each frame copies a layer of everything else,
 *   painted once per drag, and paints the dragged modules and their links on top (farDrag.ts);
 *   nothing else renders until the drop, where the document takes the move through `module.move`
 *   as after a DOM drag: one undo step;
 * - Shift and a drag on empty canvas selects the modules in the box;
 * - the pointer over a module shows its name;
 * - a right-click on a module opens its context menu, as on its card close up (on empty canvas,
 *   React Flow's pane opens the canvas menu, as close up).
 *
 * Pointer events are read on the canvas element's host (the editor's canvas box) in the capture
 * phase, before React Flow's pane sees them; the canvas itself lets every event through.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useStoreApi } from '@xyflow/react';
import type { Position } from '../model/types';
import type { Move } from '../store/operations';
import { useEditorInstance } from '../editor/react';
import { draggedModules, snapped, type FarPalette, type FarScene } from './farScene';
import { fitToPixels } from './farPaint';
import { usePaintLoop } from './paintLoop';
import { createDragPainter } from './farDrag';
import { createViewPainter } from './farPan';
import type { Box } from './gridIndex';

/** A press that moves less than this (CSS px) is a click. */
const CLICK_SLOP = 3;
/** A module within this many CSS px of the pointer is hit (a card can be a few px at far zoom). */
const HIT_SLOP = 4;
const MULTI = (e: PointerEvent | MouseEvent) => e.shiftKey || e.metaKey || e.ctrlKey;

export interface FarCanvasProps {
  scene: FarScene;
  palette: FarPalette;
  /** The element whose pointer events the canvas reads (the editor's canvas box, holding React Flow). */
  host: RefObject<HTMLDivElement | null>;
  /** The snap grid's step, or null when snapping is off. */
  snapGrid: number | null;
  onDragStart: () => void;
  /** The drop: where the dragged modules were let go (the document takes them). */
  onDragEnd: (moves: Move[]) => void;
  /** A right-click on a module: its context menu at the pointer (client coordinates). */
  onModuleMenu: (id: string, x: number, y: number) => void;
}

/** A drag in progress: the modules it moves and where they are drawn now. */
interface Drag {
  dragged: ReadonlySet<string>;
  positions: Map<string, Position>;
  /** Let go: drawn where dropped until the scene shows the document with the move. */
  dropped: boolean;
}

interface Hover {
  name: string;
  x: number;
  y: number;
}

export function FarCanvas({ scene, palette, host, snapGrid, onDragStart, onDragEnd, onModuleMenu }: FarCanvasProps) {
  const { store } = useEditorInstance();
  const rfStore = useStoreApi();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  // The module the tooltip names (null: none); cleared with the tooltip.
  const hovered = useRef<string | null>(null);
  const clearHover = useCallback(() => {
    hovered.current = null;
    setHover(null);
  }, []);
  const [box, setBox] = useState<Box | null>(null);
  // The latest of everything a frame or an event handler reads, without re-subscribing.
  const now = useRef({ scene, palette, snapGrid, onDragStart, onDragEnd, onModuleMenu });
  useLayoutEffect(() => {
    now.current = { scene, palette, snapGrid, onDragStart, onDragEnd, onModuleMenu };
  });
  const drag = useRef<Drag | null>(null);
  const [painters] = useState(() => {
    const newLayer = () => document.createElement('canvas');
    return { drag: createDragPainter(newLayer), view: createViewPainter(newLayer) };
  });

  /** Paints a frame; true when the next frame must paint too (a picture painted in slices). */
  const paint = useCallback((): boolean => {
    const element = canvas.current;
    const ctx = element?.getContext('2d');
    if (!element || !ctx) return false;
    const width = element.clientWidth;
    const height = element.clientHeight;
    const dpr = window.devicePixelRatio || 1;
    fitToPixels(element, width, height, dpr);
    const { transform } = rfStore.getState();
    const { scene, palette } = now.current;
    const moving = drag.current;
    if (!moving) painters.drag.forget();
    const view = { scene, palette, transform, width, height, dpr };
    const shown = moving ? painters.drag.paint(ctx, { ...view, dragged: moving.dragged }, moving.positions) : painters.view.paint(ctx, view);
    // A large flow's picture painted in slices: the next one in the next frame.
    element.toggleAttribute('data-painting', shown === null);
    if (shown === null) return true;
    // How many modules the last frame painted: what a test or the benchmark waits for.
    element.dataset.cards = String(shown);
    return false;
  }, [rfStore, painters]);
  const schedule = usePaintLoop(canvas, paint, clearHover);

  // Paint when the scene changes (and, usePaintLoop, when the viewport moves and when the canvas is resized).
  useEffect(() => {
    // A drop is drawn where it was let go until the scene holds the moved modules: this one.
    if (drag.current?.dropped) drag.current = null;
    schedule();
  }, [scene, palette, schedule]);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    /** Client point → flow point, and the pane's box. */
    const locate = (event: MouseEvent) => {
      const rect = canvas.current!.getBoundingClientRect();
      const [tx, ty, zoom] = rfStore.getState().transform;
      const sx = event.clientX - rect.left;
      const sy = event.clientY - rect.top;
      return { sx, sy, x: (sx - tx) / zoom, y: (sy - ty) / zoom, zoom, tx, ty };
    };
    /** The module under the pointer, when the pointer is over the pane (not a panel, menu or control). */
    const hit = (event: MouseEvent) => {
      const target = event.target as Element | null;
      if (!canvas.current || !target?.closest?.('.react-flow__pane')) return null;
      const at = locate(event);
      const i = now.current.scene.index.at(at.x, at.y, HIT_SLOP / at.zoom);
      return { at, card: i >= 0 ? now.current.scene.cards[i]! : null };
    };

    // A press taken here: React Flow's pane must not see its mousedown (a pan) or its click (clears the selection).
    let taken = false;
    const swallow = (event: Event) => {
      if (!taken) return;
      event.stopPropagation();
      if (event.type === 'click') taken = false;
    };

    const onPointerDown = (event: PointerEvent) => {
      taken = false;
      if (event.button !== 0 || !event.isPrimary) return;
      const found = hit(event);
      if (!found) return;
      const { at, card } = found;
      if (!card && !event.shiftKey) return; // empty canvas: React Flow pans
      taken = true;
      event.stopPropagation();
      event.preventDefault();
      clearHover();
      const state = store.getState();
      if (!card) {
        startBox(event, at);
        return;
      }
      let selected = state.selection.modules;
      if (MULTI(event)) {
        selected = selected.includes(card.id) ? selected.filter((id) => id !== card.id) : [...selected, card.id];
        state.setSelection({ modules: selected });
        if (!selected.includes(card.id)) return; // taken out of the selection: nothing to drag
      } else if (!selected.includes(card.id)) {
        selected = [card.id];
        state.setSelection({ modules: selected, edges: [] });
      }
      startDrag(event, draggedModules(card.id, selected));
    };

    const follow = (event: PointerEvent, move: (e: PointerEvent) => void, end: (e: PointerEvent | null) => void) => {
      const pointer = event.pointerId;
      const onMove = (e: PointerEvent) => {
        if (e.pointerId === pointer) move(e);
      };
      const onEnd = (e: PointerEvent) => {
        if (e.pointerId !== pointer) return;
        window.removeEventListener('pointermove', onMove, true);
        window.removeEventListener('pointerup', onEnd, true);
        window.removeEventListener('pointercancel', onEnd, true);
        end(e.type === 'pointerup' ? e : null);
      };
      window.addEventListener('pointermove', onMove, true);
      window.addEventListener('pointerup', onEnd, true);
      window.addEventListener('pointercancel', onEnd, true);
    };

    const startDrag = (event: PointerEvent, ids: string[]) => {
      const from = ids.flatMap((id) => {
        const card = now.current.scene.byId.get(id);
        return card ? [{ id, x: card.x, y: card.y }] : [];
      });
      const dragged = new Set(from.map(({ id }) => id));
      const startX = event.clientX;
      const startY = event.clientY;
      let dragging = false;
      follow(
        event,
        (e) => {
          const dx = e.clientX - startX;
          const dy = e.clientY - startY;
          if (!dragging && Math.hypot(dx, dy) < CLICK_SLOP) return;
          if (!dragging) {
            dragging = true;
            element.dataset.farDragging = '';
            now.current.onDragStart();
          }
          const zoom = rfStore.getState().transform[2];
          const grid = now.current.snapGrid;
          const positions = new Map(from.map(({ id, x, y }) => [id, { x: snapped(x + dx / zoom, grid), y: snapped(y + dy / zoom, grid) }]));
          drag.current = { dragged, positions, dropped: false };
          schedule();
        },
        () => {
          if (!dragging) return;
          delete element.dataset.farDragging;
          const moving = drag.current;
          if (!moving) {
            now.current.onDragEnd([]);
            return;
          }
          // Let go where it started: the document does not change, so the scene will not tell the drag is over.
          const still = from.every(({ id, x, y }) => moving.positions.get(id)?.x === x && moving.positions.get(id)?.y === y);
          if (still) {
            drag.current = null;
            schedule();
          } else moving.dropped = true;
          now.current.onDragEnd([...moving.positions].map(([id, position]) => ({ id, position })));
        },
      );
    };

    const startBox = (event: PointerEvent, start: ReturnType<typeof locate>) => {
      let area: Box | null = null;
      follow(
        event,
        (e) => {
          const at = locate(e);
          area = { x: Math.min(start.x, at.x), y: Math.min(start.y, at.y), width: Math.abs(at.x - start.x), height: Math.abs(at.y - start.y) };
          setBox({ x: Math.min(start.sx, at.sx), y: Math.min(start.sy, at.sy), width: Math.abs(at.sx - start.sx), height: Math.abs(at.sy - start.sy) });
        },
        () => {
          setBox(null);
          if (!area) return;
          const { scene } = now.current;
          store.getState().setSelection({ modules: scene.index.within(area).map((i) => scene.cards[i]!.id), edges: [] });
        },
      );
    };

    const onPointerMove = (event: PointerEvent) => {
      if (event.buttons !== 0 || element.dataset.farDragging !== undefined) return;
      const card = hit(event)?.card ?? null;
      if ((card?.id ?? null) === hovered.current) return;
      element.toggleAttribute('data-far-hover', card !== null);
      if (!card) {
        clearHover();
        return;
      }
      hovered.current = card.id;
      const [tx, ty, zoom] = rfStore.getState().transform;
      setHover({ name: card.name, x: tx + (card.x + card.width / 2) * zoom, y: ty + card.y * zoom });
    };
    const onLeave = () => {
      element.removeAttribute('data-far-hover');
      clearHover();
    };
    // A right-click on a module: its menu, not the pane's canvas menu (React Flow's pane would open that).
    const onContextMenu = (event: MouseEvent) => {
      const card = hit(event)?.card;
      if (!card) return;
      event.stopPropagation();
      event.preventDefault();
      clearHover();
      now.current.onModuleMenu(card.id, event.clientX, event.clientY);
    };

    element.addEventListener('pointerdown', onPointerDown, true);
    element.addEventListener('mousedown', swallow, true);
    element.addEventListener('click', swallow, true);
    element.addEventListener('dblclick', swallow, true);
    element.addEventListener('pointermove', onPointerMove);
    element.addEventListener('pointerleave', onLeave);
    element.addEventListener('contextmenu', onContextMenu, true);
    return () => {
      element.removeEventListener('contextmenu', onContextMenu, true);
      element.removeEventListener('pointerdown', onPointerDown, true);
      element.removeEventListener('mousedown', swallow, true);
      element.removeEventListener('click', swallow, true);
      element.removeEventListener('dblclick', swallow, true);
      element.removeEventListener('pointermove', onPointerMove);
      element.removeEventListener('pointerleave', onLeave);
      element.removeAttribute('data-far-hover');
      delete element.dataset.farDragging;
    };
  }, [host, rfStore, store, clearHover, schedule]);

  return (
    <>
      <canvas
        ref={canvas}
        className="cf-far-canvas"
        data-testid="far-canvas"
        role="img"
        aria-label={`Overview of ${scene.cards.length.toLocaleString('en-US')} modules; zoom in to read and edit them`}
      />
      {hover && (
        <div className="cf-far-tooltip" role="tooltip" data-testid="far-tooltip" style={{ left: hover.x, top: hover.y }}>
          {hover.name}
        </div>
      )}
      {box && <div className="cf-far-box" style={{ left: box.x, top: box.y, width: box.width, height: box.height }} />}
    </>
  );
}
