import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sanitizeParsed, sanitizeWithPaths } from './sanitize';

/** Any JSON text, with keys that could reach a prototype here and there. */
const jsonWithForbiddenKeys = fc
  .tuple(fc.jsonValue({ maxDepth: 6 }), fc.array(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.nat(), fc.jsonValue({ maxDepth: 1 })), { maxLength: 3 }))
  .map(([value, inserts]) => {
    let text = JSON.stringify(value);
    for (const [key, at, inner] of inserts) {
      // The key goes first into the at-th object of the text, if it has any.
      const braces = [...text.matchAll(/\{/g)].map((m) => m.index);
      if (braces.length === 0) continue;
      const i = braces[at % braces.length]! + 1;
      text = `${text.slice(0, i)}${JSON.stringify(key)}:${JSON.stringify(inner)}${text[i] === '}' ? '' : ','}${text.slice(i)}`;
    }
    return text;
  })
  .filter((text) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  });

describe('sanitizeParsed', () => {
  it('answers as the walk with paths does, and leaves the value as it leaves it (property)', () => {
    let forbidden = 0;
    fc.assert(
      fc.property(jsonWithForbiddenKeys, fc.integer({ min: 0, max: 8 }), (text, maxDepth) => {
        if (/"(__proto__|constructor|prototype)":/.test(text)) forbidden++;
        const fast = JSON.parse(text) as unknown;
        const slow = JSON.parse(text) as unknown;
        expect(sanitizeParsed(fast, maxDepth)).toEqual(sanitizeWithPaths(slow, maxDepth));
        expect(fast).toEqual(slow);
      }),
      { numRuns: 500 },
    );
    expect(forbidden).toBeGreaterThan(100);
  });

  it('removes a forbidden key and names it; counts every own key', () => {
    const value = JSON.parse('{"a": {"__proto__": {"x": 1}, "b": [{"constructor": 2}]}, "c": 3}') as Record<string, unknown>;
    expect(sanitizeParsed(value)).toEqual({ dropped: ['a.__proto__', 'a.b[0].constructor'], keys: 5 });
    expect(JSON.stringify(value)).toBe('{"a":{"b":[{}]},"c":3}');
    expect(sanitizeParsed(JSON.parse('{"a": {"b": [1, {"c": 2}]}, "d": 3}'))).toEqual({ dropped: [], keys: 4 });
    expect(sanitizeParsed(JSON.parse('[[[{"a": 1}]]]'), 2)).toEqual({ dropped: [], keys: 0, tooDeep: [0, 0, 0] });
  });

  it('counts only own keys when an object inherits enumerable ones (another prototype, or an Object.prototype given one)', () => {
    const inheriting = Object.assign(Object.create({ inherited: 1, other: 2 }) as Record<string, unknown>, { own: { x: 1 } });
    expect(sanitizeParsed({ a: inheriting, b: 2 })).toEqual({ dropped: [], keys: 4 });
    const proto = Object.prototype as Record<string, unknown>;
    proto.pollutedForTheTest = true;
    try {
      expect(sanitizeParsed(JSON.parse('{"a": {"b": 1}, "c": [{"d": 2}]}'))).toEqual({ dropped: [], keys: 4 });
    } finally {
      delete proto.pollutedForTheTest;
    }
  });
});
