import { describe, expect, it } from 'vitest';
import type { Edge } from '../model/types';
import type { Problem } from '../model/problems';
import { MODULE_KINDS } from '../model/modules/registry';
import { heatColour } from '../ui/heat';
import {
  DEFAULT_PALETTE,
  FAR_CANVAS_ABOVE,
  FAR_ZOOM,
  draggedModules,
  farScene,
  farSceneSteps,
  linkPoints,
  mixColour,
  paintsFarCanvas,
  snapped,
  type FarSceneInput,
} from './farScene';
import { ESTIMATED_NODE_SIZE } from './mapping';
import { generateFlow } from '../model/generate';

const modules: FarSceneInput['modules'] = [
  { id: 'a', type: 'trigger', name: 'Start', position: { x: 0, y: 0 } },
  { id: 'b', type: 'action', name: 'Send mail', position: { x: 0, y: 200 } },
  { id: 'c', type: 'action', name: 'On failure', position: { x: 400, y: 200 } },
];
const edges: Edge[] = [
  { id: 'e1', source: 'a', target: 'b' },
  { id: 'e2', source: 'b', target: 'c', error: true },
  { id: 'e3', source: 'b', target: 'gone' },
];

function input(over: Partial<FarSceneInput> = {}): FarSceneInput {
  return {
    modules,
    edges,
    measured: new Map(),
    preview: null,
    selectedModules: new Set(),
    selectedEdges: new Set(),
    credits: (id) => ({ a: 0, b: 30, c: 10 })[id],
    total: 40,
    problems: [],
    heatmap: false,
    palette: DEFAULT_PALETTE,
    ...over,
  };
}

describe('when the far canvas paints the flow', () => {
  it('below the readable zoom, in a flow larger than the threshold, not while comparing', () => {
    expect(paintsFarCanvas(FAR_ZOOM - 0.01, FAR_CANVAS_ABOVE + 1, false)).toBe(true);
    expect(paintsFarCanvas(FAR_ZOOM, FAR_CANVAS_ABOVE + 1, false)).toBe(false);
    expect(paintsFarCanvas(0.1, FAR_CANVAS_ABOVE, false)).toBe(false);
    expect(paintsFarCanvas(0.1, 10_000, true)).toBe(false);
  });
});

describe('mixColour', () => {
  it('mixes as CSS color-mix in srgb does, and keeps a colour it cannot read', () => {
    expect(mixColour('#ff0000', 0.25, '#0000ff')).toBe('rgb(64, 0, 191)');
    expect(mixColour('#fff', 1, '#000')).toBe('rgb(255, 255, 255)');
    expect(mixColour('rgb(10, 20, 30)', 0, '#000000')).toBe('rgb(0, 0, 0)');
    expect(mixColour('papayawhip', 0.5, '#000')).toBe('#000');
    expect(mixColour('#123456', 0.5, 'nope')).toBe('#123456');
  });
});

