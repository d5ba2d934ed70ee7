/**
 * The centre column: the canvas over the bottom dock, split by a divider the user drags (or moves
 * with the arrow keys once focused), double-clicks to restore the default height, and whose
 * height is remembered per browser. The dock can collapse to its tab bar or take the full height
 * (the canvas then folds to nothing and comes back as it was).
 *
 * Two flex boxes: the dock has a height in pixels, the canvas takes the rest. The elements never
 * change, only their styles, so the canvas element passed in keeps its identity and a drag
 * re-renders no canvas component: React Flow only sees its box resize. (This replaced
 * react-resizable-panels, 15 kB gzip of the page's first bundle, for one divider.)
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { browserStorage, DEFAULT_DOCK_HEIGHT, readDockHeight, writeDockHeight } from './dockHeight';
import { dragDock, type DockSize } from './dockSize';

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

/** The share of the column an arrow key moves the divider by. */
const KEY_STEP = 0.05;

export function DockLayout({ canvas, dock }: { canvas: ReactNode; dock: ReactNode }) {
  const group = useRef<HTMLDivElement>(null);
  const dockPanel = useRef<HTMLDivElement>(null);
  // The remembered height, read before the first paint (the default stays what a double-click restores).
  const [size, setSize] = useState<DockSize>(() => ({ height: readDockHeight(browserStorage()) ?? DEFAULT_DOCK_HEIGHT, collapsed: false, maximised: false }));
  const [pointer, setPointer] = useState<'inactive' | 'hover' | 'active'>('inactive');
  const drag = useRef<{ y: number; from: number } | null>(null);
  const { collapsed, maximised } = size;

  /** Remembers the height a person chose (after a drag or a key, not on every pixel). */
  const remember = useCallback((next: DockSize) => {
    if (!next.collapsed && !next.maximised) writeDockHeight(browserStorage(), next.height);
  }, []);
  /** The dock at `height` px (as dragged), within the column's room, and remembered when `done`. */
  const moveTo = useCallback(
    (height: number, done: boolean) => {
      const room = group.current?.getBoundingClientRect().height ?? 0;
      setSize((previous) => {
        const next = dragDock(previous, height, room);
        if (done) remember(next);
        return next;
      });
    },
    [remember],
  );
  const shownHeight = () => dockPanel.current?.getBoundingClientRect().height ?? size.height;

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture?.(event.pointerId);
    drag.current = { y: event.clientY, from: shownHeight() };
    setPointer('active');
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (start) moveTo(start.from + start.y - event.clientY, false);
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    drag.current = null;
    event.currentTarget.releasePointerCapture?.(event.pointerId);
    setPointer('hover');
    moveTo(start.from + start.y - event.clientY, true);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const room = group.current?.getBoundingClientRect().height ?? 0;
    const by = (delta: number) => moveTo(shownHeight() + delta, true);
    if (event.key === 'ArrowUp') by(room * KEY_STEP);
    else if (event.key === 'ArrowDown') by(-room * KEY_STEP);
    else if (event.key === 'Home') by(room);
    else if (event.key === 'End') by(-room);
    else if (event.key === 'Enter') setSize((s) => ({ ...s, collapsed: false, maximised: !s.maximised }));
    else return;
    event.preventDefault();
  };
  const restore = () => {
    writeDockHeight(browserStorage(), DEFAULT_DOCK_HEIGHT);
    setSize({ height: DEFAULT_DOCK_HEIGHT, collapsed: false, maximised: false });
  };

  const controls = useMemo<DockControls>(
    () => ({
      collapsed,
      maximised,
      // Folding one opens the other first, so the two are never folded together.
      toggleCollapsed: () => setSize((s) => ({ ...s, collapsed: !s.collapsed, maximised: false })),
      toggleMaximised: () => setSize((s) => ({ ...s, maximised: !s.maximised, collapsed: false })),
      open: () => setSize((s) => (s.collapsed ? { ...s, collapsed: false } : s)),
    }),
    [collapsed, maximised],
  );

  return (
    <DockContext.Provider value={controls}>
      <div ref={group} className="cf-center" id="cf-center" data-maximised={maximised || undefined} data-collapsed={collapsed || undefined}>
        <div id="cf-canvas-panel" className="cf-center__canvas">
          {canvas}
        </div>
        <div
          className="cf-dock-divider"
          id="dock-divider"
          data-testid="dock-divider"
          role="separator"
          aria-orientation="horizontal"
          aria-controls="cf-dock-panel"
          aria-valuenow={Math.round(size.height)}
          aria-label="Resize the dock (arrow keys; double-click restores its height)"
          title="Drag to resize the dock; double-click to restore its height"
          tabIndex={0}
          data-separator={pointer}
          onPointerEnter={() => setPointer((p) => (p === 'active' ? p : 'hover'))}
          onPointerLeave={() => setPointer((p) => (p === 'active' ? p : 'inactive'))}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          onKeyDown={onKeyDown}
          onDoubleClick={restore}
        />
        <div id="cf-dock-panel" ref={dockPanel} className="cf-center__dock" style={collapsed || maximised ? undefined : { height: size.height }}>
          {dock}
        </div>
      </div>
    </DockContext.Provider>
  );
}
