/**
 * The canvas over the dock, split by react-resizable-panels (DockLayout.tsx: the first frame lays
 * the same boxes out without it; this takes over once loaded). The panels size with CSS flex; the
 * canvas and the dock are elements of DockLayout's (portals) placed in the panels, so a drag
 * re-renders no canvas component: React Flow only sees its box resize.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { Group, Panel, Separator, usePanelRef, type PanelImperativeHandle } from 'react-resizable-panels';
import {
  browserStorage,
  DEFAULT_DOCK_HEIGHT,
  DOCK_TABS_HEIGHT,
  MIN_DOCK_HEIGHT,
  readDockHeight,
} from './dockHeight';
import { writeDockHeight } from './writeDockHeight';
import { Slot, type DockControls } from './DockLayout';

export interface ResizableDockProps {
  /** The element the canvas is rendered into. */
  canvas: HTMLElement;
  /** The element the dock is rendered into. */
  dock: HTMLElement;
  /** Told the dock's controls each time they change. */
  onControls(controls: DockControls): void;
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

export function ResizableDock({ canvas, dock, onControls }: ResizableDockProps) {
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
  useEffect(() => onControls(controls), [controls, onControls]);

  return (
    <Group orientation="vertical" className="cf-center" id="cf-center" onLayoutChanged={onLayoutChanged}>
      <Panel id="cf-canvas-panel" panelRef={canvasPanel} className="cf-center__canvas" minSize={120} collapsible collapsedSize={0} onResize={onCanvasResize}>
        <Slot element={canvas} className="cf-center__slot-holder" />
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
        <Slot element={dock} className="cf-center__slot-holder" />
      </Panel>
    </Group>
  );
}