describe('farScene', () => {
  it('places each module as a card of its measured size, or the estimated card size before it is measured', () => {
    const scene = farScene(input({ measured: new Map([['b', { width: 232, height: 120 }]]) }));
    expect(scene.cards.map((c) => [c.id, c.x, c.y, c.width, c.height])).toEqual([
      ['a', 0, 0, ESTIMATED_NODE_SIZE.width, ESTIMATED_NODE_SIZE.height],
      ['b', 0, 200, 232, 120],
      ['c', 400, 200, ESTIMATED_NODE_SIZE.width, ESTIMATED_NODE_SIZE.height],
    ]);
    expect(scene.bounds).toEqual({ x: 0, y: 0, width: 632, height: 320 });
  });

  it('draws a module being dragged where the preview has it', () => {
    const scene = farScene(input({ preview: new Map([['c', { x: 900, y: 50 }]]) }));
    expect(scene.byId.get('c')).toMatchObject({ x: 900, y: 50 });
    expect(scene.index.at(910, 60)).toBe(2);
  });

  it('paints cards in their kind colour, or their heat colour with the heatmap on', () => {
    const plain = farScene(input());
    const action = MODULE_KINDS.action.colour;
    expect(plain.byId.get('b')).toMatchObject({ fill: mixColour(action, 0.22, DEFAULT_PALETTE.surface), stroke: mixColour(action, 0.6, DEFAULT_PALETTE.border) });
    expect(plain.cardGroups).toHaveLength(2); // the trigger's colour and the two actions'
    const heat = farScene(input({ heatmap: true }));
    expect(heat.byId.get('b')!.fill).toBe(heatColour(30 / 40));
    expect(heat.byId.get('a')!.fill).toBe(heatColour(0));
    expect(heat.byId.get('c')!.fill).toBe(heatColour(10 / 40));
  });

  it('marks selection and the worst problem of each module', () => {
    const problems: Problem[] = [
      { severity: 'warning', code: 'w', moduleId: 'a', message: 'w' },
      { severity: 'warning', code: 'w', moduleId: 'b', message: 'w' },
      { severity: 'error', code: 'e', moduleId: 'b', message: 'e' },
      { severity: 'error', code: 'edge', moduleId: 'c', edgeId: 'e2', message: 'an edge problem is not the module’s' },
    ];
    const scene = farScene(input({ problems, selectedModules: new Set(['c']) }));
    expect(scene.cards.map((c) => [c.id, c.severity, c.selected])).toEqual([
      ['a', 'warning', false],
      ['b', 'error', false],
      ['c', null, true],
    ]);
  });

  it('draws the edges between drawn modules: an error branch dashed red, a selected one in the accent on top', () => {
    const scene = farScene(input({ selectedEdges: new Set(['e1']) }));
    const groups = scene.linkGroups.map((g) => ({ colour: g.colour, dashed: g.dashed, ids: g.links.map((l) => l.id) }));
    expect(groups).toEqual([
      { colour: DEFAULT_PALETTE.danger, dashed: true, ids: ['e2'] },
      { colour: DEFAULT_PALETTE.edgeSelected, dashed: false, ids: ['e1'] },
    ]);
  });

  it('routes a link from the bottom centre to the top centre, and an error branch from the right side', () => {
    const source = { x: 0, y: 0, width: 100, height: 50 };
    const target = { x: 200, y: 150, width: 100, height: 50 };
    expect(linkPoints(source, target, false)).toEqual([50, 50, 50, 100, 250, 100, 250, 150]);
    expect(linkPoints(source, target, true)).toEqual([100, 25, 250, 25, 250, 150]);
  });

  it('hit-tests the card on top', () => {
    const overlapping = [...modules, { id: 'd', type: 'action' as const, name: 'Over b', position: { x: 10, y: 210 } }];
    const scene = farScene(input({ modules: overlapping }));
    expect(scene.cards[scene.index.at(20, 220)]!.id).toBe('d');
    expect(scene.cards[scene.index.at(5, 205)]!.id).toBe('b');
  });

  it('draws the first of duplicate ids only, and an empty flow as nothing', () => {
    const scene = farScene(input({ modules: [...modules, { ...modules[0]!, position: { x: 999, y: 999 } }] }));
    expect(scene.cards).toHaveLength(3);
    expect(scene.byId.get('a')!.x).toBe(0);
    const empty = farScene(input({ modules: [], edges: [] }));
    expect(empty.bounds).toBeNull();
    expect(empty.index.at(0, 0)).toBe(-1);
  });
});

describe('a drag on the far canvas', () => {
  it('moves the whole selection when the pressed module is in it, else the pressed module alone', () => {
    expect(draggedModules('b', ['a', 'b'])).toEqual(['a', 'b']);
    expect(draggedModules('c', ['a', 'b'])).toEqual(['c']);
  });

  it('snaps to the grid when snapping is on', () => {
    expect(snapped(23, 16)).toBe(16);
    expect(snapped(25, 16)).toBe(32);
    expect(snapped(25, null)).toBe(25);
  });
});

describe('the far scene of a large flow, in steps', () => {
  it('is the scene made at once, with its index, made in steps of a thousand modules or edges', () => {
    const flow = generateFlow({ modules: 5_000, seed: 7 });
    const large = input({ modules: flow.modules, edges: flow.edges, credits: () => undefined, total: 0 });
    const steps = farSceneSteps(large, true);
    let yields = 0;
    let step = steps.next();
    while (!step.done) {
      yields++;
      step = steps.next();
    }
    // Each step does a bounded share of the work: one step per thousand modules or edges, and the index's.
    expect(yields).toBeGreaterThanOrEqual(Math.floor((flow.modules.length + flow.edges.length) / 1_000));
    const whole = farScene(large);
    expect(step.value.cards).toEqual(whole.cards);
    expect(step.value.linkGroups).toEqual(whole.linkGroups);
    const first = flow.modules[0]!.position;
    expect(step.value.cards[step.value.index.at(first.x + 1, first.y + 1)]!.id).toBe(whole.cards[whole.index.at(first.x + 1, first.y + 1)]!.id);
  });
});
