/**
 * A layered, top-down layout in near-linear time, for large flows (issue 19: 1,000 modules laid out
 * in under a second; elk, loaded and compiled afresh in its worker for each layout, takes seconds
 * there). Same input and output as elk's layered algorithm (an elk graph: boxes and edges in, the
 * boxes' x and y out), so the auto-layout swaps one for the other by size (commands/layout.ts).
 *
 * 1. Order: a depth-first walk from the modules nothing leads to, in the flow's order; an edge
 *    that goes back in that order (a loop) counts as reversed, so the rest is acyclic.
 * 2. Layers: each module one layer below the lowest module leading to it (longest path).
 * 3. Places: layer by layer downwards, each module under the mean of the modules leading to it;
 *    then upwards, each over the mean of those it leads to; then downwards again. Within a layer
 *    modules keep the order of their wished places and at least `nodeGap` apart, as near to
 *    their wishes as that allows (the mean of packing from the left and from the right).
 *
 * Long edges are not routed around modules (elk's are): fine at the scale this is used for.
 */

export interface LayeredBox {
  id: string;
  width?: number;
  height?: number;
}

export interface LayeredGraph {
  children?: LayeredBox[];
  edges?: { sources: string[]; targets: string[] }[];
}

export interface LayeredSpacing {
  nodeGap: number;
  layerGap: number;
}

/** The boxes of `graph` with their x and y (top-left corners, from 0). */
export function layOutLayered(graph: LayeredGraph, spacing: LayeredSpacing): { id: string; x: number; y: number }[] {
  const boxes = graph.children ?? [];
  const n = boxes.length;
  const index = new Map<string, number>();
  boxes.forEach((b, i) => index.set(b.id, i));
  const out: number[][] = boxes.map(() => []);
  for (const e of graph.edges ?? []) {
    const s = index.get(e.sources[0] ?? '');
    const t = index.get(e.targets[0] ?? '');
    if (s !== undefined && t !== undefined && s !== t) out[s]!.push(t);
  }
  const hasIn = new Uint8Array(n);
  for (const targets of out) for (const t of targets) hasIn[t] = 1;

  // 1. Depth-first order (reverse post-order), from the roots first, without recursion.
  const rank = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  let next = n;
  const walk = (root: number) => {
    if (done[root]) return;
    const stack: [number, number][] = [[root, 0]];
    done[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const targets = out[top[0]]!;
      if (top[1] < targets.length) {
        const t = targets[top[1]++]!;
        if (!done[t]) {
          done[t] = 1;
          stack.push([t, 0]);
        }
      } else {
        rank[top[0]] = --next;
        stack.pop();
      }
    }
  };
  for (let i = 0; i < n; i++) if (!hasIn[i]) walk(i);
  for (let i = 0; i < n; i++) walk(i);
  const byRank = new Int32Array(n);
  for (let i = 0; i < n; i++) byRank[rank[i]!] = i;

  // The acyclic graph: every edge from the earlier module in that order to the later one.
  const down: number[][] = boxes.map(() => []);
  const up: number[][] = boxes.map(() => []);
  out.forEach((targets, s) =>
    targets.forEach((t) => {
      const [a, b] = rank[s]! < rank[t]! ? [s, t] : [t, s];
      down[a]!.push(b);
      up[b]!.push(a);
    }),
  );

  // 2. Layers by longest path.
  const layerOf = new Int32Array(n);
  let layers = 0;
  for (let r = 0; r < n; r++) {
    const v = byRank[r]!;
    for (const u of up[v]!) layerOf[v] = Math.max(layerOf[v]!, layerOf[u]! + 1);
    layers = Math.max(layers, layerOf[v]! + 1);
  }
  const inLayer: number[][] = Array.from({ length: layers }, () => []);
  for (let r = 0; r < n; r++) inLayer[layerOf[byRank[r]!]!]!.push(byRank[r]!);

  // 3. Places.
  const width = (v: number) => boxes[v]!.width ?? 0;
  const x = new Float64Array(n);
  const gap = spacing.nodeGap;
  for (const row of inLayer) {
    let at = 0;
    for (const v of row) {
      x[v] = at;
      at += width(v) + gap;
    }
  }
  const centre = (v: number) => x[v]! + width(v) / 2;
  const place = (row: number[], towards: number[][]) => {
    const wish = new Map<number, number>();
    for (const v of row) {
      const near = towards[v]!;
      wish.set(v, near.length === 0 ? centre(v) : near.reduce((sum, u) => sum + centre(u), 0) / near.length);
    }
    row.sort((a, b) => wish.get(a)! - wish.get(b)!);
    const fromLeft = new Float64Array(row.length);
    const fromRight = new Float64Array(row.length);
    row.forEach((v, i) => {
      const wanted = wish.get(v)! - width(v) / 2;
      fromLeft[i] = i === 0 ? wanted : Math.max(wanted, fromLeft[i - 1]! + width(row[i - 1]!) + gap);
    });
    for (let i = row.length - 1; i >= 0; i--) {
      const v = row[i]!;
      const wanted = wish.get(v)! - width(v) / 2;
      fromRight[i] = i === row.length - 1 ? wanted : Math.min(wanted, fromRight[i + 1]! - width(v) - gap);
    }
    row.forEach((v, i) => (x[v] = (fromLeft[i]! + fromRight[i]!) / 2));
  };
  for (let l = 1; l < layers; l++) place(inLayer[l]!, up);
  for (let l = layers - 2; l >= 0; l--) place(inLayer[l]!, down);
  for (let l = 1; l < layers; l++) place(inLayer[l]!, up);

  const tops: number[] = [];
  let y = 0;
  for (const row of inLayer) {
    tops.push(y);
    let tallest = 0;
    for (const v of row) tallest = Math.max(tallest, boxes[v]!.height ?? 0);
    y += tallest + spacing.layerGap;
  }
  let left = 0;
  for (let v = 0; v < n; v++) left = Math.min(left, x[v]!);
  return boxes.map((b, v) => ({ id: b.id, x: x[v]! - left, y: tops[layerOf[v]!]! }));
}
