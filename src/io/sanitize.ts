import { FORBIDDEN_KEYS, MAX_DOCUMENT_DEPTH } from './limits';
import { formatPath, type PathSegment } from './jsonText';

export interface SanitizeReport {
  /** Paths of the `__proto__` / `constructor` / `prototype` keys that were removed. */
  dropped: string[];
  /** The first path nested deeper than the limit, if any (the walk stops there). */
  tooDeep?: PathSegment[];
}

/**
 * Walks a value fresh from `JSON.parse` (without recursion) and removes, in place, every key
 * that could reach a prototype. `JSON.parse` itself makes `__proto__` an own data property,
 * so nothing is polluted yet; removing those keys keeps later copies (spreads, assignments,
 * zod's copies of unknown keys) from ever setting a prototype. Also stops at the depth cap.
 */
export function sanitizeParsed(root: unknown, maxDepth = MAX_DOCUMENT_DEPTH): SanitizeReport {
  const dropped: string[] = [];
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length > maxDepth) return { dropped, tooDeep: path };
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      if (FORBIDDEN_KEYS.has(key)) {
        delete record[key];
        dropped.push(formatPath([...path, key]));
        continue;
      }
      stack.push({ value: record[key], path: [...path, key] });
    }
  }
  return { dropped };
}
