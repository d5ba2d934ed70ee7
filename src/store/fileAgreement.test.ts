/**
 * The editor and the file reader agree (issue 18 items 1–3 and 5, issue 13 item 4): whatever a
 * recipe, the paste reader or a scenario can make, the file reader accepts, and a value a file
 * may hold the recipes accept. Each data-loss case of issue 18 is here with the flow that lost data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../io/parse';
import { serializeFlow } from '../io/serialize';
import { ASSUMPTION_RULES, FIELD_RULES, MAX_CONDITION_DEPTH, maxTextUnits, TEXT_RULES, textLength } from '../model/fieldRules';
import { ASSUMPTION_KEYS, type Conditions, type Flow } from '../model/types';
import { emptyFlow } from './editor';
import { connect, moveModules, setBudget, setFlowName, setRunsPerMonth } from './operations';
import { addModule } from './moduleRecipes';
import { renameModule, setAssumption, setFilter, setRoute } from './inspectorRecipes';
import { addScenario, updateScenario, setScenarioOverride } from './scenarioRecipes';
import { clipboardText, copySelection, parseClipboard, pasteInto, type ClipboardData } from './clipboard';

/** Autosave then reload: the flow as the file reader gives it back, or its first error. */
function reload(flow: Flow): Flow | string {
  const result = parseFlow(serializeFlow(flow));
  return result.ok ? result.value : result.errors[0]!.message;
}

function twoActions(): Flow {
  const flow = emptyFlow('Agreement');
  addModule(flow, 'trigger', { x: 0, y: 0 });
  addModule(flow, 'action', { x: 0, y: 100 });
  connect(flow, 'm1', 'm2');
  return flow;
}

/** A rule nested inside groups: `levels` levels in all (each group and the rule one level). */
function nested(levels: number): Conditions {
  let c: Conditions = { '{{[m1].body}}': { _in: ['ES', 'PT'] } };
  for (let i = 1; i < levels; i++) c = { [i % 2 ? '@and' : '@or']: [c] };
  return c;
}

const long = (n: number, unit = 'x') => unit.repeat(n);

describe('scenario names (issue 18 item 1)', () => {
  it('refuses a name over the limit when adding a scenario, as the file reader would', () => {
    const flow = twoActions();
    const result = addScenario(flow, { name: long(250) });
    expect(result).toEqual({ ok: false, error: { field: 'name', message: 'A name can be at most 200 characters; this one has 250.' } });
    expect(flow.scenarios).toBeUndefined();
  });

  it('keeps a de-duplicated name at the limit within it ("… 2"), and the flow reloads', () => {
    const flow = twoActions();
    expect(addScenario(flow, { name: long(200) }).ok).toBe(true);
    expect(addScenario(flow, { name: long(200) }).ok).toBe(true);
    const [first, second] = flow.scenarios!;
    expect(second!.name).toBe(`${long(198)} 2`);
    expect(textLength(second!.name)).toBe(TEXT_RULES.scenarioName.max);
    expect(first!.name).not.toBe(second!.name);
    expect(reload(flow)).toEqual(flow);
  });
});

describe('module names through paste (issue 18 item 2)', () => {
  it('cuts a pasted name longer than the limit to the limit, so the flow still reloads', () => {
    const flow = twoActions();
    const data: ClipboardData = {
      kind: 'creditflow/modules',
      version: 1,
      modules: [{ id: 'x', type: 'action', name: long(300), position: { x: 0, y: 0 } }],
      edges: [],
    };
    const read = parseClipboard(clipboardText(data))!;
    pasteInto(flow, read);
    expect(flow.modules[2]!.name).toBe(long(200));
    expect(reload(flow)).toEqual(flow);
  });

  it('cuts by characters a person counts: an emoji is never split', () => {
    const flow = twoActions();
    const data: ClipboardData = {
      kind: 'creditflow/modules',
      version: 1,
      modules: [{ id: 'x', type: 'action', name: long(300, '🚀'), position: { x: 0, y: 0 } }],
      edges: [],
    };
    pasteInto(flow, parseClipboard(clipboardText(data))!);
    expect(flow.modules[2]!.name).toBe(long(200, '🚀'));
    expect(reload(flow)).toEqual(flow);
  });

  it('refuses pasted conditions deeper than a file may hold', () => {
    const text = JSON.stringify({
      kind: 'creditflow/modules',
      version: 1,
      modules: [
        { id: 'a', type: 'trigger', name: 'A', position: { x: 0, y: 0 } },
        { id: 'b', type: 'action', name: 'B', position: { x: 0, y: 0 } },
      ],
      edges: [{ id: 'e', source: 'a', target: 'b', filter: { mode: 'break', passRate: 1, conditions: nested(MAX_CONDITION_DEPTH + 1) } }],
    });
    expect(parseClipboard(text)).toBeNull();
  });
});

