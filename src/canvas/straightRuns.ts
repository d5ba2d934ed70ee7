/**
 * Links merged into the straight runs they cover, for the edge layer (PaintedEdges.tsx): a link is
 * a path of horizontal and vertical segments (linkPoints), and the thousands of routes of one
 * router share their first segment and overlap along their rows and columns. Stroking the union of
 * each row's and column's segments covers what stroking every link covers (same colour and width in
 * a group), in a few hundred segments instead of hundreds of thousands: a paint of a router's 50,000
 * routes was a raster of hundreds of ms. Not pixel for pixel: a dashed group's dashes restart where
 * the merged runs do, and corners lose their line joins (square ends instead).
 */
import { boxOf, type FarLink, type FarLinkGroup } from './farScene';

/** Segments looked at between two yields of straightRunSteps. */
const SEGMENTS_A_STEP = 1_000;

/** The union of intervals [from, to] given as pairs: disjoint intervals, in order. */
function union(pairs: number[]): number[] {
  const order = Array.from({ length: pairs.length / 2 }, (_, i) => i).sort((a, b) => pairs[2 * a]! - pairs[2 * b]!);
  const out: number[] = [];
  for (const i of order) {
    const from = pairs[2 * i]!;
    const to = pairs[2 * i + 1]!;
    if (out.length > 0 && from <= out[out.length - 1]!) out[out.length - 1] = Math.max(out[out.length - 1]!, to);
    else out.push(from, to);
  }
  return out;
}

/** Adds [from, to] (in either order) to the intervals on `line` of `lines`. */
function add(lines: Map<number, number[]>, line: number, a: number, b: number) {
  const pairs = lines.get(line);
  if (pairs) pairs.push(Math.min(a, b), Math.max(a, b));
  else lines.set(line, [Math.min(a, b), Math.max(a, b)]);
}

/**
 * Each group's links as the straight runs they cover: one link per run of horizontal or vertical
 * segments that touch or overlap on the same line, in the group's paint. A slanted segment (none
 * of linkPoints' paths has one) is kept as it is. Yields after every SEGMENTS_A_STEP segments.
 */
export function* straightRunSteps(groups: readonly FarLinkGroup[]): Generator<void, FarLinkGroup[]> {
  const merged: FarLinkGroup[] = [];
  let step = 0;
  for (const group of groups) {
    const rows = new Map<number, number[]>();
    const columns = new Map<number, number[]>();
    const links: FarLink[] = [];
    const run = (id: string, points: number[]) => links.push({ id, source: '', target: '', points, box: boxOf(points) });
    for (const { id, points } of group.links) {
      for (let i = 0; i + 3 < points.length; i += 2) {
        if (++step % SEGMENTS_A_STEP === 0) yield;
        const [x0, y0, x1, y1] = [points[i]!, points[i + 1]!, points[i + 2]!, points[i + 3]!];
        if (y0 === y1) add(rows, y0, x0, x1);
        else if (x0 === x1) add(columns, x0, y0, y1);
        else run(id, [x0, y0, x1, y1]);
      }
    }
    for (const [y, pairs] of rows) {
      const spans = union(pairs);
      for (let i = 0; i < spans.length; i += 2) run(`row ${y}`, [spans[i]!, y, spans[i + 1]!, y]);
      step += pairs.length / 2;
      if (step >= SEGMENTS_A_STEP) {
        step = 0;
        yield;
      }
    }
    for (const [x, pairs] of columns) {
      const spans = union(pairs);
      for (let i = 0; i < spans.length; i += 2) run(`column ${x}`, [x, spans[i]!, x, spans[i + 1]!]);
      step += pairs.length / 2;
      if (step >= SEGMENTS_A_STEP) {
        step = 0;
        yield;
      }
    }
    merged.push({ ...group, links });
  }
  return merged;
}
