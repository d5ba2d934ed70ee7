import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findJsonSyntaxError, formatPath, lineColumnAt, locatePaths } from './jsonText';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('findJsonSyntaxError', { timeout: 60_000 }, () => {
  it('accepts valid JSON', () => {
    for (const text of ['{}', '[]', ' 1 ', '"a\\u00e9\\n"', '{"a":[1,-2.5e3,true,false,null,{"b":{}}]}', '\n\t[ ]\r\n'])
      expect(findJsonSyntaxError(text)).toBeNull();
  });

  it.each([
    ['{"a": 1,\n  "b": }', 2, 8, 'Expected a value'],
    ['{"a": 1\n "b": 2}', 2, 2, "Expected ',' or '}'"],
    ['{"a": [1, 2,]}', 1, 13, 'trailing comma'],
    ['{\'a\': 1}', 1, 2, 'double quotes'],
    ['{"a": "x', 1, 7, 'never closed'],
    ['{"a": NaN}', 1, 7, 'NaN and Infinity'],
    ['{"a": 1} x', 1, 10, 'after the end'],
    ['{"a": 1', 1, 8, "closing '}'"],
    ['{"a": "\\q"}', 1, 8, 'Bad escape'],
    ['{"a": "line\nbreak"}', 1, 12, 'line break'],
    ['// note\n{}', 1, 1, 'Comments'],
    ['{"a": -}', 1, 7, 'not a valid number'],
    ['{"a" 1}', 1, 6, "Expected ':'"],
  ])('places the error in %j at line %i, column %i', (text, line, column, words) => {
    const error = findJsonSyntaxError(text);
    expect(error).not.toBeNull();
    expect(error!.line).toBe(line);
    expect(error!.column).toBe(column);
    expect(error!.message.toLowerCase()).toContain(words.toLowerCase());
  });

  it('survives 100,000 nested brackets', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(99_999);
    const error = findJsonSyntaxError(deep);
    expect(error?.message).toContain("closing ']'");
    expect(findJsonSyntaxError('['.repeat(100_000) + ']'.repeat(100_000))).toBeNull();
  });

  it('agrees with JSON.parse on random JSON-like text', () => {
    const token = fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '"', '1', '-', '0', '.5', 'e3', 'true', 'nul', 'null', ' ', '\n', '\\', 'x');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 20 }).map((t) => t.join('')), (text) => {
        expect(findJsonSyntaxError(text) === null).toBe(parses(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with JSON.parse on real JSON cut at a random place', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, cut) => {
        const text = JSON.stringify(value, null, 1);
        const cutText = text.slice(0, cut % (text.length + 1));
        expect(findJsonSyntaxError(text)).toBeNull();
        expect(findJsonSyntaxError(cutText) === null).toBe(parses(cutText));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('lineColumnAt and locatePaths', () => {
  it('counts lines and columns from 1', () => {
    expect(lineColumnAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });

  it('formats paths the way messages show them', () => {
    expect(formatPath(['modules', 2, 'assumptions', 'retries'])).toBe('modules[2].assumptions.retries');
    expect(formatPath([])).toBe('');
  });

  it('finds where a value starts, or its closest ancestor when it is missing', () => {
    const text = '{\n  "modules": [\n    { "id": "m1" },\n    { "id": "m2", "assumptions": { "retries": -1 } }\n  ]\n}';
    const found = locatePaths(text, [
      ['modules', 1, 'assumptions', 'retries'],
      ['modules', 0, 'name'],
    ]);
    const line4 = text.split('\n')[3]!;
    expect(found.get('modules[1].assumptions.retries')).toEqual({ line: 4, column: line4.indexOf('-1') + 1 });
    expect(found.get('modules[0].name')).toEqual({ line: 3, column: 5 });
  });
});
