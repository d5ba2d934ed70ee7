import { describe, expect, it } from 'vitest';
import { DEFAULT_PALETTE, farScene } from './farScene';
import { MOST_UNCOVERED, PAINTED_IN_SLICES_ABOVE, createViewPainter, shiftOf, uncoveredStrips } from './farPan';
import { paintFarScene, type FarView } from './farPaint';
import type { Problem } from '../model/problems';
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

describe('a large flow painted in slices', () => {
  // A grid of modules, a line of links, a selection and a problem: every kind of drawing command.
  const count = PAINTED_IN_SLICES_ABOVE + 1_500;
  const modules = Array.from({ length: count }, (_, i) => ({
    id: `m${i}`,
    type: i % 3 === 0 ? ('action' as const) : ('code' as const),
    name: `M${i}`,
    position: { x: (i % 150) * 300, y: Math.floor(i / 150) * 200 },
  }));
  const big = farScene({
    modules,
    edges: modules.slice(1).map((m, i) => ({ id: `e${i}`, source: `m${i}`, target: m.id, ...(i % 7 === 0 ? { error: true } : {}) })),
    measured: new Map(),
    preview: null,
    selectedModules: new Set(['m3', 'm5000']),
    selectedEdges: new Set(['e10']),
    credits: (id) => Number(id.slice(1)) % 5,
    total: 4,
    problems: [{ severity: 'error', code: 'x', message: 'x', moduleId: 'm7' } as Problem],
    heatmap: true,
    palette: DEFAULT_PALETTE,
  });
  const view = (zoom: number): FarView => ({ scene: big, palette: DEFAULT_PALETTE, transform: [10, 20, zoom], width: 800, height: 600, dpr: 2 });
  /** A clock that moves 1 ms each time it is read: a slice of 10 ms runs a few steps. */
  const ticking = () => {
    let t = 0;
    return () => ++t;
  };
  /** The calls of the last picture painted on a recording layer (from its clear on). */
  const lastPicture = (calls: { name: string; args: unknown[] }[]) => calls.slice(calls.map((c) => c.name).lastIndexOf('clearRect') - 1);

  it("adds every shape of every path under the view's transform", () => {
    const once = recorder(1600, 1200);
    paintFarScene(once.ctx, big, view(0.05));
    let transform: unknown[] = [];
    const wrong = new Set<string>();
    for (const { name, args } of once.calls) {
      if (name === 'setTransform') transform = args;
      else if (['moveTo', 'lineTo', 'rect', 'roundRect'].includes(name) && transform.join() !== [0.1, 0, 0, 0.1, 20, 40].join()) wrong.add(`${name} at ${transform.join()}`);
    }
    expect([...wrong]).toEqual([]);
    expect(once.calls.filter((c) => c.name === 'rect').length).toBeGreaterThan(1_000);
  });

  it('paints the same picture as a paint at once, a slice a frame, showing it as far as it has come', () => {
    const once = recorder(1600, 1200);
    const shown = paintFarScene(once.ctx, big, view(0.05));
    const { made, newLayer } = layers();
    const painter = createViewPainter(newLayer, ticking());
    const screen = recorder(800, 600);
    let frames = 0;
    let result: number | null = null;
    while ((result = painter.paint(screen.ctx, view(0.05))) === null) frames++;
    expect(frames).toBeGreaterThan(3);
    expect(result).toBe(shown);
    expect(result).toBeGreaterThan(0);
    // Every frame showed the layer being painted (the first paint has no picture before it).
    const copies = screen.calls.filter((c) => c.name === 'drawImage');
    expect(copies).toHaveLength(frames + 1);
    expect(new Set(copies.map((c) => c.args[0]))).toEqual(new Set([made[0]!.canvas]));
    // The layer holds the very commands of the paint at once, in its order.
    expect(lastPicture(made[0]!.calls)).toEqual(once.calls);
    // Each slice made the browser rasterise what it drew (a one-pixel copy onto a scratch canvas).
    expect(made[1]!.calls.filter((c) => c.name === 'drawImage')).toHaveLength(frames + 1);
  });

  it('shows the last picture moved and scaled while the picture of a new zoom is painted, then the new one', () => {
    const { made, newLayer } = layers();
    const painter = createViewPainter(newLayer, ticking());
    const screen = recorder(800, 600);
    while (painter.paint(screen.ctx, view(0.05)) === null);
    const first = made[0]!.canvas;
    const from = screen.calls.length;
    expect(painter.paint(screen.ctx, view(0.1))).toBeNull();
    // Twice the zoom: the old picture drawn twice as large, placed so the flow's origin stays at (10, 20) CSS px.
    const standIn = screen.calls.slice(from).find((c) => c.name === 'drawImage')!;
    expect(standIn.args).toEqual([first, (10 - 10 * 2) * 2, (20 - 20 * 2) * 2, first.width * 2, first.height * 2]);
    let last: number | null = null;
    while ((last = painter.paint(screen.ctx, view(0.1))) === null);
    const once = recorder(1600, 1200);
    expect(last).toBe(paintFarScene(once.ctx, big, view(0.1)));
    const second = made.find((l) => l.canvas !== first && l.canvas.width === 1600)!;
    expect(lastPicture(second.calls)).toEqual(once.calls);
    expect(screen.calls.at(-1)!.args[0]).toBe(second.canvas);
  });

  it('lets a picture being painted go when the view moves back to the one shown', () => {
    const { newLayer } = layers();
    const painter = createViewPainter(newLayer, ticking());
    const screen = recorder(800, 600);
    while (painter.paint(screen.ctx, view(0.05)) === null);
    expect(painter.paint(screen.ctx, view(0.1))).toBeNull();
    expect(painter.paint(screen.ctx, view(0.05))).toBeGreaterThan(0);
  });
});