describe('conditions nested deep (issue 18 item 3)', () => {
  it.each([32, 35, 64])('%i levels made in the editor reload', (levels) => {
    const flow = twoActions();
    expect(setFilter(flow, 'e1', { mode: 'break', passRate: 0.5, conditions: nested(levels) })).toBeUndefined();
    expect(reload(flow)).toEqual(flow);
  });

  it('one level more is refused by the editor and by the file reader, with the same limit', () => {
    const flow = twoActions();
    const error = setFilter(flow, 'e1', { mode: 'break', passRate: 0.5, conditions: nested(MAX_CONDITION_DEPTH + 1) });
    expect(error).toEqual({ field: 'filter.conditions', message: `Conditions can nest at most ${MAX_CONDITION_DEPTH} levels.` });
    const file = twoActions();
    file.edges[0]!.filter = { mode: 'break', passRate: 0.5, conditions: nested(MAX_CONDITION_DEPTH + 1) };
    expect(reload(file)).toBe(`edges[0] (id 'e1'): filter.conditions are nested more than ${MAX_CONDITION_DEPTH} levels deep; the limit is ${MAX_CONDITION_DEPTH}`);
  });

  it('a route takes the same limit', () => {
    const flow = emptyFlow();
    addModule(flow, 'trigger', { x: 0, y: 0 });
    addModule(flow, 'router', { x: 0, y: 0 });
    addModule(flow, 'action', { x: 0, y: 0 });
    connect(flow, 'm1', 'm2');
    connect(flow, 'm2', 'm3');
    expect(setRoute(flow, 'e2', { conditions: nested(MAX_CONDITION_DEPTH) })).toBeUndefined();
    expect(reload(flow)).toEqual(flow);
    expect(setRoute(flow, 'e2', { conditions: nested(MAX_CONDITION_DEPTH + 1) })?.field).toBe('route.conditions');
  });
});

describe('numbers: the editor takes what a file may hold, and nothing else (issue 13 item 4)', () => {
  it('takes the values of the issue that a file held and the inspector refused', () => {
    const flow = twoActions();
    expect(setAssumption(flow, 'm2', 'durationSec', 100_000)).toBeUndefined();
    expect(setAssumption(flow, 'm2', 'retries', 500)).toBeUndefined();
    expect(reload(flow)).toEqual(flow);
  });

  it.each(ASSUMPTION_KEYS.map((key) => [key]))('%s: both take the bounds and refuse one step beyond', (key) => {
    const rule = ASSUMPTION_RULES[key];
    const module = key === 'iterations' ? 'iterator' : 'action';
    fc.assert(
      fc.property(fc.double({ min: rule.min, max: rule.max, noNaN: true }), fc.boolean(), (inside, asRange) => {
        const flow = emptyFlow();
        addModule(flow, module, { x: 0, y: 0 });
        const value = asRange ? { min: rule.min, likely: inside, max: rule.max } : inside;
        expect(setAssumption(flow, 'm1', key, value)).toBeUndefined();
        expect(reload(flow)).toEqual(flow);
      }),
      { numRuns: 60 },
    );
    for (const outside of [rule.max * 2, rule.min - 1, Number.MAX_VALUE]) {
      const flow = emptyFlow();
      addModule(flow, module, { x: 0, y: 0 });
      expect(setAssumption(flow, 'm1', key, outside)?.field).toBe(`assumptions.${key}`);
      const file = emptyFlow();
      addModule(file, module, { x: 0, y: 0 });
      file.modules[0]!.assumptions = { [key]: outside };
      expect(typeof reload(file)).toBe('string');
    }
  });

  it('runs per month, budget and priority: the same bounds in the editor and the file', () => {
    for (const [rule, set] of [
      [FIELD_RULES.runsPerMonth, (f: Flow, v: number) => setRunsPerMonth(f, v)],
      [FIELD_RULES.budget, (f: Flow, v: number) => setBudget(f, { amount: v, unit: 'credits' })],
    ] as const) {
      for (const [value, ok] of [
        [rule.max, true],
        [rule.max * 1.5, false],
      ] as const) {
        const flow = twoActions();
        expect(set(flow, value) === undefined).toBe(ok);
        const file = twoActions();
        if (rule === FIELD_RULES.budget) file.settings.budget = { amount: value, unit: 'credits' };
        else file.settings.runsPerMonth = value;
        expect(typeof reload(file) !== 'string').toBe(ok);
      }
    }
  });
});

