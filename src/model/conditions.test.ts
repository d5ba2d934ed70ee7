import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CONDITION_OPERATORS,
  MAPPING_FIELDS,
  MAX_CONDITION_DEPTH,
  OPERATORS,
  availableMappings,
  defaultValueFor,
  fromConditionTree,
  mappingFor,
  parseMapping,
  toConditionTree,
  valueFault,
  type ConditionNode,
  type Operator,
} from './conditions';
import { MODULE_TYPES, type Conditions, type Edge, type Module } from './types';

const rule = (mapping: string, op: string, value: unknown): Conditions => ({ [mapping]: { [op]: value } });

describe('operators', () => {
  it('are the 16 of flow-format.md, each with a label and a value shape', () => {
    expect(OPERATORS).toEqual([
      '_eq', '_neq', '_gt', '_lt', '_gte', '_lte', '_between', '_like', '_nlike',
      '_startswith', '_endswith', '_contains', '_in', '_notin', '_all', '_any',
    ]);
    const labels = OPERATORS.map((op) => CONDITION_OPERATORS[op].label);
    expect(new Set(labels).size).toBe(16);
    expect(CONDITION_OPERATORS._eq.label).toBe('equals');
    expect(CONDITION_OPERATORS._between).toMatchObject({ label: 'is between', shape: 'pair' });
    expect(CONDITION_OPERATORS._like.label).toBe('matches pattern');
    for (const op of ['_in', '_notin', '_all', '_any'] as const) expect(CONDITION_OPERATORS[op].shape).toBe('list');
  });

  it('each default value fits its operator', () => {
    for (const op of OPERATORS) expect(valueFault(op, defaultValueFor(op)), op).toBeUndefined();
  });

  it('values that do not fit are refused with the reason', () => {
    expect(valueFault('_between', [1])).toContain('two values');
    expect(valueFault('_between', 5)).toContain('two values');
    expect(valueFault('_in', 'ES')).toContain('list');
    expect(valueFault('_like', 5)).toContain('text');
    expect(valueFault('_gt', true)).toContain('numbers or text');
    expect(valueFault('_eq', { a: 1 })).toBeDefined();
    expect(valueFault('_eq', Number.NaN)).toBeDefined();
    expect(valueFault('_in', ['ES', 1, null, true])).toBeUndefined();
    expect(valueFault('_between', ['2024-01-01', '2024-12-31'])).toBeUndefined();
  });
});

