/**
 * How good a laid-out flow looks, in numbers, to compare elk's options (bench/layoutQuality.ts):
 * modules that overlap (must be none), edges that cross, the edges' total length, and the area the
 * flow takes. An edge is counted as the straight line from the middle of its source's bottom to the
 * middle of its target's top, where the canvas draws its handles in a top-down flow (the canvas
 * draws a curve between the same points: straight lines cross about where the curves do).
 */

/** A module where the layout put it, and its size. */
export interface PlacedBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayoutQuality {
  /** Pairs of modules whose boxes overlap (touching edges do not count). */
  overlaps: number;
  /** Pairs of edges that cross (edges that share a module do not count). */
  crossings: number;
  /** The edges' total length, px. */
  edgeLength: number;
  /** Edges drawn upwards (the target's top above the source's bottom): against the flow's direction. */
  upwardEdges: number;
  /** The bounding box of all modules, px. */
  width: number;
  height: number;
}

interface Segment {
  source: string;
  target: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The quality figures of `boxes` placed as they are, with `edges` between them (edges to unknown modules are left out). */
export function layoutQuality(boxes: readonly PlacedBox[], edges: readonly { source: string; target: string }[]): LayoutQuality {
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const segments: Segment[] = [];
  for (const e of edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t || s === t) continue;
    segments.push({ source: e.source, target: e.target, x1: s.x + s.width / 2, y1: s.y + s.height, x2: t.x + t.width / 2, y2: t.y });
  }
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const b of boxes) {
    left = Math.min(left, b.x);
    top = Math.min(top, b.y);
    right = Math.max(right, b.x + b.width);
    bottom = Math.max(bottom, b.y + b.height);
  }
  return {
    overlaps: overlappingPairs(boxes),
    crossings: crossingPairs(segments),
    edgeLength: Math.round(segments.reduce((sum, g) => sum + Math.hypot(g.x2 - g.x1, g.y2 - g.y1), 0)),
    upwardEdges: segments.filter((g) => g.y2 < g.y1).length,
    width: boxes.length ? right - left : 0,
    height: boxes.length ? bottom - top : 0,
  };
}

/** Pairs of boxes that overlap, by a sweep over x (boxes sorted by their left side). */
function overlappingPairs(boxes: readonly PlacedBox[]): number {
  const sorted = [...boxes].sort((a, b) => a.x - b.x);
  let pairs = 0;
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.x < a.x + a.width; j++) {
      const b = sorted[j]!;
      if (b.y < a.y + a.height && a.y < b.y + b.height) pairs++;
    }
  }
  return pairs;
}

/** Pairs of segments that cross, by a sweep over y (segments sorted by their top end). */
function crossingPairs(segments: readonly Segment[]): number {
  const spans = segments.map((g) => ({ g, top: Math.min(g.y1, g.y2), bottom: Math.max(g.y1, g.y2) })).sort((a, b) => a.top - b.top);
  let pairs = 0;
  for (let i = 0; i < spans.length; i++) {
    const a = spans[i]!;
    for (let j = i + 1; j < spans.length && spans[j]!.top <= a.bottom; j++) {
      const b = spans[j]!.g;
      if (a.g.source === b.source || a.g.source === b.target || a.g.target === b.source || a.g.target === b.target) continue;
      if (cross(a.g, b)) pairs++;
    }
  }
  return pairs;
}

/** Whether two segments cross at a point inside both (touching or collinear segments do not count). */
function cross(a: Segment, b: Segment): boolean {
  const side = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) => Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
  const d1 = side(a.x1, a.y1, a.x2, a.y2, b.x1, b.y1);
  const d2 = side(a.x1, a.y1, a.x2, a.y2, b.x2, b.y2);
  const d3 = side(b.x1, b.y1, b.x2, b.y2, a.x1, a.y1);
  const d4 = side(b.x1, b.y1, b.x2, b.y2, a.x2, a.y2);
  return d1 * d2 < 0 && d3 * d4 < 0;
}