describe('lengths are counted as a person counts characters (issue 18 item 17)', () => {
  it('a name of 150 emoji is 150 characters for the editor and the file reader', () => {
    const flow = twoActions();
    expect(renameModule(flow, 'm2', long(150, '😀'))).toBeUndefined();
    expect(setFlowName(flow, long(200, '😀'))).toBeUndefined();
    expect(reload(flow)).toEqual(flow);
  });

  it('says how many characters a name over the limit has, emoji counted once', () => {
    const flow = twoActions();
    expect(renameModule(flow, 'm2', long(201, '😀'))?.message).toBe('A name can be at most 200 characters; this one has 201.');
    addScenario(flow, { name: 'S' });
    expect(updateScenario(flow, flow.scenarios![0]!.id, { name: long(201, '😀') })?.message).toBe(
      'A name can be at most 200 characters; this one has 201.',
    );
    const file = twoActions();
    file.modules[1]!.name = long(201, '😀');
    expect(reload(file)).toBe(`modules[1] (id 'm2'): name is 201 characters long; the limit is 200 characters`);
  });

  // Characters as a person sees them: a family emoji (11 UTF-16 units, 7 code points), a flag, a
  // letter with its accents each count once, as in the inspector (a code point count made the
  // family 7 and refused a name of 30 families the inspector showed as 30 characters).
  const FAMILY = '👨‍👩‍👧‍👦';
  const character = fc.constantFrom('a', 'Ω', ' ', '😀', FAMILY, '🇪🇸', 'e\u0301', 'a\u0301\u0308\u0323', '👍🏽', 'क्षि', '中');

  it('a name of 200 family emoji is at the limit for the editor and the file reader; 201 is over it for both', () => {
    const flow = twoActions();
    expect(renameModule(flow, 'm2', long(200, FAMILY))).toBeUndefined();
    expect(reload(flow)).toEqual(flow);
    expect(renameModule(flow, 'm2', long(201, FAMILY))?.message).toBe('A name can be at most 200 characters; this one has 201.');
    const file = twoActions();
    file.modules[1]!.name = long(201, FAMILY);
    expect(reload(file)).toBe(`modules[1] (id 'm2'): name is 201 characters long; the limit is 200 characters`);
  });

  it('whatever name the editor takes the file reader reads back, and whatever it refuses the file reader refuses', () => {
    const max = TEXT_RULES.moduleName.max;
    fc.assert(
      fc.property(fc.array(character, { minLength: max - 3, maxLength: max + 3 }), fc.constantFrom('module', 'flow', 'scenario'), (chars, where) => {
        const name = `x${chars.join('')}x`; // never blank, never trimmed
        const flow = twoActions();
        if (where === 'scenario') addScenario(flow, { name: 'S' });
        const refused =
          where === 'module'
            ? renameModule(flow, 'm2', name)
            : where === 'flow'
              ? setFlowName(flow, name)
              : updateScenario(flow, flow.scenarios![0]!.id, { name });
        const file = twoActions();
        if (where === 'module') file.modules[1]!.name = name;
        else if (where === 'flow') file.name = name;
        else file.scenarios = [{ id: 's1', name, overrides: {} }];
        const read = reload(file);
        expect(refused === undefined).toBe(typeof read !== 'string');
        expect(refused === undefined).toBe(chars.length + 2 <= max);
        if (refused === undefined) expect(reload(flow)).toEqual(flow);
      }),
      { numRuns: 40 },
    );
  });

  it('a letter under thousands of accents is refused by both, though it is one character', () => {
    const name = `a${'\u0301'.repeat(maxTextUnits(TEXT_RULES.moduleName.max))}`;
    expect(textLength(name)).toBe(1);
    const flow = twoActions();
    expect(renameModule(flow, 'm2', name)?.message).toBe(
      'A name can be at most 6,400 units of text (an accent or a joined emoji takes several); this one has 6,401 units of text.',
    );
    const file = twoActions();
    file.modules[1]!.name = name;
    expect(reload(file)).toBe(
      `modules[1] (id 'm2'): name is 6,401 units of text long; the limit is 6,400 units of text (an accent or a joined emoji takes several)`,
    );
  });
});

