/**
 * How many modules sit on exactly the same spot as another (rounded to the pixel): a file that
 * says nothing about where its modules go (no positions, or all at 0,0) draws them as one pile.
 * The import lays such a flow out before it is shown.
 */
export function countStacked(positions: Iterable<{ x: number; y: number } | undefined>): number {
  const spots = new Map<number | string, number>();
  let stacked = 0;
  for (const p of positions) {
    if (!p) continue;
    const x = Math.round(p.x);
    const y = Math.round(p.y);
    // One number per pixel inside the canvas's ±10 million (2^26 > 2 × 10^7), text beyond it.
    const key = Math.abs(x) <= 1e7 && Math.abs(y) <= 1e7 ? x * 67_108_864 + y : `${x},${y}`;
    const n = spots.get(key) ?? 0;
    if (n === 1) stacked += 2;
    else if (n > 1) stacked++;
    spots.set(key, n + 1);
  }
  return stacked;
}
