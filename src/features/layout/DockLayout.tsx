/**
 * The centre column: the canvas over the bottom dock, split by a divider the user drags (or moves
 * with the arrow keys once focused), double-clicks to restore the default height, and whose
 * height is remembered per browser. The dock can collapse to its tab bar or take the full height
 * (the canvas then folds to nothing and comes back as it was).
 *
 * react-resizable-panels sizes the two panels with CSS flex; the canvas element passed in keeps
 * its identity, so a drag re-renders no canvas component: React Flow only sees its box resize.
 */
import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useState, type ReactNode } from 'react';
import { Group, Panel, Separator, usePanelRef, type PanelImperativeHandle } from 'react-resizable-panels';
import {
  browserStorage,
  DEFAULT_DOCK_HEIGHT,
  DOCK_TABS_HEIGHT,
  MIN_DOCK_HEIGHT,
  readDockHeight,
  writeDockHeight,
} from './dockHeight';

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

/** Folds `panel` (the other one opens first, so the two are never folded together), or opens it again. */
function fold(panel: PanelImperativeHandle | null, other: PanelImperativeHandle | null): void {
  if (!panel) return;
  if (panel.isCollapsed()) {
    panel.expand();
    return;
  }
  other?.expand();
  panel.collapse();
}

/** Pixels of the panel's size, as the library reports them: sizes are whole pixels or close. */
const near = (a: number, b: number) => Math.abs(a - b) < 1.5;

export function DockLayout({ canvas, dock }: { canvas: ReactNode; dock: ReactNode }) {
  const dockPanel = usePanelRef();
  const canvasPanel = usePanelRef();
  const [collapsed, setCollapsed] = useState(false);
  const [maximised, setMaximised] = useState(false);

  // The remembered height, applied before the first paint (the default stays what a double-click restores).
  useLayoutEffect(() => {
    const height = readDockHeight(browserStorage());
    if (height !== null) dockPanel.current?.resize(height);
  }, [dockPanel]);

  // Only two booleans follow the drag: React bails out while they do not change.
  const onDockResize = useCallback((size: { inPixels: number }) => {
    setCollapsed(near(size.inPixels, DOCK_TABS_HEIGHT));
  }, []);
  const onCanvasResize = useCallback((size: { inPixels: number }) => {
    setMaximised(size.inPixels < 1);
  }, []);
  /** Remembers the height a person chose (after a drag or a key, not on every pixel). */
  const onLayoutChanged = useCallback(
    (_: unknown, meta: { isUserInteraction: boolean }) => {
      if (!meta.isUserInteraction) return;
      const size = dockPanel.current?.getSize().inPixels;
      const canvasSize = canvasPanel.current?.getSize().inPixels ?? 0;
      if (size !== undefined && canvasSize >= 1) writeDockHeight(browserStorage(), size);
    },
    [dockPanel, canvasPanel],
  );

  const controls = useMemo<DockControls>(
    () => ({
      collapsed,
      maximised,
      toggleCollapsed: () => fold(dockPanel.current, canvasPanel.current),
      toggleMaximised: () => fold(canvasPanel.current, dockPanel.current),
      open: () => {
        if (dockPanel.current?.isCollapsed()) dockPanel.current.expand();
      },
    }),
    [collapsed, maximised, dockPanel, canvasPanel],
  );

  return (
    <DockContext.Provider value={controls}>
      <Group orientation="vertical" className="cf-center" id="cf-center" onLayoutChanged={onLayoutChanged}>
        <Panel id="cf-canvas-panel" panelRef={canvasPanel} className="cf-center__canvas" minSize={120} collapsible collapsedSize={0} onResize={onCanvasResize}>
          {canvas}
        </Panel>
        <Separator
          className="cf-dock-divider"
          id="dock-divider"
          data-testid="dock-divider"
          aria-label="Resize the dock (arrow keys; double-click restores its height)"
          title="Drag to resize the dock; double-click to restore its height"
          onDoubleClick={() => writeDockHeight(browserStorage(), DEFAULT_DOCK_HEIGHT)}
        />
        <Panel
          id="cf-dock-panel"
          panelRef={dockPanel}
          className="cf-center__dock"
          defaultSize={DEFAULT_DOCK_HEIGHT}
          minSize={MIN_DOCK_HEIGHT}
          collapsible
          collapsedSize={DOCK_TABS_HEIGHT}
          groupResizeBehavior="preserve-pixel-size"
          onResize={onDockResize}
        >
          {dock}
        </Panel>
      </Group>
    </DockContext.Provider>
  );
}
