import { describe, expect, it } from 'vitest';
import { DEFAULT_PALETTE, farScene } from './farScene';
import { MOST_UNCOVERED, createViewPainter, shiftOf, uncoveredStrips } from './farPan';
import type { FarView } from './farPaint';
import { recorder, recordingLayers as layers } from './testing';

const scene = farScene({
  modules: [
    { id: 'a', type: 'trigger', name: 'Start', position: { x: 0, y: 0 } },
    { id: 'b', type: 'action', name: 'Send mail', position: { x: 0, y: 400 } },
    { id: 'c', type: 'action', name: 'Far right', position: { x: 3000, y: 0 } },
  ],
  edges: [{ id: 'e1', source: 'a', target: 'b' }],
  measured: new Map(),
  preview: null,
  selectedModules: new Set(),
  selectedEdges: new Set(),
  credits: () => undefined,
  total: 0,
  problems: [],
  heatmap: false,
  palette: DEFAULT_PALETTE,
});

const at = (tx: number, ty: number, zoom = 0.25, over: Partial<FarView> = {}): FarView => ({
  scene,
  palette: DEFAULT_PALETTE,
  transform: [tx, ty, zoom],
  width: 800,
  height: 600,
  dpr: 1,
  ...over,
});

describe('shiftOf', () => {
  it('is how far the view moved when only its place changed, by whole device pixels', () => {
    expect(shiftOf(at(0, 0), at(30, -12))).toEqual({ x: 30, y: -12 });
    expect(shiftOf(at(0, 0, 0.25, { dpr: 2 }), at(0.5, 0, 0.25, { dpr: 2 }))).toEqual({ x: 0.5, y: 0 });
  });

  it('is none after a zoom, a shift of part of a pixel, a new scene, colours or size, or a large move', () => {
    expect(shiftOf(at(0, 0), at(10, 0, 0.3))).toBeNull();
    expect(shiftOf(at(0, 0), at(10.5, 0))).toBeNull();
    expect(shiftOf(at(0, 0), at(10, 0, 0.25, { scene: { ...scene } }))).toBeNull();
    expect(shiftOf(at(0, 0), at(10, 0, 0.25, { palette: { ...DEFAULT_PALETTE } }))).toBeNull();
    expect(shiftOf(at(0, 0), at(10, 0, 0.25, { width: 801 }))).toBeNull();
    expect(shiftOf(at(0, 0), at(800 * MOST_UNCOVERED, 0))).toEqual({ x: 200, y: 0 });
    expect(shiftOf(at(0, 0), at(800 * MOST_UNCOVERED + 1, 0))).toBeNull();
    expect(shiftOf(at(0, 0), at(150, 150))).toBeNull();
  });
});

describe('uncoveredStrips', () => {
  it('are the bare edges a shift leaves, without overlap, covering exactly what the shifted picture does not', () => {
    for (const shift of [{ x: 30, y: 0 }, { x: -30, y: 20 }, { x: 12, y: -7 }, { x: 0, y: -40 }]) {
      const strips = uncoveredStrips(shift, 800, 600);
      const covered = (px: number, py: number) => px >= shift.x && px < 800 + shift.x && py >= shift.y && py < 600 + shift.y;
      const wrong: number[][] = [];
      for (let px = 0.5; px < 800; px += 7)
        for (let py = 0.5; py < 600; py += 7) {
          const inStrips = strips.filter((s) => px >= s.x && px < s.x + s.width && py >= s.y && py < s.y + s.height).length;
          if (inStrips !== (covered(px, py) ? 0 : 1)) wrong.push([px, py]);
        }
      expect(wrong).toEqual([]);
    }
  });
});

describe('a pan of the far canvas', () => {
  it('paints the flow once, then copies it shifted and paints only the uncovered strips', () => {
    const { made, newLayer, paints } = layers();
    const painter = createViewPainter(newLayer);
    const screen = recorder(800, 600);
    expect(painter.paint(screen.ctx, at(0, 0))).toBe(3);
    for (let i = 1; i <= 10; i++) painter.paint(screen.ctx, at(5 * i, -3 * i));
    expect(made).toHaveLength(1);
    expect(paints()).toBe(1);
    const copies = screen.calls.filter((c) => c.name === 'drawImage');
    expect(copies).toHaveLength(11);
    expect(copies.at(-1)!.args).toEqual([made[0]!.canvas, 50, -30]);
    // The last frame clips to its two strips: the left 50 px and the bottom 30 px right of them.
    const last = screen.calls.slice(screen.calls.lastIndexOf(copies.at(-1)!));
    expect(last.filter((c) => c.name === 'rect').map((c) => c.args)).toEqual([
      [0, 0, 50, 600],
      [50, 570, 750, 30],
    ]);
  });

  it('paints the flow again when the zoom, the scene or the canvas changes', () => {
    const { newLayer, paints } = layers();
    const painter = createViewPainter(newLayer);
    const screen = recorder(800, 600);
    painter.paint(screen.ctx, at(0, 0));
    painter.paint(screen.ctx, at(0, 0));
    expect(paints()).toBe(1);
    painter.paint(screen.ctx, at(0, 0, 0.3));
    expect(paints()).toBe(2);
    painter.paint(screen.ctx, at(0, 0, 0.3, { scene: { ...scene } }));
    expect(paints()).toBe(3);
    painter.paint(screen.ctx, at(0, 0, 0.3, { width: 900 }));
    expect(paints()).toBe(4);
  });

  it('counts a card a strip brings into view', () => {
    const { newLayer, paints } = layers();
    const painter = createViewPainter(newLayer);
    const screen = recorder(800, 600);
    // 'c' (x 3000…3232 at zoom 0.25: 750…808 CSS px right of the view's origin) lies just past the right edge, then 55 px in.
    expect(painter.paint(screen.ctx, at(55, 0))).toBe(2);
    expect(painter.paint(screen.ctx, at(-5, 0))).toBe(3);
    expect(paints()).toBe(1);
  });
});
