import { describe, expect, it } from 'vitest';
import type { Edge } from '../model/types';
import { DEFAULT_PALETTE, farScene, linkPoints, type FarSceneInput } from './farScene';
import { createDragPainter, movedPicture, splitForDrag, type DragView } from './farDrag';
import { paintFarScene, type Transform } from './farPaint';
import { recorder, recordingLayers as layers, type Call } from './testing';
import { ESTIMATED_NODE_SIZE } from './mapping';

const modules: FarSceneInput['modules'] = [
  { id: 'a', type: 'trigger', name: 'Start', position: { x: 0, y: 0 } },
  { id: 'b', type: 'action', name: 'Send mail', position: { x: 0, y: 200 } },
  { id: 'c', type: 'action', name: 'On failure', position: { x: 400, y: 200 } },
  { id: 'd', type: 'action', name: 'Log', position: { x: 0, y: 400 } },
];
const edges: Edge[] = [
  { id: 'e1', source: 'a', target: 'b' },
  { id: 'e2', source: 'b', target: 'c', error: true },
  { id: 'e3', source: 'b', target: 'd' },
  { id: 'e4', source: 'a', target: 'c' },
];

function sceneOf(over: Partial<FarSceneInput> = {}) {
  return farScene({
    modules,
    edges,
    measured: new Map(),
    preview: null,
    selectedModules: new Set(['b']),
    selectedEdges: new Set(['e3']),
    credits: () => undefined,
    total: 0,
    problems: [{ severity: 'error', code: 'x', moduleId: 'b', message: 'x' }],
    heatmap: false,
    palette: DEFAULT_PALETTE,
    ...over,
  });
}

const T: Transform = [10, 20, 0.25];

function viewOf(scene: ReturnType<typeof sceneOf>, over: Partial<DragView> = {}): DragView {
  return { scene, palette: DEFAULT_PALETTE, transform: T, width: 800, height: 600, dpr: 2, dragged: new Set(['b']), ...over };
}

/** The segments stroked: each moveTo…lineTo run, as a flat list of points. */
function paths(calls: Call[]): number[][] {
  const out: number[][] = [];
  for (const { name, args } of calls) {
    if (name === 'moveTo') out.push([...(args as number[])]);
    else if (name === 'lineTo') out.at(-1)!.push(...(args as number[]));
  }
  return out;
}

describe('splitForDrag', () => {
  it('takes the dragged cards and every link touching one out of the rest, keeping their paint', () => {
    const scene = sceneOf();
    const split = splitForDrag(scene, new Set(['b']));
    expect(split.rest.cards.map((c) => c.id)).toEqual(['a', 'c', 'd']);
    expect(split.rest.linkGroups.flatMap((g) => g.links.map((l) => l.id))).toEqual(['e4']);
    expect(split.cards.map((c) => c.id)).toEqual(['b']);
    const moved = split.linkGroups.map((g) => ({ colour: g.colour, dashed: g.dashed, ids: g.links.map((l) => l.id) }));
    // As the scene groups them: plain, error branch dashed red, the selected one last (on top).
    expect(moved).toEqual([
      { colour: DEFAULT_PALETTE.edge, dashed: false, ids: ['e1'] },
      { colour: DEFAULT_PALETTE.danger, dashed: true, ids: ['e2'] },
      { colour: DEFAULT_PALETTE.edgeSelected, dashed: false, ids: ['e3'] },
    ]);
    // Every card and link is in exactly one part.
    expect(split.rest.cardGroups.flatMap((g) => g.cards).length + split.cardGroups.flatMap((g) => g.cards).length).toBe(scene.cards.length);
  });

  it('draws the dragged modules at their new places with their links following, the rest where the scene has it', () => {
    const scene = sceneOf();
    const split = splitForDrag(scene, new Set(['b']));
    const picture = movedPicture(split, new Map([['b', { x: 100, y: 300 }]]));
    const b = picture.cards[0]!;
    expect(b).toMatchObject({ id: 'b', x: 100, y: 300, selected: true, severity: 'error', fill: scene.byId.get('b')!.fill });
    const size = { width: ESTIMATED_NODE_SIZE.width, height: ESTIMATED_NODE_SIZE.height };
    const e2 = picture.linkGroups[1]!.links[0]!;
    expect(e2.points).toEqual(linkPoints({ x: 100, y: 300, ...size }, { x: 400, y: 200, ...size }, true));
    const e1 = picture.linkGroups[0]!.links[0]!;
    expect(e1.points).toEqual(linkPoints({ x: 0, y: 0, ...size }, { x: 100, y: 300, ...size }, false));
    // The same as the scene of the document with the move, link for link.
    const after = sceneOf({ modules: modules.map((m) => (m.id === 'b' ? { ...m, position: { x: 100, y: 300 } } : m)) });
    const linksAfter = new Map(after.linkGroups.flatMap((g) => g.links.map((l) => [l.id, l.points])));
    for (const link of picture.linkGroups.flatMap((g) => g.links)) expect(link.points).toEqual(linksAfter.get(link.id));
  });
});

