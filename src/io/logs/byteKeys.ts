/**
 * Short byte strings (a log's run and module fields) interned to small numbers without making a
 * string per row: a hash table over the bytes themselves. A million rows of a hundred modules
 * and ten thousand runs make a hundred and ten thousand keys, each decoded to text once.
 */

const EMPTY = -1;

/** FNV-1a over bytes[from, to). */
function hashOf(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

export class ByteKeys {
  private slots = new Int32Array(256).fill(EMPTY);
  private hashes = new Int32Array(64);
  private offsets = new Int32Array(65);
  private pool = new Uint8Array(1024);
  private size = 0;

  /** Keys interned so far; keys are numbered 0, 1, 2… in order of arrival. */
  get count(): number {
    return this.size;
  }

  /** The number of the key bytes[from, to), interning it if it is new (numbered `count` then). */
  intern(bytes: Uint8Array, from: number, to: number): number {
    const h = hashOf(bytes, from, to);
    const mask = this.slots.length - 1;
    const length = to - from;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const key = this.slots[s]!;
      if (key === EMPTY) break;
      if (this.hashes[key] !== h) continue;
      const at = this.offsets[key]!;
      if (this.offsets[key + 1]! - at !== length) continue;
      let same = true;
      for (let i = 0; i < length; i++)
        if (this.pool[at + i] !== bytes[from + i]) {
          same = false;
          break;
        }
      if (same) return key;
    }
    return this.add(bytes, from, to, h);
  }

  private add(bytes: Uint8Array, from: number, to: number, h: number): number {
    const key = this.size++;
    if (this.size >= this.hashes.length) {
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const offsets = new Int32Array(this.hashes.length + 1);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    const at = this.offsets[key]!;
    if (at + (to - from) > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, at + (to - from)));
      pool.set(this.pool.subarray(0, at));
      this.pool = pool;
    }
    this.pool.set(bytes.subarray(from, to), at);
    this.offsets[key + 1] = at + (to - from);
    this.hashes[key] = h;
    if (this.size * 2 > this.slots.length) this.rehash();
    else this.place(key);
    return key;
  }

  private place(key: number): void {
    const mask = this.slots.length - 1;
    let s = this.hashes[key]! & mask;
    while (this.slots[s] !== EMPTY) s = (s + 1) & mask;
    this.slots[s] = key;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    for (let key = 0; key < this.size; key++) this.place(key);
  }
}
