/**
 * What the far-zoom canvas draws (FarCanvas.tsx), derived from the document: one card per module
 * (its place and size, kind colour or heat colour, selection, problem marker) and one line per
 * edge, grouped by how they are painted so a frame strokes a few paths, not thousands; and when the
 * canvas takes over from React Flow's DOM nodes. Pure: the drawing and the events live in the
 * component, everything they decide on is here.
 */
import type { Edge, Module, ModuleType, Position } from '../model/types';
import type { Problem } from '../model/problems';
import { MODULE_KINDS } from '../model/modules/registry';
import { heatColour } from '../ui/heat';
import { createGridIndex, gridIndexSteps, type Box, type GridIndex } from './gridIndex';
import { runToEnd } from '../scheduling/slices';
import { edgeProblems, moduleProblems } from './hooks';
import { ESTIMATED_NODE_SIZE, type Measured } from './mapping';
import type { DragPreview } from './dragPreview';

export { FAR_CANVAS_ABOVE, FAR_ZOOM, paintsFarCanvas } from './farZoom';

/** The theme's colours the canvas paints with (CSS custom properties of the canvas, read when the theme changes). */
export interface FarPalette {
  surface: string;
  border: string;
  edge: string;
  edgeSelected: string;
  accent: string;
  danger: string;
  warning: string;
}

/** A light theme's colours, used when the page's custom properties cannot be read. */
export const DEFAULT_PALETTE: FarPalette = {
  surface: '#ffffff',
  border: '#e4e6eb',
  edge: '#a3a9b6',
  edgeSelected: '#5b5bd6',
  accent: '#5b5bd6',
  danger: '#dc2626',
  warning: '#d97706',
};

function rgbOf(colour: string): [number, number, number] | null {
  const text = colour.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(text);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : null;
}

/**
 * `color-mix(in srgb, a share, b)` as the far cards' CSS writes it, as an rgb() colour the canvas
 * takes. A colour it cannot read is returned unmixed (`a`, or `b` if `a` is the unreadable one).
 */
export function mixColour(a: string, share: number, b: string): string {
  const x = rgbOf(a);
  const y = rgbOf(b);
  if (!x) return y ? b : a;
  if (!y) return a;
  const [r, g, bl] = x.map((v, i) => Math.round(v * share + y[i]! * (1 - share)));
  return `rgb(${r}, ${g}, ${bl})`;
}

export type Severity = 'error' | 'warning' | null;

export interface FarCard extends Box {
  id: string;
  name: string;
  fill: string;
  stroke: string;
  selected: boolean;
  severity: Severity;
}

export interface FarLink {
  id: string;
  /** The modules it joins (a drag redraws the links of the modules it moves). */
  source: string;
  target: string;
  /** The path's corners in flow coordinates: x0, y0, x1, y1, … */
  points: number[];
  /** Its bounding box, for skipping links out of view. */
  box: Box;
}

/** Links painted alike (one path, one stroke per frame). */
export interface FarLinkGroup {
  colour: string;
  width: number;
  dashed: boolean;
  links: FarLink[];
}

/** Cards painted alike. */
export interface FarCardGroup {
  fill: string;
  stroke: string;
  cards: FarCard[];
}

/** What a frame paints: cards and links grouped by paint (a whole scene, or a part of one). */
export interface FarPicture {
  /** In drawing order: the last one is on top (the one a click takes). */
  cards: FarCard[];
  cardGroups: FarCardGroup[];
  linkGroups: FarLinkGroup[];
}

export interface FarScene extends FarPicture {
  byId: ReadonlyMap<string, FarCard>;
  index: GridIndex;
  /** The box around every card (null without modules). */
  bounds: Box | null;
}

export interface FarSceneInput {
  modules: readonly Pick<Module, 'id' | 'type' | 'name' | 'position'>[];
  edges: readonly Edge[];
  measured: ReadonlyMap<string, Measured>;
  /** Where the modules being dragged are drawn until the drop. */
  preview: DragPreview | null;
  selectedModules: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  /** Each module's credits per run and the run total (for the heat colour). */
  credits: (id: string) => number | undefined;
  total: number;
  problems: readonly Problem[];
  heatmap: boolean;
  palette: FarPalette;
}

function severityOf(list: readonly Problem[]): Severity {
  if (list.length === 0) return null;
  return list.some((p) => p.severity === 'error') ? 'error' : 'warning';
}

/** Link widths in flow units, as the DOM edges draw them. */
export const LINK_WIDTH = 1.5;
export const SELECTED_LINK_WIDTH = 2;

/**
 * The path a link takes, as React Flow's smooth-step edge does without its rounded corners: down
 * from the source's bottom centre to half way, across, down into the target's top centre; an error
 * branch leaves the source's right side, goes across, then down.
 */
export function linkPoints(source: Box, target: Box, error: boolean): number[] {
  const tx = target.x + target.width / 2;
  const ty = target.y;
  if (error) {
    const sx = source.x + source.width;
    const sy = source.y + source.height / 2;
    return [sx, sy, tx, sy, tx, ty];
  }
  const sx = source.x + source.width / 2;
  const sy = source.y + source.height;
  const mid = (sy + ty) / 2;
  return [sx, sy, sx, mid, tx, mid, tx, ty];
}