describe('a drag frame', () => {
  it('paints the layer of everything else once per drag, then copies it and paints the dragged module and its links on top', () => {
    const scene = sceneOf();
    const { made, newLayer } = layers();
    const painter = createDragPainter(newLayer);
    const view = viewOf(scene);
    const screen = recorder(1600, 1200);
    for (let i = 1; i <= 5; i++) painter.paint(screen.ctx, view, new Map([['b', { x: 10 * i, y: 200 }]]));
    expect(made).toHaveLength(1);
    const layer = made[0]!;
    // At the canvas's pixel size, painted once: one clear, the rest's three cards' paths.
    expect([layer.canvas.width, layer.canvas.height]).toEqual([1600, 1200]);
    expect(layer.calls.filter((c) => c.name === 'clearRect')).toHaveLength(1);
    // What the layer painted is what the rest alone paints.
    const alone = recorder(1600, 1200);
    paintFarScene(alone.ctx, splitForDrag(scene, view.dragged).rest, view);
    expect(layer.calls).toEqual(alone.calls);
    // Each frame copies the layer, then draws the module where the pointer has it and its links.
    expect(screen.calls.filter((c) => c.name === 'drawImage')).toHaveLength(5);
    const lastFrame = screen.calls.slice(screen.calls.findLastIndex((c) => c.name === 'drawImage'));
    expect(lastFrame[0]!.args[0]).toBe(layer.canvas);
    const size = { width: ESTIMATED_NODE_SIZE.width, height: ESTIMATED_NODE_SIZE.height };
    const b = { x: 50, y: 200, ...size };
    expect(paths(lastFrame)).toEqual([
      linkPoints({ x: 0, y: 0, ...size }, b, false),
      linkPoints(b, { x: 400, y: 200, ...size }, true),
      linkPoints(b, { x: 0, y: 400, ...size }, false),
    ]);
    expect(lastFrame.some((c) => c.name === 'roundRect' && c.args[0] === 50 && c.args[1] === 200)).toBe(true);
  });

  it('paints the layer again when the view, the scene, the colours, the size or the dragged modules change', () => {
    const scene = sceneOf();
    const { made, newLayer, paints } = layers();
    const painter = createDragPainter(newLayer);
    const screen = recorder(1600, 1200);
    const at = new Map([['b', { x: 10, y: 200 }]]);
    const view = viewOf(scene);
    painter.paint(screen.ctx, view, at);
    painter.paint(screen.ctx, view, at);
    expect(paints()).toBe(1);
    painter.paint(screen.ctx, { ...view, transform: [30, 20, 0.25] }, at); // a pan
    expect(paints()).toBe(2);
    const zoomed: DragView = { ...view, transform: [30, 20, 0.3] };
    painter.paint(screen.ctx, zoomed, at);
    painter.paint(screen.ctx, zoomed, at);
    expect(paints()).toBe(3);
    const selected: DragView = { ...zoomed, scene: sceneOf({ selectedModules: new Set(['b', 'c']) }) };
    painter.paint(screen.ctx, selected, at);
    expect(paints()).toBe(4);
    painter.paint(screen.ctx, { ...selected, palette: { ...DEFAULT_PALETTE, edge: '#000000' } }, at);
    expect(paints()).toBe(5);
    painter.paint(screen.ctx, { ...selected, width: 900 }, at);
    expect(paints()).toBe(6);
    expect(made[0]!.canvas.width).toBe(1800);
    painter.paint(screen.ctx, { ...selected, width: 900, dragged: new Set(['b', 'c']) }, at);
    expect(paints()).toBe(7);
    // Let go, a new drag paints a new layer even over the same view.
    painter.forget();
    painter.paint(screen.ctx, view, at);
    expect(made).toHaveLength(2);
    expect(made[1]!.calls.filter((c) => c.name === 'clearRect')).toHaveLength(1);
  });
});