describe('positions (issue 18 item 27)', () => {
  const { min, max } = FIELD_RULES.position;

  it('the file reader refuses a position past the field rule (1e308 drew an empty canvas) and names where', () => {
    const flow = twoActions();
    flow.modules[1]!.position = { x: 1e308, y: 0 };
    const result = parseFlow(serializeFlow(flow));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]!.path).toBe('modules[1].position.x');
      expect(result.errors[0]!.message).toContain('10,000,000');
    }
    flow.modules[1]!.position = { x: max, y: min };
    expect(reload(flow)).toEqual(flow);
  });

  it('the move recipe refuses what the file reader refuses, and a paste shifted past the edge stays inside', () => {
    const flow = twoActions();
    moveModules(flow, { m2: { x: max + 1, y: 0 } });
    expect(flow.modules[1]!.position).toEqual({ x: 0, y: 100 });
    moveModules(flow, { m2: { x: max, y: min } });
    expect(flow.modules[1]!.position).toEqual({ x: max, y: min });
    const data = parseClipboard(clipboardText(copySelection(flow, { modules: ['m2'] })));
    expect(data).not.toBeNull();
    pasteInto(flow, data as ClipboardData, { x: 40, y: -40 });
    expect(flow.modules[2]!.position).toEqual({ x: max, y: min });
    expect(typeof reload(flow)).not.toBe('string');
  });
});

describe('a scenario the file reader accepts stays editable (issue 18 item 5, the other way round)', () => {
  it('overrides of a module or edge the flow does not have (the reader ignores them) do not block editing its other overrides', () => {
    const flow = emptyFlow('Leftovers');
    addModule(flow, 'trigger', { x: 0, y: 0 });
    addModule(flow, 'iterator', { x: 0, y: 100 });
    const text = serializeFlow({
      ...flow,
      scenarios: [{ id: 's1', name: 'Peak', overrides: { modules: { gone: { iterations: 3 } }, edges: { e99: { passRate: 0.5 } } } }],
    });
    const read = parseFlow(text);
    if (!read.ok) throw new Error(read.errors[0]!.message);
    const draft = structuredClone(read.value);
    // failed before: "There is no module "gone"." for a change to m2
    expect(setScenarioOverride(draft, 's1', { kind: 'assumption', moduleId: 'm2', key: 'iterations', value: 7 })).toBeUndefined();
    expect(draft.scenarios![0]!.overrides.modules!.m2).toEqual({ iterations: 7 });
    expect(setScenarioOverride(draft, 's1', { kind: 'runsPerMonth', value: 10 })).toBeUndefined();
    // A new override of a module that is not there is still refused.
    expect(setScenarioOverride(draft, 's1', { kind: 'assumption', moduleId: 'nope', key: 'iterations', value: 1 })?.message).toBe('There is no module "nope".');
    expect(reload(draft)).toEqual(draft);
  });
});