export function boxOf(points: readonly number[]): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < points.length; i += 2) {
    minX = Math.min(minX, points[i]!);
    maxX = Math.max(maxX, points[i]!);
    minY = Math.min(minY, points[i + 1]!);
    maxY = Math.max(maxY, points[i + 1]!);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** The far view of a document: what FarCanvas paints and hit-tests (its index built at the first look-up). */
export function farScene(input: FarSceneInput): FarScene {
  return runToEnd(farSceneSteps(input, false));
}

/**
 * Modules or edges put in the scene between two yields of farSceneSteps: a step well under a
 * millisecond, so a slice ends near its budget however loaded the machine (the slice checks the
 * time after each step; 1,000 a step made 10 ms slices of 150–300 ms under load).
 */
const ITEMS_A_STEP = 200;

/**
 * farScene in steps (scheduling/slices.ts: 100,000 modules are hundreds of ms of work), yielding after each
 * ITEMS_A_STEP modules or edges; with `indexed`, the index is built in steps too, before the scene
 * is given (else at its first look-up).
 */
export function* farSceneSteps(input: FarSceneInput, indexed: boolean): Generator<void, FarScene> {
  const { palette } = input;
  const kindColours = new Map<ModuleType, { fill: string; stroke: string }>();
  const cardColours = (type: ModuleType, heat: string | null) => {
    // The heatmap paints a far card in its heat colour, else in its kind's (the far CSS cards' mix).
    if (heat) return { fill: heat, stroke: heat };
    let colours = kindColours.get(type);
    if (!colours) {
      const kind = MODULE_KINDS[type]?.colour ?? palette.border;
      colours = { fill: mixColour(kind, 0.22, palette.surface), stroke: mixColour(kind, 0.6, palette.border) };
      kindColours.set(type, colours);
    }
    return colours;
  };

  const cards: FarCard[] = [];
  const byId = new Map<string, FarCard>();
  const groups = new Map<string, FarCardGroup>();
  let step = 0;
  for (const module of input.modules) {
    if (++step % ITEMS_A_STEP === 0) yield;
    if (byId.has(module.id)) continue; // duplicate ids are a schema error; draw the first, as the DOM does
    const position: Position = input.preview?.get(module.id) ?? module.position;
    const size = input.measured.get(module.id) ?? ESTIMATED_NODE_SIZE;
    const credits = input.credits(module.id);
    const heat = input.heatmap && credits !== undefined ? heatColour(input.total > 0 ? credits / input.total : 0) : null;
    const { fill, stroke } = cardColours(module.type, heat);
    const card: FarCard = {
      id: module.id,
      name: module.name,
      x: position.x,
      y: position.y,
      width: size.width,
      height: size.height,
      fill,
      stroke,
      selected: input.selectedModules.has(module.id),
      severity: severityOf(moduleProblems(input.problems, module.id)),
    };
    cards.push(card);
    byId.set(module.id, card);
    const groupKey = `${fill}|${stroke}`;
    const group = groups.get(groupKey);
    if (group) group.cards.push(card);
    else groups.set(groupKey, { fill, stroke, cards: [card] });
  }

  const linkGroups = yield* farLinkSteps(input, (id) => byId.get(id));

  let bounds: Box | null = null;
  if (cards.length > 0) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const c of cards) {
      if (++step % ITEMS_A_STEP === 0) yield;
      minX = Math.min(minX, c.x);
      minY = Math.min(minY, c.y);
      maxX = Math.max(maxX, c.x + c.width);
      maxY = Math.max(maxY, c.y + c.height);
    }
    bounds = { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
  }

  let index: GridIndex | null = indexed ? yield* gridIndexSteps(cards) : null;
  return {
    cards,
    cardGroups: [...groups.values()],
    linkGroups,
    byId,
    // Built at the first look-up: a drag repaints a new scene every frame and looks nothing up.
    get index() {
      index ??= createGridIndex(cards);
      return index;
    },
    bounds,
  };
}

/** What the links of a picture are drawn from. */
export type FarLinksInput = Pick<FarSceneInput, 'edges' | 'selectedEdges' | 'problems' | 'palette'>;

/**
 * The links of `input.edges` between the boxes `cardOf` gives their modules (an edge with an end
 * that has none is left out), grouped by how they are painted, the selected ones last so they are
 * painted over the others; yields after every ITEMS_A_STEP edges.
 */
export function* farLinkSteps(input: FarLinksInput, cardOf: (id: string) => Box | undefined): Generator<void, FarLinkGroup[]> {
  const { palette } = input;
  const linkGroups = new Map<string, FarLinkGroup>();
  let step = 0;
  for (const edge of input.edges) {
    if (++step % ITEMS_A_STEP === 0) yield;
    const source = cardOf(edge.source);
    const target = cardOf(edge.target);
    if (!source || !target) continue;
    const selected = input.selectedEdges.has(edge.id);
    const severity = severityOf(edgeProblems(input.problems, edge.id));
    const failure = edge.error === true;
    // As the DOM edges: selected in the accent, an error branch dashed red, a problem in its colour.
    const colour = selected ? palette.edgeSelected : failure || severity === 'error' ? palette.danger : severity === 'warning' ? palette.warning : palette.edge;
    const width = selected ? SELECTED_LINK_WIDTH : LINK_WIDTH;
    const key = `${colour}|${width}|${failure}`;
    const points = linkPoints(source, target, failure);
    const link: FarLink = { id: edge.id, source: edge.source, target: edge.target, points, box: boxOf(points) };
    const group = linkGroups.get(key);
    if (group) group.links.push(link);
    else linkGroups.set(key, { colour, width, dashed: failure, links: [link] });
  }
  return [...linkGroups.values()].sort((a, b) => Number(a.colour === palette.edgeSelected) - Number(b.colour === palette.edgeSelected));
}

/** The modules a drag of `pressed` moves: the whole selection when it is part of it, else it alone (as React Flow does). */
export function draggedModules(pressed: string, selected: readonly string[]): string[] {
  return selected.includes(pressed) ? [...selected] : [pressed];
}

/** `value` on the snap grid when snapping is on. */
export function snapped(value: number, grid: number | null): number {
  return grid ? Math.round(value / grid) * grid : value;
}
