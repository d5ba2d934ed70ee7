import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findDuplicateKeys, findJsonSyntaxError, formatPath, lineColumnAt, locatePaths, writesMoreKeys } from './jsonText';

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

  it('names invisible characters by their escape, never printing them raw', () => {
    expect(findJsonSyntaxError('{"a": "x\u0000y"}')?.message).toBe('A NUL byte (\\u0000) inside a string: write it as \\u0000');
    expect(findJsonSyntaxError('{"a": "x\ty"}')?.message).toBe('A tab inside a string: write it as \\t');
    expect(findJsonSyntaxError('{"a": \u001b[2J}')?.message).toBe('Expected a value, found an invisible control character (\\u001b)');
    expect(findJsonSyntaxError('{"a": 1}\u202e')?.message).toBe('More after the end of the JSON value: found an invisible control character (\\u202e) where the file should end');
    for (const c of ['\u0000', '\u001b', '\u0007', '\u009b', '\u202e']) {
      const message = findJsonSyntaxError(`{"a": "${c}"}`)?.message ?? findJsonSyntaxError(`{"a": ${c}}`)?.message;
      expect(message).toBeDefined();
      expect(message).not.toContain(c);
    }
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

  it('counts a lone CR, a CRLF and an LF each as one line break', () => {
    expect(lineColumnAt('a\rb\rc', 4)).toEqual({ line: 3, column: 1 });
    expect(lineColumnAt('a\r\nb\r\nc', 6)).toEqual({ line: 3, column: 1 });
    expect(lineColumnAt('a\r\n\r\nb', 2)).toEqual({ line: 1, column: 3 }); // the LF of a CRLF is on its line
    expect(lineColumnAt('a\n\rb\r', 3)).toEqual({ line: 3, column: 1 }); // LF then CR is two breaks
    // a file saved with old-Mac line ends: the error on its fourth line
    expect(findJsonSyntaxError('{\r  "a": 1,\r  "b": 2\r  "c": 3\r}')).toMatchObject({ line: 4, column: 3 });
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

describe('findDuplicateKeys', () => {
  it('finds each key given twice in one object, at its second place, with the first', () => {
    const text = '{\n  "version": 1,\n  "modules": [{ "id": "a", "id": "b" }],\n  "version": 2,\n  "modules": []\n}';
    expect(findDuplicateKeys(text)).toEqual([
      { path: ['modules', 0, 'id'], line: 3, column: 28, first: { line: 3, column: 17 } },
      { path: ['version'], line: 4, column: 3, first: { line: 2, column: 3 } },
      { path: ['modules'], line: 5, column: 3, first: { line: 3, column: 3 } },
    ]);
  });

  it('compares keys by their value, not their spelling', () => {
    expect(findDuplicateKeys('{"a": 1, "\\u0061": 2}')).toEqual([{ path: ['a'], line: 1, column: 10, first: { line: 1, column: 2 } }]);
  });

  it('does not confuse the same key in different objects, or a key with a value', () => {
    expect(findDuplicateKeys('{"a": {"a": "a"}, "b": [{"a": 1}, {"a": 2}], "c": {"b": 1}}')).toEqual([]);
  });

  it('agrees with JSON.parse: a text has a duplicate exactly when rebuilding it from the parsed value drops a key (property)', () => {
    const key = fc.constantFrom('a', 'b', 'c');
    const obj = fc.array(fc.tuple(key, fc.oneof(fc.integer(), fc.constant({}))), { maxLength: 5 });
    fc.assert(
      fc.property(obj, (pairs) => {
        const text = `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
        const distinct = new Set(pairs.map(([k]) => k)).size;
        expect(findDuplicateKeys(text)).toHaveLength(pairs.length - distinct);
        expect(Object.keys(JSON.parse(text) as object)).toHaveLength(distinct);
      }),
    );
  });
});

/** Own keys of every object in a parsed value, as sanitizeParsed counts them. */
function ownKeys(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
  return (Array.isArray(value) ? 0 : children.length) + children.reduce<number>((sum, child) => sum + ownKeys(child), 0);
}

describe('writesMoreKeys', () => {
  const said = (text: string) => writesMoreKeys(text, ownKeys(JSON.parse(text)));

  it('is false for text without a key given twice, whatever its strings hold', () => {
    expect(said('{"a": 1, "b": {"a": 2}}')).toBe(false);
    expect(said('{"url": "https://x.test/a:b", "t": "12:00", "q": "say \\": \\"hi\\"", "e": "\\\\"}')).toBe(false);
    expect(said('[":", {"\\":": ":"}, "\\"", 1]')).toBe(false);
    expect(said('"a:b"')).toBe(false);
  });

  it('is true when an object has a key twice, spelled alike or not', () => {
    expect(said('{"a": 1, "a": 2}')).toBe(true);
    expect(said('{"x": [{"k:": ":", "k:"  :  ":"}]}')).toBe(true);
    expect(said('{"a": 1, "\\u0061": 2}')).toBe(true);
  });

  it('agrees with findDuplicateKeys on any JSON, keys and strings full of quotes, colons and backslashes (property)', () => {
    type Node = { obj: [string, Node][] } | { arr: Node[] } | { leaf: string | number };
    const chars = fc.string({ unit: fc.constantFrom('a', ':', '"', '\\', ' ') });
    const { node } = fc.letrec<{ node: Node }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.oneof(chars, fc.integer()).map((leaf) => ({ leaf })),
        fc.array(tie('node'), { maxLength: 3 }).map((arr) => ({ arr })),
        fc.array(fc.tuple(fc.oneof(fc.constantFrom('a', 'b'), chars), tie('node')), { maxLength: 4 }).map((obj) => ({ obj })),
      ),
    }));
    const write = (n: Node, gap: string): string =>
      'leaf' in n
        ? JSON.stringify(n.leaf)
        : 'arr' in n
          ? `[${n.arr.map((x) => write(x, gap)).join(`,${gap}`)}]`
          : `{${gap}${n.obj.map(([k, x]) => `${JSON.stringify(k)}${gap}:${gap}${write(x, gap)}`).join(`,${gap}`)}}`;
    fc.assert(
      fc.property(node, fc.constantFrom('', ' ', '\n  ', '\t'), (n, gap) => {
        const text = write(n, gap);
        expect(said(text)).toBe(findDuplicateKeys(text).length > 0);
      }),
      { numRuns: 300 },
    );
  });
});
