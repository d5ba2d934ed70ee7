/**
 * The canvas follows the bundle of the trace being stepped through (Trace tab): when the module of
 * the step shown is off screen, the view pans to centre it, keeping the zoom; when it is in view,
 * the view stays still (stepping through a loop on screen never moves the canvas).
 */
import { useEffect, type RefObject } from 'react';
import type { ReactFlowInstance } from '@xyflow/react';
import { useEditorInstance } from '../editor/react';
import type { ModuleRfNode, FlowRfEdge } from './mapping';
import type { TraceView } from '../store/trace';

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Room kept around the module, in screen pixels (its step's pill sits above it). */
export const FOLLOW_MARGIN = 48;

/**
 * The viewport that centres `box` (flow coordinates) in a pane of `pane` pixels at the same zoom,
 * or null when the box, with `margin` pixels around it, is already in view.
 */
export function panToShow(view: Viewport, pane: { width: number; height: number }, box: Box, margin = FOLLOW_MARGIN): Viewport | null {
  const left = box.x * view.zoom + view.x;
  const top = box.y * view.zoom + view.y;
  const right = left + box.width * view.zoom;
  const bottom = top + box.height * view.zoom;
  const inView = left >= margin && top >= margin && right <= pane.width - margin && bottom <= pane.height - margin;
  if (inView) return null;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  return { x: pane.width / 2 - cx * view.zoom, y: pane.height / 2 - cy * view.zoom, zoom: view.zoom };
}

/**
 * Pans the canvas to the module of each new step of the trace when it is off screen. Drawn by the
 * canvas once a trace is shown (its code is not in the first download), so it looks at the step
 * shown when it mounts as well as at each one after.
 */
export function TraceFollow({ rf, pane }: { rf: ReactFlowInstance<ModuleRfNode, FlowRfEdge>; pane: RefObject<HTMLElement | null> }) {
  const editor = useEditorInstance();
  useEffect(() => {
    let shown: string | undefined;
    const follow = (s: TraceView) => {
      const id = s.trace && !s.stale ? s.trace.steps[s.index]?.moduleId : undefined;
      if (id === shown) return;
      shown = id;
      if (id === undefined) return;
      const rect = pane.current?.getBoundingClientRect();
      if (!rect || rect.width === 0) return;
      const node = rf.getInternalNode(id);
      const position = node?.internals.positionAbsolute ?? editor.store.getState().flow.modules.find((m) => m.id === id)?.position;
      if (!position) return;
      const box = { x: position.x, y: position.y, width: node?.measured.width ?? 232, height: node?.measured.height ?? 80 };
      const next = panToShow(rf.getViewport(), rect, box);
      if (next) void rf.setViewport(next, { duration: 250 });
    };
    follow(editor.trace.store.getState());
    return editor.trace.store.subscribe(follow);
  }, [editor, rf, pane]);
  return null;
}
