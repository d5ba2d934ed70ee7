import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFlow, formatFileError, type FileError, type ParseResult } from './parse';
import { exampleFile } from './testing/exampleFlow';
import { MAX_CONDITION_DEPTH, MAX_FILE_BYTES } from './limits';
import { MAX_ITERATIONS, MAX_NAME_LENGTH } from './limitsLater';
import { CAP_MB, mbOver } from './testing/limitWords';
import { CURRENT_VERSION } from './migrations';
import { MODULE_TYPES } from '../model/types';

const text = (value: unknown): string => JSON.stringify(value, null, 2);

function errorsOf(result: ParseResult): FileError[] {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors;
}

function only(result: ParseResult): FileError {
  const errors = errorsOf(result);
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

function withChange(change: (file: ReturnType<typeof exampleFile>) => void): string {
  const file = exampleFile();
  change(file);
  return text(file);
}

describe('parseFlow: a good file', () => {
  it('reads the example of flow-format.md and migrates it to the current version', () => {
    const result = parseFlow(text(exampleFile()));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.migratedFrom).toBe(1);
    expect(result.value.version).toBe(CURRENT_VERSION);
    expect(result.value.modules.map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(result.value.modules[1]).toMatchObject({ type: 'router', config: { mode: 'exclusive' } });
    expect(result.value.edges[1]!.route).toEqual(exampleFile().edges[1]!.route);
    expect(result.warnings).toBeUndefined();
  });

  it('fills the defaults: router mode standard, aggregator iteratorId "", name, position, settings, edges', () => {
    const result = parseFlow(
      text({ format: 'creditflow', version: CURRENT_VERSION, modules: [{ id: 'r', type: 'router' }, { id: 'a', type: 'aggregator' }] }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.modules[0]).toEqual({ id: 'r', type: 'router', name: 'Router', position: { x: 0, y: 0 }, config: { mode: 'standard' } });
    expect(result.value.modules[1]).toMatchObject({ config: { iteratorId: '' } });
    expect(result.value).toMatchObject({ name: 'Untitled flow', settings: {}, edges: [] });
    expect(result.migratedFrom).toBeUndefined();
  });

  it('keeps unknown fields at every level', () => {
    const result = parseFlow(
      withChange((f) => {
        f.version = 2;
        f.owner = 'sales-ops';
        (f.settings as Record<string, unknown>).timezone = 'Europe/Madrid';
        f.modules[0]!.colour = '#fff';
        (f.modules[0]!.assumptions as Record<string, unknown>).note = 'measured';
        (f.modules[0]!.position as Record<string, unknown>).locked = true;
        f.edges[0]!.label = 'has email';
        ((f.edges[0]!.filter as Record<string, unknown>) ).comment = 'x';
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const flow = result.value as unknown as Record<string, unknown> & ReturnType<typeof exampleFile>;
    expect(flow.owner).toBe('sales-ops');
    expect((flow.settings as Record<string, unknown>).timezone).toBe('Europe/Madrid');
    expect(flow.modules[0]).toMatchObject({ colour: '#fff', assumptions: { note: 'measured' }, position: { locked: true } });
    expect(flow.edges[0]).toMatchObject({ label: 'has email', filter: { comment: 'x' } });
  });

  it('accepts ranges, scenarios and a budget in version 2', () => {
    const result = parseFlow(
      withChange((f) => {
        f.version = 2;
        f.settings = { runsPerMonth: { min: 1000, likely: 3000, max: 9000 }, budget: { amount: 5e5, unit: 'credits' } };
        f.modules[2]!.assumptions = { iterations: { min: 5, likely: 25, max: 200 } };
        (f.edges[1]!.route as Record<string, unknown>).passRate = { min: 0.2, likely: 0.4, max: 0.5 };
        f.scenarios = [{ id: 's1', name: 'Black Friday', overrides: { runsPerMonth: 15000, modules: { m3: { iterations: 200 } } } }];
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.settings.runsPerMonth).toEqual({ min: 1000, likely: 3000, max: 9000 });
    expect(result.value.scenarios?.[0]?.name).toBe('Black Friday');
  });

  it('lets a fallback route leave out its pass rate', () => {
    const result = parseFlow(
      withChange((f) => {
        f.modules.push({ id: 'm6', type: 'response', name: 'Other', position: { x: 200, y: 320 } });
        f.edges.push({ id: 'e5', source: 'm2', target: 'm6', route: { priority: 9, fallback: true } });
      }),
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.edges[4]!.route).toEqual({ priority: 9, passRate: 0, fallback: true });
  });

  it('keeps HTML and script in string fields as plain text (escaping is the renderer\'s job)', () => {
    const html = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const result = parseFlow(
      withChange((f) => {
        f.name = html;
        f.modules[0]!.name = html;
        f.edges[0]!.filter = { mode: 'break', passRate: 0.5, conditions: { '@and': [{ '{{[m1].email}}': { _eq: html } }] } };
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.name).toBe(html);
    expect(result.value.modules[0]!.name).toBe(html);
    expect(JSON.stringify(result.value.edges[0]!.filter!.conditions)).toContain(JSON.stringify(html).slice(1, -1));
  });

  it('reads a file that starts with a byte order mark', () => {
    expect(parseFlow(`\uFEFF${text(exampleFile())}`).ok).toBe(true);
  });

  it('imports structurally broken flows (cycles, two triggers, self-loops): those are validateFlow\'s to report', () => {
    const result = parseFlow(
      withChange((f) => {
        f.modules.push({ id: 'm6', type: 'trigger', name: 'Second trigger', position: { x: 0, y: 0 } });
        f.edges.push({ id: 'e5', source: 'm5', target: 'm1' }, { id: 'e6', source: 'm4', target: 'm4' });
        (f.edges[1]!.route as Record<string, unknown>).passRate = 1;
      }),
    );
    expect(result.ok).toBe(true);
  });
});

describe('parseFlow: bad files (issue 6), each with a located, human message', () => {
  it('an empty file', () => {
    expect(only(parseFlow('')).message).toBe('The file is empty.');
    expect(only(parseFlow('  \n\t ')).message).toBe('The file is empty.');
  });

  it('not JSON: line and column', () => {
    const error = only(parseFlow('{\n  "format": "creditflow",\n  "version": 2\n  "modules": []\n}'));
    expect(error).toMatchObject({ line: 4, column: 3 });
    expect(error.message).toMatch(/^Not valid JSON: Expected ',' or '}'/);
    expect(formatFileError(error, 'flow.json')).toMatch(/^flow\.json:4:3: Not valid JSON/);
  });

  it('a value quoted from the file keeps its error on one line (a type with an escaped line break)', () => {
    const text = '{"format":"creditflow","version":2,"name":"x","modules":[{"id":"m1","type":"resp\\nse","position":{"x":0,"y":0}}],"edges":[]}';
    const result = parseFlow(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const e of result.errors) {
      const line = formatFileError(e, 'f.json');
      expect(line).not.toContain('\n');
      expect(line).toContain('resp\\nse');
    }
  });

  it.each([
    ['[1, 2]', 'a list'],
    ['"creditflow"', 'the text'],
    ['42', '42'],
    ['null', 'null'],
  ])('JSON that is not an object: %s', (input, words) => {
    const error = only(parseFlow(input));
    expect(error.message).toContain(`The file holds ${words}`);
    expect(error.message).toContain('not a flow');
  });

  it('missing or wrong format', () => {
    expect(only(parseFlow(text({ version: 1, modules: [] }))).message).toContain('has no "format"');
    const wrong = only(parseFlow(text({ format: 'n8n', version: 1, modules: [] })));
    expect(wrong).toMatchObject({ path: 'format', line: 2, column: 13 });
    expect(wrong.message).toContain('"format": "n8n"');
  });

  it('missing or bad version', () => {
    expect(only(parseFlow(text({ format: 'creditflow', modules: [] }))).message).toBe(
      'Version is missing (it must be a whole number ≥ 1).',
    );
    expect(only(parseFlow(text({ format: 'creditflow', version: '2', modules: [] }))).message).toContain('got the text "2"');
    expect(only(parseFlow(text({ format: 'creditflow', version: 1.5, modules: [] }))).message).toContain('got 1.5');
  });

  it('a newer version is refused with a message that says so', () => {
    const error = only(parseFlow(withChange((f) => (f.version = 7))));
    expect(error.message).toBe('This file is version 7; this Creditflow reads versions up to 3. Update Creditflow to open it.');
    expect(error).toMatchObject({ path: 'version', line: 3 });
  });

  it('an older version is migrated, and says from which', () => {
    const result = parseFlow(text(exampleFile()));
    expect(result.ok && result.migratedFrom).toBe(1);
  });

  it('an unknown module type, named, with the known types', () => {
    const error = only(parseFlow(withChange((f) => (f.modules[3]!.type = 'webscraper'))));
    expect(error.path).toBe('modules[3].type');
    expect(error.message).toBe(
      `modules[3] (id 'm4'): type 'webscraper' is not a module type; the known types are ${MODULE_TYPES.join(', ')}`,
    );
    expect(error.line).toBeGreaterThan(1);
    expect(only(parseFlow(withChange((f) => delete f.modules[3]!.type))).message).toContain('type is missing; the known types are trigger');
  });

  it('duplicate module ids and duplicate edge ids', () => {
    const errors = errorsOf(parseFlow(withChange((f) => f.modules.push({ id: 'm2', type: 'code', name: 'Copy', position: { x: 0, y: 0 } }))));
    expect(errors).toEqual([
      expect.objectContaining({ path: 'modules[5].id', message: "modules[5] (id 'm2'): id is already used by modules[1]; module ids must be unique" }),
    ]);
    const edges = only(parseFlow(withChange((f) => (f.edges[3]!.id = 'e1'))));
    expect(edges).toMatchObject({ path: 'edges[3].id', message: "edges[3] (id 'e1'): id is already used by edges[0]; edge ids must be unique" });
  });

  it('duplicate keys are refused at the second key, naming where the first is (JSON.parse would keep the last silently)', () => {
    const twice = '{\n  "format": "creditflow",\n  "version": 1,\n  "version": 9,\n  "modules": [{ "id": "m1", "type": "trigger", "name": "A", "name": "B", "position": { "x": 0, "y": 0 } }],\n  "modules": []\n}';
    expect(errorsOf(parseFlow(twice))).toEqual([
      {
        path: 'version',
        line: 4,
        column: 3,
        message: 'version is given twice in the same object (first at line 3, column 3); a key may appear only once, so remove one of them.',
      },
      {
        path: 'modules[0].name',
        line: 5,
        column: 61,
        message: 'modules[0]: name is given twice in the same object (first at line 5, column 48); a key may appear only once, so remove one of them.',
      },
      {
        path: 'modules',
        line: 6,
        column: 3,
        message: 'modules is given twice in the same object (first at line 5, column 3); a key may appear only once, so remove one of them.',
      },
    ]);
    // the same key written another way, and a key with a control character, shown escaped
    expect(only(parseFlow(withChange(() => {}).replace('"name"', '"n\\u0061me": "x", "name"'))).message).toMatch(/^name is given twice/);
    expect(only(parseFlow('{"a\\u001b[2J": 1, "a\\u001b[2J": 2}')).message).toMatch(/^a\\u001b\[2J is given twice/);
  });

  it('a key given twice is found among strings holding colons, quotes and backslashes, and a removed key counts', () => {
    // Keys are counted to skip the search for duplicates when there are none: text that fools a
    // careless count (':' in strings, escaped quotes) must neither hide a duplicate nor invent one.
    const tricky = (f: ReturnType<typeof exampleFile>) => (f.modules[1]!.name = 'say \\": "now" at 12:00 \\');
    expect(parseFlow(withChange(tricky)).ok).toBe(true);
    const twice = only(parseFlow(withChange(tricky).replace('"id": "m3"', '"id": "m3", "id": "m3"')));
    expect(twice).toMatchObject({ path: 'modules[2].id', message: expect.stringMatching(/^modules\[2\] \(id 'm3'\): id is given twice/) });
    // __proto__ is removed on the way in (a warning), but given twice it is refused like any key
    expect(only(parseFlow(withChange(() => {}).replace('"modules"', '"__proto__": 1, "__proto__": 2, "modules"'))).message).toMatch(/^__proto__ is given twice/);
  });

  it('a file with lone CR line breaks is located on the right line', () => {
    const cr = withChange((f) => ((f.modules[3]!.assumptions as Record<string, unknown>).retries = -1)).replace(/\n/g, '\r');
    const lf = cr.replace(/\r/g, '\n');
    const at = only(parseFlow(cr));
    expect(at.line).toBeGreaterThan(1);
    expect(at).toEqual(only(parseFlow(lf)));
  });

  it('an edge to or from a missing module', () => {
    const errors = errorsOf(
      parseFlow(
        withChange((f) => {
          f.edges[2]!.target = 'm9';
          f.edges[3]!.source = 'ghost';
        }),
      ),
    );
    expect(errors.map((e) => e.message)).toEqual([
      "edges[2] (id 'e3'): target is 'm9', which is not a module of this flow",
      "edges[3] (id 'e4'): source is 'ghost', which is not a module of this flow",
    ]);
    expect(errors[0]).toMatchObject({ path: 'edges[2].target' });
    expect(errors[0]!.line).toBeDefined();
  });

  it.each([
    ['a negative number', -1, "modules[3] (id 'm4'): assumptions.retries must be a number ≥ 0, got -1"],
    ['the text "NaN"', 'NaN', 'modules[3] (id \'m4\'): assumptions.retries must be a number ≥ 0, got the text "NaN"'],
    ['the text "Infinity"', 'Infinity', 'modules[3] (id \'m4\'): assumptions.retries must be a number ≥ 0, got the text "Infinity"'],
    ['null', null, "modules[3] (id 'm4'): assumptions.retries must be a number ≥ 0, got null"],
    ['a list', [1], "modules[3] (id 'm4'): assumptions.retries must be a number ≥ 0, got a list"],
  ])('an assumption that is %s names the module and the field', (_label, value, message) => {
    const error = only(parseFlow(withChange((f) => ((f.modules[3]!.assumptions as Record<string, unknown>).retries = value))));
    expect(error.path).toBe('modules[3].assumptions.retries');
    expect(error.message).toBe(message);
  });

  it('NaN and Infinity written bare are JSON syntax errors with a place', () => {
    const error = only(parseFlow('{"format":"creditflow","version":2,\n"modules":[{"id":"m1","type":"code","assumptions":{"retries":NaN}}]}'));
    expect(error).toMatchObject({ line: 2, column: 62 });
    expect(error.message).toContain('NaN and Infinity are not allowed');
  });

  it('a range in a version 1 file, and a range out of order in version 2', () => {
    const v1 = only(parseFlow(withChange((f) => (f.modules[2]!.assumptions = { iterations: { min: 1, likely: 2, max: 3 } }))));
    expect(v1.message).toContain('ranges need file version 2');
    const v2 = only(
      parseFlow(
        withChange((f) => {
          f.version = 2;
          f.modules[2]!.assumptions = { iterations: { min: 5, likely: 2, max: 9 } };
        }),
      ),
    );
    expect(v2.message).toBe("modules[2] (id 'm3'): assumptions.iterations must have min ≤ likely ≤ max, got min 5, likely 2, max 9");
    const part = only(
      parseFlow(
        withChange((f) => {
          f.version = 2;
          f.modules[2]!.assumptions = { iterations: { min: -1, likely: 2, max: 9 } };
        }),
      ),
    );
    expect(part).toMatchObject({ path: 'modules[2].assumptions.iterations.min' });
  });

  it('a range in a version 1 file\'s scenario is refused as it is everywhere else in version 1, at its place', () => {
    const withIterations = (iterations: unknown) =>
      withChange((f) => {
        (f as Record<string, unknown>).scenarios = [{ id: 's1', name: 'Peak', overrides: { runsPerMonth: 5000, modules: { m3: { iterations } } } }];
      });
    const v1 = withIterations({ min: 1, likely: 2, max: 3 });
    const error = only(parseFlow(v1));
    expect(error).toMatchObject({ path: 'scenarios[0].overrides.modules.m3.iterations', line: expect.any(Number), column: expect.any(Number) });
    expect(error.message).toBe(
      "scenarios[0] (id 's1'): overrides.modules.m3.iterations must be a number ≥ 0, got a range (ranges need file version 2)",
    );
    // points in a version 1 scenario are read, as before
    expect(parseFlow(withIterations(2)).ok).toBe(true);
  });

  it.each([1.3, -0.1])('a pass rate of %s, outside 0..1', (rate) => {
    const error = only(parseFlow(withChange((f) => ((f.edges[0]!.filter as Record<string, unknown>).passRate = rate))));
    expect(error.message).toBe(`edges[0] (id 'e1'): filter.passRate must be a number between 0 and 1, got ${rate}`);
  });

  it('a filter mode that does not exist, a route without priority', () => {
    const errors = errorsOf(
      parseFlow(
        withChange((f) => {
          (f.edges[0]!.filter as Record<string, unknown>).mode = 'stop';
          delete (f.edges[1]!.route as Record<string, unknown>).priority;
        }),
      ),
    );
    expect(errors.map((e) => e.message)).toEqual([
      'edges[0] (id \'e1\'): filter.mode must be "break" or "skip", got the text "stop"',
      "edges[1] (id 'e2'): route.priority is missing (it must be a number from -1,000,000,000 to 1,000,000,000)",
    ]);
  });

  it('10^12 iterations are refused, with the reason', () => {
    const error = only(parseFlow(withChange((f) => (f.modules[2]!.assumptions = { iterations: 1e12 }))));
    expect(error.message).toBe(
      `modules[2] (id 'm3'): assumptions.iterations is 1,000,000,000,000; the limit is ${MAX_ITERATIONS.toLocaleString('en-US')} items per iterator execution; larger loops cannot be priced or simulated in reasonable time`,
    );
    expect(parseFlow(withChange((f) => (f.modules[2]!.assumptions = { iterations: MAX_ITERATIONS }))).ok).toBe(true);
  });

  it('a 1 MB module name is refused quickly, with the limit', () => {
    const started = performance.now();
    const error = only(parseFlow(withChange((f) => (f.modules[0]!.name = 'x'.repeat(1024 * 1024)))));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.message).toBe(`modules[0] (id 'm1'): name is 1,048,576 characters long; the limit is ${MAX_NAME_LENGTH} characters`);
  });

  it('conditions nested 1,000 deep are refused without overflowing the stack', () => {
    let conditions: Record<string, unknown> = { '{{[m1].email}}': { _neq: '' } };
    for (let i = 0; i < 1000; i++) conditions = { '@not': conditions };
    const error = only(parseFlow(withChange((f) => ((f.edges[0]!.filter as Record<string, unknown>).conditions = conditions))));
    expect(error.message).toBe(`edges[0] (id 'e1'): filter.conditions are nested more than ${MAX_CONDITION_DEPTH} levels deep; the limit is ${MAX_CONDITION_DEPTH}`);
    expect(error.line).toBeDefined();
  });

  it('any JSON nested 100,000 deep is refused, not a crash', () => {
    const deep = `{"format":"creditflow","version":2,"modules":[],"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const error = only(parseFlow(deep));
    expect(error.message).toBe('x nests more than 256 levels deep; the limit is 256');
    expect(error.line).toBe(1);
  });

  it('a file above the size cap is refused before parsing, with its size and the cap', () => {
    const big = `{"format":"creditflow","version":2,"modules":[],"pad":"${'x'.repeat(MAX_FILE_BYTES)}"}`;
    const error = only(parseFlow(big));
    expect(error.message).toBe(
      `The file is ${big.length.toLocaleString('en-US')} bytes; the limit is ${MAX_FILE_BYTES.toLocaleString('en-US')} bytes (${CAP_MB} MB). It was not opened.`,
    );
    expect(only(parseFlow(' '.repeat(mbOver(10).size))).message).toBe(mbOver(10).message);
    // Multi-byte text is measured in bytes, not characters.
    const wide = `{"format":"creditflow","version":2,"modules":[],"pad":"${'é'.repeat(MAX_FILE_BYTES / 2 + 10)}"}`;
    expect(only(parseFlow(wide)).message).toContain(`(${CAP_MB} MB)`);
  });

  it('__proto__, constructor and prototype keys anywhere: removed, with a warning, and nothing is polluted', () => {
    const input = `{
      "format": "creditflow", "version": 2, "__proto__": { "polluted": "root" },
      "settings": { "constructor": { "prototype": { "polluted": "settings" } } },
      "modules": [ { "id": "m1", "type": "trigger", "name": "T", "position": { "x": 0, "y": 0 },
                     "__proto__": { "polluted": "module" },
                     "assumptions": { "__proto__": { "retries": 5 } } } ],
      "edges": [],
      "x": { "prototype": 1 }
    }`;
    const result = parseFlow(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.value.modules[0])).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.value.modules[0]!.assumptions)).toBe(Object.prototype);
    expect(result.value.modules[0]!.assumptions?.retries).toBeUndefined();
    expect((result.value.settings as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.warnings?.map((w) => w.path)).toEqual([
      '__proto__',
      'settings.constructor',
      'modules[0].__proto__',
      'modules[0].assumptions.__proto__',
      'x.prototype',
    ]);
  });

  it('wrong types of containers and fields', () => {
    const errors = errorsOf(
      parseFlow(
        withChange((f) => {
          f.settings = 'monthly';
          (f as Record<string, unknown>).edges = {};
          (f.modules[0]!.position as Record<string, unknown>).x = '10';
        }),
      ),
    );
    expect(errors.map((e) => e.message)).toEqual([
      'settings must be an object, got the text "monthly"',
      "modules[0] (id 'm1'): position.x must be a number from -10,000,000 to 10,000,000, got the text \"10\"",
      'edges must be a list, got an object',
    ]);
  });

  it('empty and overlong ids are refused', () => {
    const errors = errorsOf(
      parseFlow(
        withChange((f) => {
          f.modules[0]!.id = '';
          f.modules[1]!.id = 'x'.repeat(300);
        }),
      ),
    );
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(['modules[0].id', 'modules[1].id']));
    expect(errors.find((e) => e.path === 'modules[0].id')?.message).toBe('modules[0]: id must be a non-empty text, got an empty text');
  });

  it('reports at most 100 errors and counts the rest', () => {
    const errors = errorsOf(
      parseFlow(
        withChange((f) => {
          for (let i = 0; i < 150; i++) f.modules.push({ id: `x${i}`, type: 'code', name: 'n', position: { x: 0, y: 0 }, assumptions: { retries: -1 } });
        }),
      ),
    );
    expect(errors).toHaveLength(101);
    expect(errors[100]!.message).toBe('…and 50 more problems.');
  });
});

describe('parseFlow never throws', { timeout: 60_000 }, () => {
  it('on any string', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        const result = parseFlow(input);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('on mutated valid files: always a flow or located, non-empty errors', () => {
    const base = text(exampleFile());
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), char: fc.string({ minLength: 1, maxLength: 1 }) }),
      fc.record({ kind: fc.constant('value' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(mutation, (m) => {
        let input = base;
        if (m.kind === 'cut') input = base.slice(0, m.at % base.length);
        else if (m.kind === 'byte') {
          const at = m.at % base.length;
          input = base.slice(0, at) + m.char + base.slice(at + 1);
        } else {
          // Replace or delete one field of one module or edge.
          const file = exampleFile();
          const items = [...file.modules, ...file.edges];
          const item = items[m.at % items.length]!;
          const key = Object.keys(item)[Math.floor(m.at / items.length) % Object.keys(item).length]!;
          if (m.kind === 'delete') delete item[key];
          else item[key] = m.value;
          input = text(file);
        }
        const result = parseFlow(input);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) expect(e.message.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseFlow: version 3 (cost-model §7)', () => {
  const v3 = (change: (file: ReturnType<typeof exampleFile>) => void) =>
    withChange((f) => {
      f.version = 3;
      change(f);
    });

  it('reads error edges, failure rates, pages (numbers or ranges) and a trigger schedule', () => {
    const result = parseFlow(
      v3((f) => {
        f.modules[0]!.config = { schedule: '*/30 8-17 * * *' };
        f.modules[3]!.assumptions = { failureRate: 0.1, pages: { min: 1, likely: 2, max: 5 } };
        f.modules.push({ id: 'm6', type: 'response', name: 'Tell support', position: { x: 0, y: 0 } });
        f.edges.push({ id: 'e5', source: 'm4', target: 'm6', error: true });
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.migratedFrom).toBeUndefined();
    expect(result.value.modules[0]!.config).toEqual({ schedule: '*/30 8-17 * * *' });
    expect(result.value.modules[3]!.assumptions).toMatchObject({ failureRate: 0.1, pages: { min: 1, likely: 2, max: 5 } });
    expect(result.value.edges[4]).toMatchObject({ id: 'e5', error: true });
  });

  it('refuses a failure rate above 1, fewer than one page and an error flag that is not true or false, each at its place', () => {
    expect(only(parseFlow(v3((f) => (f.modules[3]!.assumptions = { failureRate: 1.5 }))))).toMatchObject({
      path: 'modules[3].assumptions.failureRate',
      message: expect.stringContaining('must be a number between 0 and 1, got 1.5'),
    });
    expect(only(parseFlow(v3((f) => (f.modules[3]!.assumptions = { pages: 0.5 }))))).toMatchObject({
      path: 'modules[3].assumptions.pages',
      message: expect.stringContaining('must be a number from 1 to 1,000,000, got 0.5'),
    });
    const capped = only(parseFlow(v3((f) => (f.modules[3]!.assumptions = { pages: 2e6 }))));
    expect(capped.message).toContain('the limit is 1,000,000 pages per execution; each page beyond the first pays the search surcharge');
    expect(only(parseFlow(v3((f) => (f.edges[3]!.error = 'yes'))))).toMatchObject({ path: 'edges[3].error' });
    expect(only(parseFlow(v3((f) => (f.modules[0]!.config = { schedule: 15 }))))).toMatchObject({ path: 'modules[0].config.schedule' });
  });
});

describe('numbers in messages (issue 18 item 17: plain words)', () => {
  it('writes a number too large for digit groups as it would be typed (1e+308), not as 309 digits', () => {
    const errors = errorsOf(
      parseFlow(
        withChange((file) => {
          file.modules[1]!.position = { x: 1e308, y: -1e300 };
        }),
      ),
    );
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('position.x is 1e+308; the limit is 10,000,000 pixels'),
      expect.stringContaining('position.y must be a number from -10,000,000 to 10,000,000, got -1e+300'),
    ]);
    expect(Math.max(...errors.map((e) => e.message.length))).toBeLessThan(300);
  });
});

describe('parseFlow: an older file holding names a later version reads', () => {
  const v2With = (change: (f: ReturnType<typeof exampleFile>) => void) =>
    withChange((f) => {
      f.version = 2;
      change(f);
    });
  const search = (f: ReturnType<typeof exampleFile>) => f.modules[3] as { assumptions: Record<string, unknown> };

  it('reads them with the later meaning and says so, located, for each one', () => {
    const result = parseFlow(
      v2With((f) => {
        search(f).assumptions.failureRate = 0.1;
        (f.edges[3] as Record<string, unknown>).error = false;
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.modules[3]!.assumptions!.failureRate).toBe(0.1);
    expect(result.warnings).toEqual([
      expect.objectContaining({ path: 'modules[3].assumptions.failureRate', line: expect.any(Number), column: expect.any(Number) }),
      expect.objectContaining({ path: 'edges[3].error', line: expect.any(Number) }),
    ]);
    expect(result.warnings![0]!.message).toBe(
      `modules[3] (id 'm4'): assumptions.failureRate is a version 3 field in a version 2 file: it is read as version 3 reads it (the share of executions that fail). Write "version": 3 to say so, or rename the field if it means something else.`,
    );
  });

  it('a value the later version cannot read is refused with the reason the name matters', () => {
    const error = only(parseFlow(v2With((f) => (search(f).assumptions.pages = 0))));
    expect(error.path).toBe('modules[3].assumptions.pages');
    expect(error.message).toMatch(/got 0 \(a version 2 file does not have this field; version 3 and later read it as a search's pages per execution: rename the field/);
    const budget = only(parseFlow(withChange((f) => ((f.settings as Record<string, unknown>).budget = 'lots'))));
    expect(budget.message).toMatch(/^settings\.budget must be an object, got the text "lots" \(a version 1 file does not have this field; version 2 and later read it as a monthly budget/);
  });

  it('says nothing for the same names in a file of the version that has them, nor for other unknown names', () => {
    const v3 = parseFlow(withChange((f) => ((f.version = 3), (search(f).assumptions.failureRate = 0.1))));
    expect(v3.ok && v3.warnings).toBeUndefined();
    const other = parseFlow(v2With((f) => (search(f).assumptions.failure = 0.1)));
    expect(other.ok && other.warnings).toBeUndefined();
  });
});

describe('parseFlow: a share written as a percentage', () => {
  const withPassRate = (passRate: unknown) => withChange((f) => ((f.edges[0] as { filter: { passRate: unknown } }).filter.passRate = passRate));

  it('is refused with how to write it: 50 and "50%" are 0.5', () => {
    expect(only(parseFlow(withPassRate(50))).message).toBe(
      "edges[0] (id 'e1'): filter.passRate must be a number between 0 and 1, got 50 (a share is written as a fraction in the file: 50 % is 0.5)",
    );
    expect(only(parseFlow(withPassRate('12.5 %'))).message).toMatch(/got the text "12\.5 %" \(a share is written as a fraction in the file: 12\.5 % is 0\.125\)$/);
    const failure = only(parseFlow(withChange((f) => ((f.version = 3), ((f.modules[3] as { assumptions: Record<string, unknown> }).assumptions.failureRate = 5)))));
    expect(failure.message).toMatch(/failureRate must be .*got 5 \(a share is written as a fraction in the file: 5 % is 0\.05\)$/);
  });

  it('a value just above 1 (a typo as likely as a percentage) and a non-share get no such note', () => {
    expect(only(parseFlow(withPassRate(1.1))).message).toMatch(/got 1\.1$/);
    expect(only(parseFlow(withChange((f) => ((f.modules[3] as { assumptions: Record<string, unknown> }).assumptions.retries = '50%')))).message).not.toMatch(/fraction/);
  });
});