describe('toConditionTree / fromConditionTree', () => {
  const example: Conditions = {
    '@and': [
      rule('{{[m1].email}}', '_neq', ''),
      { '@or': [rule('{{[m1].country}}', '_in', ['ES', 'PT']), { '@not': [rule('{{[m2].score}}', '_between', [0, 10])] }] },
    ],
  };

  it('reads the platform JSON into a typed tree', () => {
    const result = toConditionTree(example);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.tree).toEqual({
      kind: 'group',
      op: '@and',
      children: [
        { kind: 'rule', mapping: '{{[m1].email}}', op: '_neq', value: '' },
        {
          kind: 'group',
          op: '@or',
          children: [
            { kind: 'rule', mapping: '{{[m1].country}}', op: '_in', value: ['ES', 'PT'] },
            { kind: 'group', op: '@not', children: [{ kind: 'rule', mapping: '{{[m2].score}}', op: '_between', value: [0, 10] }] },
          ],
        },
      ],
    });
    expect(fromConditionTree(result.tree)).toEqual(example);
  });

  it('treats missing conditions as an empty @and group', () => {
    expect(toConditionTree(undefined)).toEqual({ ok: true, tree: { kind: 'group', op: '@and', children: [] } });
    expect(fromConditionTree({ kind: 'group', op: '@and', children: [] })).toEqual({ '@and': [] });
  });

  it('locates every fault', () => {
    const result = toConditionTree({
      '@and': [
        rule('{{[m1].a}}', '_approx', 1),
        rule('{{[m1].b}}', '_between', [1, 2, 3]),
        { '@xor': [] },
        { '{{[m1].c}}': { _eq: 1, _neq: 2 } },
        'text',
        {},
        { _eq: 1 },
      ],
    } as Conditions);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual([
      '@and.0.{{[m1].a}}._approx',
      '@and.1.{{[m1].b}}._between',
      '@and.2.@xor',
      '@and.3.{{[m1].c}}',
      '@and.4',
      '@and.5',
      '@and.6._eq',
    ]);
    expect(result.errors[0]!.message).toContain('unknown operator _approx');
    expect(result.errors[2]!.message).toContain('use @and, @or or @not');
    expect(toConditionTree({ '@and': 'x' } as Conditions)).toMatchObject({ ok: false, errors: [{ path: '@and' }] });
    expect(toConditionTree({ '{{[m1].a}}': 5 } as Conditions)).toMatchObject({ ok: false, errors: [{ path: '{{[m1].a}}' }] });
  });

  it(`accepts ${MAX_CONDITION_DEPTH} levels and refuses more with a located error`, () => {
    const nest = (levels: number): Conditions => {
      let c: Conditions = rule('{{[m1].a}}', '_eq', 1);
      for (let i = 1; i < levels; i++) c = { '@and': [c] };
      return c;
    };
    expect(toConditionTree(nest(MAX_CONDITION_DEPTH)).ok).toBe(true);
    const deep = toConditionTree(nest(MAX_CONDITION_DEPTH + 1));
    expect(deep.ok).toBe(false);
  });

  it('refuses conditions nested 1,000 deep without overflowing the stack', () => {
    let c: Conditions = rule('{{[m1].a}}', '_eq', 1);
    for (let i = 0; i < 1000; i++) c = { '@or': [c] };
    const result = toConditionTree(c);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toContain(`more than ${MAX_CONDITION_DEPTH} levels`);
    expect(result.errors[0]!.path.split('.').length).toBe(2 * MAX_CONDITION_DEPTH);
  });

  it('refuses a cyclic object instead of looping', () => {
    const c: Record<string, unknown> = {};
    c['@and'] = [c];
    expect(toConditionTree(c).ok).toBe(false);
  });

  it('writes a tree of any depth back without recursion', () => {
    let tree: ConditionNode = { kind: 'rule', mapping: '{{[m1].a}}', op: '_eq', value: 1 };
    for (let i = 0; i < 20_000; i++) tree = { kind: 'group', op: '@and', children: [tree] };
    let json: unknown = fromConditionTree(tree);
    let depth = 0;
    while (json && typeof json === 'object' && '@and' in json) {
      json = (json as { '@and': unknown[] })['@and'][0];
      depth++;
    }
    expect(depth).toBe(20_000);
    expect(json).toEqual(rule('{{[m1].a}}', '_eq', 1));
  });

  it('does not pollute prototypes with a "__proto__" mapping', () => {
    const conditions = fromConditionTree({ kind: 'rule', mapping: '__proto__', op: '_eq', value: { polluted: true } });
    expect(Object.keys(conditions)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const parsed = JSON.parse('{"@and":[{"__proto__":{"_eq":1}}]}') as Conditions;
    const result = toConditionTree(parsed);
    expect(result.ok).toBe(false); // a mapping cannot start with _: it reads as an operator
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // A valid tree, built from fast-check choices.
  const scalar = fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
  const ordered = fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  const mapping = fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,4}$/), fc.stringMatching(/^[a-z]{1,6}(\.[a-z]{1,6}){0,2}$/))
    .map(([id, path]) => mappingFor(id, path));
  const ruleArb: fc.Arbitrary<ConditionNode> = fc.constantFrom(...OPERATORS).chain((op: Operator) => {
    const { shape, valueType } = CONDITION_OPERATORS[op];
    const one = valueType === 'text' ? fc.string() : valueType === 'ordered' ? ordered : scalar;
    const value = shape === 'pair' ? fc.tuple(one, one) : shape === 'list' ? fc.array(one, { maxLength: 4 }) : one;
    return fc.record({ kind: fc.constant('rule' as const), mapping, op: fc.constant(op), value });
  });
  const { tree: treeArb } = fc.letrec<{ tree: ConditionNode }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      ruleArb,
      fc.record({
        kind: fc.constant('group' as const),
        op: fc.constantFrom('@and' as const, '@or' as const, '@not' as const),
        children: fc.array(tie('tree'), { maxLength: 4 }),
      }),
    ),
  }));

  it('round-trips every valid input (property)', () => {
    fc.assert(
      fc.property(treeArb, (tree) => {
        const json = fromConditionTree(tree);
        const back = toConditionTree(JSON.parse(JSON.stringify(json)) as Conditions);
        expect(back).toEqual({ ok: true, tree: JSON.parse(JSON.stringify(tree)) });
        if (back.ok) expect(fromConditionTree(back.tree)).toEqual(JSON.parse(JSON.stringify(json)));
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('never throws on arbitrary input (property)', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 6, withNullPrototype: true }), (value) => {
        const result = toConditionTree(value as Conditions);
        if (!result.ok) for (const e of result.errors) expect(typeof e.message).toBe('string');
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});

describe('mappings', () => {
  it('writes and reads {{[module id].path}}', () => {
    expect(mappingFor('m1', 'email')).toBe('{{[m1].email}}');
    expect(mappingFor('m1', '')).toBe('{{[m1]}}');
    expect(parseMapping('{{[m1].email}}')).toEqual({ moduleId: 'm1', path: 'email' });
    expect(parseMapping('{{[m3].results.0.name}}')).toEqual({ moduleId: 'm3', path: 'results.0.name' });
    expect(parseMapping('{{[m1]}}')).toEqual({ moduleId: 'm1', path: '' });
    for (const bad of ['m1.email', '{{m1.email}}', '{{[m1].email}', '{{[].x}}', '', '{{[m1].a b}}']) {
      expect(parseMapping(bad), bad).toBeUndefined();
    }
    expect(parseMapping('{{ [m1].email }}')).toEqual({ moduleId: 'm1', path: 'email' });
    // long hostile texts are answered (the expression has nothing to backtrack over)
    expect(parseMapping(`{{[m1].${' '.repeat(90_000)}`)).toBeUndefined();
    expect(parseMapping(`{{[m1].${'a'.repeat(90_000)} `)).toBeUndefined();
    expect(parseMapping(`{{[m1].${'a'.repeat(90_000)}}}`)).toEqual({ moduleId: 'm1', path: 'a'.repeat(90_000) });
  });

  it('round-trips (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/),
        fc.stringMatching(/^([A-Za-z0-9_]{1,8}(\.[A-Za-z0-9_]{1,8}){0,3})?$/),
        (id, path) => {
          expect(parseMapping(mappingFor(id, path))).toEqual({ moduleId: id, path });
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it('offers a field table for every module kind', () => {
    expect(Object.keys(MAPPING_FIELDS).sort()).toEqual([...MODULE_TYPES].sort());
    expect(MAPPING_FIELDS.trigger).toEqual(['body', 'headers', 'query']);
    expect(MAPPING_FIELDS.search).toEqual(['results', 'count']);
  });

  it('lists the fields of every module upstream, nearest first, and nothing downstream', () => {
    const mod = (id: string, type: Module['type'], name: string): Module =>
      ({ id, type, name, position: { x: 0, y: 0 }, ...(type === 'router' ? { config: { mode: 'standard' } } : {}) }) as Module;
    const edge = (id: string, source: string, target: string): Edge => ({ id, source, target });
    const flow = {
      modules: [
        mod('m1', 'trigger', 'New lead'),
        mod('m2', 'router', 'By country'),
        mod('m3', 'iterator', 'Each contact'),
        mod('m4', 'search', 'Find company'),
        mod('m5', 'ai_agent', 'Score'),
        mod('m6', 'code', 'Side branch'),
      ],
      edges: [edge('e1', 'm1', 'm2'), edge('e2', 'm2', 'm3'), edge('e3', 'm3', 'm4'), edge('e4', 'm4', 'm5'), edge('e5', 'm2', 'm6')],
    };
    const found = availableMappings(flow, 'm4');
    expect(found.map((f) => f.mapping)).toEqual(['{{[m3].item}}', '{{[m3].index}}', '{{[m1].body}}', '{{[m1].headers}}', '{{[m1].query}}']);
    expect(found[0]).toEqual({
      moduleId: 'm3',
      moduleName: 'Each contact',
      type: 'iterator',
      typeLabel: 'Iterator',
      field: 'item',
      mapping: '{{[m3].item}}',
    });
    expect(availableMappings(flow, 'm1')).toEqual([]);
    expect(availableMappings(flow, 'nope')).toEqual([]);
  });
});
