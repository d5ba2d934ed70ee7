import type { StorageLike } from '../persistence';

/** A Storage (localStorage) in memory that can be told to be full. */
export class MemoryStorage implements StorageLike {
  items = new Map<string, string>();
  full = false;
  writes = 0;
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.full) throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    this.writes++;
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}
