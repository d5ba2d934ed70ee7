import { FORBIDDEN_KEYS, MAX_DOCUMENT_DEPTH } from './limits';
import { formatPath, type PathSegment } from './jsonKeys';

export interface SanitizeReport {
  /** Paths of the `__proto__` / `constructor` / `prototype` keys that were removed. */
  dropped: string[];
  /** The first path nested deeper than the limit, if any (the walk stops there). */
  tooDeep?: PathSegment[];
  /**
   * Own keys of every object walked, counted before any is removed: with jsonText's countKeys,
   * how parseFlow knows a text has no key given twice without a second scan. Partial when the walk
   * stopped at the depth cap.
   */
  keys: number;
}

/**
 * Walks a value fresh from `JSON.parse` (without recursion) and removes, in place, every key
 * that could reach a prototype. `JSON.parse` itself makes `__proto__` an own data property,
 * so nothing is polluted yet; removing those keys keeps later copies (spreads, assignments,
 * zod's copies of unknown keys) from ever setting a prototype. Also stops at the depth cap.
 */
export function sanitizeParsed(root: unknown, maxDepth: number = MAX_DOCUMENT_DEPTH): SanitizeReport {
  const keys = cleanKeyCount(root, maxDepth);
  return keys === -1 ? sanitizeWithPaths(root, maxDepth) : { dropped: [], keys };
}

/**
 * The own keys of every object of a value with no forbidden key and no object past the depth cap
 * (what sanitizeWithPaths would count), else -1. Changes nothing and allocates no path or list
 * per object: a 10,000-module file is almost always clean (issue 19), and only a value that is
 * not is walked again with paths.
 */
function cleanKeyCount(root: unknown, maxDepth: number): number {
  if (typeof root !== 'object' || root === null) return 0;
  // JSON.parse's objects inherit from Object.prototype: while it has no enumerable key, every key
  // `for…in` gives them is their own, and asking each (one call per key, ~140,000 in a
  // 10,000-module file) is spared. Any other object is asked key by key.
  const plainOwn = !hasEnumerableKey(Object.prototype);
  const values: object[] = [root];
  const depths: number[] = [0];
  let keys = 0;
  while (values.length > 0) {
    const value = values.pop()!;
    const depth = depths.pop()! + 1;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (typeof child !== 'object' || child === null) continue;
        if (depth > maxDepth) return -1;
        values.push(child);
        depths.push(depth);
      }
      continue;
    }
    const record = value as Record<string, unknown>;
    const ask = !plainOwn || Object.getPrototypeOf(record) !== Object.prototype;
    for (const key in record) {
      if (ask && !Object.prototype.hasOwnProperty.call(record, key)) continue;
      keys++;
      if (FORBIDDEN_KEYS.has(key)) return -1;
      const child = record[key];
      if (typeof child !== 'object' || child === null) continue;
      if (depth > maxDepth) return -1;
      values.push(child);
      depths.push(depth);
    }
  }
  return keys;
}

function hasEnumerableKey(value: object): boolean {
  for (const key in value) if (key !== undefined) return true;
  return false;
}

/**
 * The walk that removes forbidden keys and names where (and where the depth cap is passed).
 * sanitizeParsed gives what it gives (sanitize.test.ts).
 */
export function sanitizeWithPaths(root: unknown, maxDepth: number): SanitizeReport {
  const dropped: string[] = [];
  let keys = 0;
  // Each entry knows its parent and key, so a path is only built when one is reported.
  interface Entry {
    value: object;
    key: PathSegment;
    parent: Entry | null;
    depth: number;
  }
  const pathOf = (entry: Entry): PathSegment[] => {
    const path: PathSegment[] = [];
    for (let e: Entry | null = entry; e && e.parent; e = e.parent) path.push(e.key);
    return path.reverse();
  };
  if (typeof root !== 'object' || root === null) return { dropped, keys };
  const stack: Entry[] = [{ value: root, key: '', parent: null, depth: 0 }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.depth > maxDepth) return { dropped, tooDeep: pathOf(entry), keys };
    const value = entry.value;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const child: unknown = value[i];
        if (typeof child === 'object' && child !== null) stack.push({ value: child, key: i, parent: entry, depth: entry.depth + 1 });
      }
      continue;
    }
    const record = value as Record<string, unknown>;
    const own = Object.keys(record);
    keys += own.length;
    for (let k = own.length - 1; k >= 0; k--) {
      const key = own[k]!;
      if (FORBIDDEN_KEYS.has(key)) {
        delete record[key];
        dropped.push(formatPath([...pathOf(entry), key]));
        continue;
      }
      const child = record[key];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, key, parent: entry, depth: entry.depth + 1 });
    }
  }
  return { dropped, keys };
}
