/**
 * A drag on the far canvas (FarCanvas.tsx), painted without repainting the flow on every frame: at
 * the drag's first frame everything that stays put (every card but the dragged ones, every link
 * but theirs) is painted once into a layer of its own, at the canvas's pixel size; each frame then
 * copies that layer and paints the dragged modules and their links on top, where the pointer has
 * them. The layer is painted again only when what it shows changes: the scene (the flow, the
 * selection, problems, heat), the theme's colours, the view (pan or zoom), the canvas's size, or
 * which modules are dragged.
 *
 * The dragged modules and their links are drawn over the rest while the drag lasts (as React Flow
 * raises a dragged node); at the drop the document takes the move and the whole scene is painted
 * in its usual order again.
 */
import type { Position } from '../model/types';
import { boxOf, linkPoints, type FarCard, type FarCardGroup, type FarLinkGroup, type FarPicture, type FarScene } from './farScene';
import { copyLayer, drawFarScene, fitToPixels, paintFarScene, type FarView, type LayerCanvas } from './farPaint';

/** The dragged modules' part of a scene, and the rest. */
export interface DragSplit {
  /** Everything that stays put: the layer. */
  rest: FarPicture;
  /** The dragged cards in the scene's drawing order, and by paint group. */
  cards: FarCard[];
  cardGroups: { fill: string; stroke: string; cards: FarCard[] }[];
  /** The links with a dragged end, by paint group (the scene's order, selected last). */
  linkGroups: { colour: string; width: number; dashed: boolean; links: { id: string; source: FarCard; target: FarCard }[] }[];
}

/** Splits `scene` into what a drag of `dragged` moves (those cards and every link touching one) and the rest. */
export function splitForDrag(scene: FarScene, dragged: ReadonlySet<string>): DragSplit {
  const restCardGroups: FarCardGroup[] = [];
  const cardGroups: DragSplit['cardGroups'] = [];
  for (const group of scene.cardGroups) {
    const moved = group.cards.filter((c) => dragged.has(c.id));
    if (moved.length === 0) {
      restCardGroups.push(group);
      continue;
    }
    cardGroups.push({ fill: group.fill, stroke: group.stroke, cards: moved });
    const kept = group.cards.filter((c) => !dragged.has(c.id));
    if (kept.length > 0) restCardGroups.push({ ...group, cards: kept });
  }
  const restLinkGroups: FarLinkGroup[] = [];
  const linkGroups: DragSplit['linkGroups'] = [];
  for (const group of scene.linkGroups) {
    const moved = group.links.filter((l) => dragged.has(l.source) || dragged.has(l.target));
    if (moved.length === 0) {
      restLinkGroups.push(group);
      continue;
    }
    const links = moved.flatMap((l) => {
      const source = scene.byId.get(l.source);
      const target = scene.byId.get(l.target);
      return source && target ? [{ id: l.id, source, target }] : [];
    });
    linkGroups.push({ colour: group.colour, width: group.width, dashed: group.dashed, links });
    const kept = group.links.filter((l) => !dragged.has(l.source) && !dragged.has(l.target));
    if (kept.length > 0) restLinkGroups.push({ ...group, links: kept });
  }
  return {
    rest: { cards: scene.cards.filter((c) => !dragged.has(c.id)), cardGroups: restCardGroups, linkGroups: restLinkGroups },
    cards: scene.cards.filter((c) => dragged.has(c.id)),
    cardGroups,
    linkGroups,
  };
}

/** The dragged modules and their links with the dragged ones at `positions` (a module not in it stays where the scene has it). */
export function movedPicture(split: DragSplit, positions: ReadonlyMap<string, Position>): FarPicture {
  const placed = new Map<string, FarCard>();
  const at = (card: FarCard): FarCard => {
    const position = positions.get(card.id);
    if (!position) return card;
    let moved = placed.get(card.id);
    if (!moved) {
      moved = { ...card, x: position.x, y: position.y };
      placed.set(card.id, moved);
    }
    return moved;
  };
  const cardGroups = split.cardGroups.map((g) => ({ fill: g.fill, stroke: g.stroke, cards: g.cards.map(at) }));
  const linkGroups = split.linkGroups.map((g) => ({
    colour: g.colour,
    width: g.width,
    dashed: g.dashed,
    links: g.links.map((l) => {
      const points = linkPoints(at(l.source), at(l.target), g.dashed);
      return { id: l.id, source: l.source.id, target: l.target.id, points, box: boxOf(points) };
    }),
  }));
  return { cards: split.cards.map(at), cardGroups, linkGroups };
}

/** What one drag frame shows besides the dragged modules' positions; the layer is painted again when any of it changes. */
export interface DragView extends FarView {
  /** The modules dragged. */
  dragged: ReadonlySet<string>;
}

export interface DragPainter {
  /**
   * Paints one frame of a drag on `ctx` (a canvas of the view's size at its pixel ratio): the
   * layer, painted first if what it shows changed, then the dragged modules at `positions`.
   * Returns how many cards are in view.
   */
  paint(ctx: CanvasRenderingContext2D, view: DragView, positions: ReadonlyMap<string, Position>): number;
  /** Lets the layer go (the drag is over). */
  forget(): void;
}

const sameView = (a: DragView, b: DragView) =>
  a.scene === b.scene &&
  a.palette === b.palette &&
  a.transform === b.transform &&
  a.width === b.width &&
  a.height === b.height &&
  a.dpr === b.dpr &&
  a.dragged === b.dragged;

/** A painter of drag frames whose layer is a canvas made by `newLayer`. */
export function createDragPainter(newLayer: () => LayerCanvas): DragPainter {
  let cached: { view: DragView; layer: LayerCanvas; split: DragSplit; shown: number } | null = null;
  return {
    paint(ctx, view, positions) {
      const { scene, width, height, dpr } = view;
      if (!cached || !sameView(cached.view, view)) {
        const layer = cached?.layer ?? newLayer();
        fitToPixels(layer, width, height, dpr);
        const split = cached && cached.view.scene === scene && cached.view.dragged === view.dragged ? cached.split : splitForDrag(scene, view.dragged);
        const layerCtx = layer.getContext('2d');
        const shown = layerCtx ? paintFarScene(layerCtx, split.rest, view) : 0;
        cached = { view, layer, split, shown };
      }
      copyLayer(ctx, cached.layer);
      return cached.shown + drawFarScene(ctx, movedPicture(cached.split, positions), view);
    },
    forget() {
      cached = null;
    },
  };
}
