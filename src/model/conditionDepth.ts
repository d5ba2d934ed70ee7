/**
 * How deep filter and route conditions nest, apart from the rest of their typed view
 * (conditions.ts): the recipes check it on every edit of conditions, and are in the page's first
 * download; the reader, the builder's operators and the mappings are not.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * How many levels conditions nest, each group and each rule one level, as toConditionTree counts
 * them. Iterative; stops counting once past `limit`.
 */
export function conditionDepth(conditions: unknown, limit = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[conditions, 1]];
  while (stack.length > 0) {
    const [entry, depth] = stack.pop()!;
    if (!isObject(entry)) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const [key, body] of Object.entries(entry)) {
      if (key.startsWith('@') && Array.isArray(body)) for (const child of body) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}
