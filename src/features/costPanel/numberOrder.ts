/**
 * Positions 0..n-1 ordered by a number each, ties in position order, without a comparator: the
 * cost table's order by credits at 100,000 modules was 80–140 ms of comparator calls in one task
 * (docs/performance.md); a radix sort over the numbers' bits is a few passes over typed arrays.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const MASK = BUCKETS - 1;

/**
 * The positions of `values` from the smallest number to the largest (the largest first when
 * `descending`), equal numbers (0 and -0 too) in position order either way: what a stable sort by
 * `a < b ? -1 : a > b ? 1 : 0` gives. Null when a value is NaN (no order to match).
 */
export function orderByNumber(values: ArrayLike<number>, descending: boolean): Uint32Array | null {
  const n = values.length;
  const numbers = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== v) return null;
    numbers[i] = v === 0 ? 0 : v; // -0 sorts with 0
  }
  // Each number's bits as two unsigned words that order as the numbers do: a negative number's
  // bits all flipped (larger magnitude, smaller number), a positive one's sign bit set.
  const words = new Uint32Array(numbers.buffer);
  const [hiAt, loAt] = LITTLE_ENDIAN ? [1, 0] : [0, 1];
  const high = new Uint32Array(n);
  const low = new Uint32Array(n);
  const flip = descending ? 0xffffffff : 0;
  for (let i = 0; i < n; i++) {
    let h = words[2 * i + hiAt]!;
    let l = words[2 * i + loAt]!;
    if (h & 0x80000000) {
      h = ~h;
      l = ~l;
    } else h |= 0x80000000;
    high[i] = (h ^ flip) >>> 0;
    low[i] = (l ^ flip) >>> 0;
  }
  // Least significant digit first; each pass keeps the order of equal digits, so ties stay in position order.
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const count = new Uint32Array(BUCKETS);
  for (const word of [low, high])
    for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
      count.fill(0);
      for (let i = 0; i < n; i++) count[(word[i]! >>> shift) & MASK]!++;
      if (count[(word[0]! >>> shift) & MASK] === n) continue; // every number has this digit: nothing moves
      let sum = 0;
      for (let b = 0; b < BUCKETS; b++) {
        const c = count[b]!;
        count[b] = sum;
        sum += c;
      }
      for (let k = 0; k < n; k++) {
        const i = order[k]!;
        next[count[(word[i]! >>> shift) & MASK]!++] = i;
      }
      [order, next] = [next, order];
    }
  return order;
}
