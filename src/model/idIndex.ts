/**
 * A string → index map for module and edge ids, built for speed on large flows: every cost pass
 * builds one for all module ids, so at 10,000 modules it must cost well under a millisecond.
 *
 * An open-addressing hash table: the ids and their indices in two dense arrays, and an
 * Int32Array of hash slots pointing into them. JavaScript Maps were slower here, and noisy
 * between processes: one Map of 10,000 ids lands in V8's large-object space and growing it cost
 * 3–7 ms on some runs; 16 sharded Maps still cost ~1.7 ms a pass to fill and query, against
 * ~1.1 ms for this. The first occurrence of an id wins.
 */
export class IdIndex {
  /** The distinct ids in the order added, and the index given with each. */
  private readonly keys: string[] = [];
  /** Sized with the slots: at most half of them and one are taken before the table grows. */
  private values: Int32Array;
  /** Hash slot → position in `keys` + 1 (0 = empty). */
  private slots: Int32Array;
  private mask: number;

  /** `expected`: how many ids will be added (the table then never grows). */
  constructor(expected = 8) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.values = new Int32Array((capacity >> 1) + 1);
  }

  /** The distinct ids in the order added (read-only: the index's own list). */
  get ids(): readonly string[] {
    return this.keys;
  }

  /** Number of distinct ids. */
  get size(): number {
    return this.keys.length;
  }

  /** Adds `id` at `index` (a position: an integer, 0 ≤ index < 2³¹) unless it is already there; returns false for a duplicate. */
  add(id: string, index: number): boolean {
    if (typeof id !== 'string') return false;
    const { keys, slots, mask } = this;
    let slot = hashOf(id) & mask;
    let at: number;
    while ((at = slots[slot]!) !== 0) {
      if (keys[at - 1] === id) return false;
      slot = (slot + 1) & mask;
    }
    const k = keys.length;
    keys.push(id);
    this.values[k] = index;
    slots[slot] = k + 1;
    if ((k + 1) * 2 > mask + 1) this.grow();
    return true;
  }

  get(id: string): number | undefined {
    if (typeof id !== 'string') return undefined;
    const { keys, slots, mask } = this;
    let slot = hashOf(id) & mask;
    let at: number;
    while ((at = slots[slot]!) !== 0) {
      if (keys[at - 1] === id) return this.values[at - 1];
      slot = (slot + 1) & mask;
    }
    return undefined;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const slots = new Int32Array(capacity);
    const mask = capacity - 1;
    const keys = this.keys;
    for (let k = 0; k < keys.length; k++) {
      let slot = hashOf(keys[k]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = k + 1;
    }
    this.slots = slots;
    this.mask = mask;
    const values = new Int32Array((capacity >> 1) + 1);
    values.set(this.values);
    this.values = values;
  }
}

/** FNV-1a over the UTF-16 code units, with a final mix so that ids differing in one digit spread out. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 12);
}

/**
 * A read-only map from id to value backed by an `IdIndex` and an array, so that pricing a
 * 10,000-module flow builds no large Map. Iterates in index order (the flow's order).
 */
export class IndexedMap<V> implements ReadonlyMap<string, V> {
  private readonly indexOf: () => IdIndex;

  constructor(
    index: IdIndex | (() => IdIndex),
    /** Index → id, in order (duplicates of an id are skipped: the first occurrence wins). */
    private readonly ids: readonly (string | undefined)[],
    /** The value at an index (may build it on first use). */
    private readonly valueAt: (index: number) => V,
  ) {
    this.indexOf = typeof index === 'function' ? index : () => index;
  }

  private get index(): IdIndex {
    return this.indexOf();
  }

  get size(): number {
    return this.index.size;
  }

  get(key: string): V | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.valueAt(i);
  }

  has(key: string): boolean {
    return this.index.get(key) !== undefined;
  }

  *entries(): MapIterator<[string, V]> {
    for (let i = 0; i < this.ids.length; i++) {
      const id = this.ids[i];
      if (id !== undefined && this.index.get(id) === i) yield [id, this.valueAt(i)];
    }
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this);
  }
}
