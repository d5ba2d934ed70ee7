/**
 * The centre column: the canvas over the bottom dock, split by a divider the user drags (or moves
 * with the arrow keys once focused), double-clicks to restore the default height, and whose
 * height is remembered per browser. The dock can collapse to its tab bar or take the full height
 * (the canvas then folds to nothing and comes back as it was).
 *
 * The divider's code (react-resizable-panels, ResizableDock.tsx) is not on the first paint: the
 * first frame lays the two out with plain CSS at the same sizes (the remembered height, or the
 * default), and the resizable panels take over once their code has loaded, right after. The canvas
 * and the dock are rendered once, through portals into two elements of their own that move into
 * the resizable panels: neither is mounted twice, and React Flow only sees its box stay the same.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ComponentType, type CSSProperties, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { browserStorage, DEFAULT_DOCK_HEIGHT, readDockHeight } from './dockHeight';
import type { ResizableDockProps } from './ResizableDock';

export interface DockControls {
  collapsed: boolean;
  maximised: boolean;
  /** Folds the dock to its tab bar, or opens it again at its last height. */
  toggleCollapsed(): void;
  /** Gives the dock the full height, or gives the canvas back. */
  toggleMaximised(): void;
  /** Opens a collapsed dock (a tab was chosen). */
  open(): void;
}

const DockContext = createContext<DockControls | null>(null);

/** The controls of the dock's size, or null outside a DockLayout (a dock rendered on its own). */
export function useDockControls(): DockControls | null {
  return useContext(DockContext);
}

const loadResizableDock = () => import('./ResizableDock').then((m) => m.ResizableDock);

/** An element of our own that the canvas or the dock is rendered into, placed inside a slot. */
function useSlotElement(): HTMLDivElement {
  const [element] = useState(() => {
    const div = document.createElement('div');
    div.className = 'cf-center__slot';
    return div;
  });
  return element;
}

/** A div that holds `element` (moved in when the div mounts; React renders no children into it). */
export function Slot({ element, className, style }: { element: HTMLElement; className: string; style?: CSSProperties }) {
  const place = useCallback((div: HTMLDivElement | null) => void (div && element.parentNode !== div && div.appendChild(element)), [element]);
  return <div ref={place} className={className} style={style} />;
}

/**
 * The first frame's layout: the same boxes as the resizable panels give (the canvas takes what the
 * dock leaves; the 1 px divider line), without the divider's handle.
 */
function FirstFrameLayout({ canvas, dock }: { canvas: HTMLElement; dock: HTMLElement }) {
  const height = readDockHeight(browserStorage()) ?? DEFAULT_DOCK_HEIGHT;
  return (
    <div className="cf-center cf-center--first">
      <Slot element={canvas} className="cf-center__canvas" style={{ flex: '1 1 0px' }} />
      <div className="cf-dock-divider" />
      <Slot element={dock} className="cf-center__dock" style={{ flex: `0 0 ${height}px` }} />
    </div>
  );
}

/** Before the resizable panels load the dock is open and not maximised; a click on its size buttons is kept for them. */
function useFirstFrameControls(): [DockControls, (ready: DockControls) => void] {
  const pending = useRef<((ready: DockControls) => void) | null>(null);
  const [controls, setControls] = useState<DockControls>(() => ({
    collapsed: false,
    maximised: false,
    toggleCollapsed: () => void (pending.current = (ready) => ready.toggleCollapsed()),
    toggleMaximised: () => void (pending.current = (ready) => ready.toggleMaximised()),
    open: () => {},
  }));
  const takeOver = useCallback((ready: DockControls) => {
    setControls(ready);
    const asked = pending.current;
    pending.current = null;
    asked?.(ready);
  }, []);
  return [controls, takeOver];
}

export function DockLayout({ canvas, dock }: { canvas: ReactNode; dock: ReactNode }) {
  const canvasElement = useSlotElement();
  const dockElement = useSlotElement();
  const [Resizable, setResizable] = useState<ComponentType<ResizableDockProps> | null>(null);
  const [controls, takeOver] = useFirstFrameControls();
  // After the first frame; if the code cannot load (offline after an update), the layout stays as it is.
  useEffect(() => {
    let live = true;
    loadResizableDock().then(
      (component) => live && setResizable(() => component),
      () => {},
    );
    return () => void (live = false);
  }, []);
  return (
    <DockContext.Provider value={controls}>
      {/* The layout first: its slots hold the two elements before the portals' effects measure them. */}
      {Resizable ? <Resizable canvas={canvasElement} dock={dockElement} onControls={takeOver} /> : <FirstFrameLayout canvas={canvasElement} dock={dockElement} />}
      {createPortal(canvas, canvasElement)}
      {createPortal(dock, dockElement)}
    </DockContext.Provider>
  );
}
