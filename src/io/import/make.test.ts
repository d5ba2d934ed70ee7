import { describe, expect, it } from 'vitest';
import { priceFlow } from '../../cost/price';
import { fixture, imported, structuralErrors } from './testing';
import { importFlow } from './index';
import { comparePlatforms } from '../../cost/platforms';

describe('Make import: every row of the mapping', () => {
  const x = imported(fixture('make-every-row.json'));
  const kinds = Object.fromEntries(x.report.modules.map((m) => [m.source, m.kind]));

  it('maps modules to kinds, ids kept as text', () => {
    expect(kinds).toEqual({
      '1': 'trigger',
      '2': 'action',
      '3': 'variables',
      '5': 'router',
      '6': 'action',
      '8': 'router',
      '9': 'action',
      '10': 'variables',
      '11': 'octopus',
      '12': 'search',
      '13': 'iterator',
      '14': 'action',
      '15': 'aggregator',
      '16': 'response',
      '17': 'iterator',
      '18': 'action',
      '19': 'code',
      '20': 'aggregator',
    });
    expect(x.module('1').name).toBe('New order'); // designer name
    expect(x.module('2').name).toBe('http:MakeRequest');
  });

  it('turns a module filter into a break filter on its incoming edge, mappings pointed at module ids', () => {
    expect(x.edge('1', '2').filter).toMatchObject({ mode: 'break', conditions: { '@and': [{ '{{[1].total}}': { _gt: 100 } }] } });
  });

  it('makes onerror an error edge to its first module and drops the directives, naming what they guard', () => {
    expect(x.edge('2', '3').error).toBe(true);
    expect(x.dropped('4')).toBe("error directive Resume guarding action 'http:MakeRequest'");
    expect(x.dropped('7')).toBe("error directive Ignore guarding action 'slack:CreateMessage'");
    expect(x.from('6')).toEqual([]);
  });

  it('makes a router standard with a route per list; the first module\'s filter is the route\'s condition', () => {
    expect(x.module('5').config).toEqual({ mode: 'standard' });
    const eu = x.edge('5', '6').route as { priority: number; conditions?: unknown; sourceCondition?: string };
    expect(eu.priority).toBe(0);
    expect(eu.conditions).toBeUndefined(); // a case-insensitive rule has no equivalent…
    expect(eu.sourceCondition).toContain('text:equal:ci'); // …so it is kept as text
    expect(x.edge('5', '8').route).toMatchObject({ priority: 1, passRate: 1, fallback: false });
    expect(x.edge('5', '17').route).toMatchObject({ priority: 2 });
  });

  it('makes an if-else an exclusive router (else the fallback) and the merge after it an octopus', () => {
    expect(x.module('8').config).toEqual({ mode: 'exclusive' });
    expect(x.edge('8', '9').route).toMatchObject({ priority: 0, fallback: false, conditions: { '@and': [{ '{{[1].total}}': { _gte: 1000 } }] } });
    expect(x.edge('8', '10').route).toMatchObject({ priority: 1, fallback: true });
    expect(x.into('11').map((e) => e.source).sort()).toEqual(['10', '9']);
    expect(x.edge('11', '12')).toBeDefined();
  });

  it('closes a loop at the aggregator that names its feeder; a feeder without aggregator runs to the end; a wrong feeder is repaired', () => {
    expect(x.module('15').config).toEqual({ iteratorId: '13' });
    expect(x.edge('17', '18')).toBeDefined();
    // Its feeder (99) is not in the blueprint: it closes the loop open where it runs, 17's.
    expect(x.module('20').config).toEqual({ iteratorId: '17' });
    expect(x.report.repairs).toContainEqual(expect.objectContaining({ kind: 'aggregator-changed', moduleId: '20', message: expect.stringContaining('now closes the loop of') }));
  });

  it('lists every module exactly once and passes today\'s validator', () => {
    const sources = [...x.report.modules.map((m) => m.source), ...x.report.dropped.map((d) => d.source)].map(Number).sort((a, b) => a - b);
    expect(sources).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Make import: an aggregator whose feeder is a search (Search rows → Text aggregator)', () => {
  // In Make a search outputs one bundle per result and the modules after it run once per bundle,
  // until the aggregator that names the search as its feeder (make.com help "Aggregators").
  const at = (x: number) => ({ designer: { x, y: 0 } });
  const blueprint = {
    name: 'Rows to text',
    flow: [
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, mapper: {}, metadata: at(0) },
      {
        id: 2, module: 'google-sheets:SearchRows', version: 2, mapper: {}, metadata: at(300),
        onerror: [{ id: 6, module: 'slack:CreateMessage', version: 1, mapper: {}, metadata: at(300) }],
      },
      { id: 3, module: 'http:ActionSendData', version: 3, mapper: {}, filter: { name: 'big', conditions: [[{ a: '{{2.n}}', o: 'number:greater', b: '5' }]] }, metadata: at(600) },
      { id: 4, module: 'util:TextAggregator', version: 1, parameters: { feeder: 2 }, mapper: { value: '{{3.data}}' }, metadata: at(900) },
      { id: 5, module: 'gateway:WebhookRespond', version: 1, mapper: {}, metadata: at(1200) },
    ],
    metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
  };
  const x = imported(blueprint);

  it('runs the modules between the search and its aggregator once per bundle: an iterator is inserted after the search', () => {
    const [loop] = x.from('2').filter((e) => !e.error);
    const iterator = x.module(loop!.target);
    expect(iterator.type).toBe('iterator');
    expect(x.edge(iterator.id, '3').filter).toMatchObject({ mode: 'break' });
    expect(x.module('4')).toMatchObject({ type: 'aggregator', config: { iteratorId: iterator.id } });
    expect(x.edge('4', '5')).toBeDefined();
    // The search's error branch stays on the search.
    expect(x.edge('2', '6').error).toBe(true);
    expect(x.report.repairs).toContainEqual(expect.objectContaining({ kind: 'iterator-inserted', moduleId: iterator.id }));
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('lists every Make module once', () => {
    expect(x.report.modules.map((m) => m.source).sort()).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});

describe('Make import: an aggregator closes a loop only where its feeder outputs several bundles', () => {
  const at = (x: number, y = 0) => ({ designer: { x, y } });
  const scenario = (flow: unknown[]) => ({ name: 'Feeders', flow, metadata: { version: 1, scenario: {}, designer: { orphans: [] } } });
  const executions = (x: ReturnType<typeof imported>, id: string) => priceFlow(x.flow).byId.get(id)!.executions;
  const aggregatorOf = (id: number, feeder: number, x: number) => ({ id, module: 'util:TextAggregator', version: 1, parameters: { feeder }, mapper: { value: '{{3.data}}' }, metadata: at(x) });

  it('a polling trigger (watch…) outputs a bundle per new row: an iterator is inserted after it, up to the aggregator', () => {
    const x = imported(scenario([
      { id: 1, module: 'google-sheets:watchRows', version: 2, parameters: { limit: 50 }, metadata: at(0) },
      { id: 3, module: 'http:ActionSendData', version: 3, mapper: {}, metadata: at(300) },
      aggregatorOf(4, 1, 600),
      { id: 5, module: 'slack:CreateMessage', version: 1, mapper: {}, metadata: at(900) },
    ]));
    expect(x.module('1').type).toBe('trigger');
    const [loop] = x.from('1');
    expect(x.module(loop!.target).type).toBe('iterator');
    expect(x.module('4')).toMatchObject({ type: 'aggregator', config: { iteratorId: loop!.target } });
    expect(x.report.repairs).toContainEqual(expect.objectContaining({ kind: 'iterator-inserted' }));
    expect(executions(x, '3')).toBeGreaterThan(1);
    expect(executions(x, '5')).toBe(1);
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('a list operation outputs a bundle per record: an iterator is inserted after it', () => {
    const x = imported(scenario([
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 2, module: 'airtable:ListRecords', version: 3, mapper: {}, metadata: at(300) },
      { id: 3, module: 'http:ActionSendData', version: 3, mapper: {}, metadata: at(600) },
      aggregatorOf(4, 2, 900),
    ]));
    const [loop] = x.from('2');
    expect(x.module(loop!.target).type).toBe('iterator');
    expect(x.module('4').config).toEqual({ iteratorId: loop!.target });
    expect(executions(x, '3')).toBeGreaterThan(1);
  });

  // An action or a webhook outputs one bundle an execution: its aggregator collects that one
  // bundle, and the modules between them run once, as Make bills them.
  for (const [what, feeder, flow] of [
    ['an action', 2, [
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 2, module: 'http:ActionSendData', version: 3, mapper: {}, metadata: at(300) },
      { id: 3, module: 'openai-gpt-3:CreateCompletion', version: 1, mapper: {}, metadata: at(600) },
      aggregatorOf(4, 2, 900),
      { id: 5, module: 'gateway:WebhookRespond', version: 1, mapper: {}, metadata: at(1200) },
    ]],
    ['a webhook', 1, [
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 3, module: 'openai-gpt-3:CreateCompletion', version: 1, mapper: {}, metadata: at(300) },
      aggregatorOf(4, 1, 600),
      { id: 5, module: 'gateway:WebhookRespond', version: 1, mapper: {}, metadata: at(900) },
    ]],
  ] as const) {
    it(`${what} as the feeder outputs one bundle: no loop, the aggregator becomes variables, the modules between run once`, () => {
      const x = imported(scenario([...flow]));
      expect(x.flow.modules.filter((m) => m.type === 'iterator')).toEqual([]);
      expect(x.report.repairs.map((r) => r.kind)).not.toContain('iterator-inserted');
      expect(x.module('4').type).toBe('variables');
      expect(x.report.repairs).toContainEqual(expect.objectContaining({ kind: 'aggregator-changed', moduleId: '4', message: expect.stringContaining('outputs one bundle') }));
      expect(x.edge(String(feeder), '3')).toBeDefined();
      expect(executions(x, '3')).toBe(1);
      expect(executions(x, '5')).toBe(1);
      expect(structuralErrors(x.flow)).toEqual([]);
    });
  }

  it('an action inside an iterator\'s loop as the feeder: its aggregator runs once per item and leaves the iterator\'s loop open', () => {
    const x = imported(scenario([
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 2, module: 'builtin:BasicFeeder', version: 1, mapper: { array: '{{1.items}}' }, metadata: at(300) },
      { id: 3, module: 'http:ActionSendData', version: 3, mapper: {}, metadata: at(600) },
      aggregatorOf(4, 3, 900),
      { id: 5, module: 'slack:CreateMessage', version: 1, mapper: {}, metadata: at(1200) },
    ]));
    expect(x.module('4').type).toBe('variables');
    expect(executions(x, '5')).toBe(executions(x, '3'));
    expect(executions(x, '5')).toBeGreaterThan(1);
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Make import: a Repeater as Make exports it', () => {
  const at = (x: number) => ({ designer: { x, y: 0 } });
  const scenario = (repeater: Record<string, unknown>) => ({
    name: 'Repeat',
    flow: [
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 2, module: 'builtin:BasicRepeater', version: 1, parameters: {}, ...repeater, metadata: at(300) },
      { id: 3, module: 'slack:CreateMessage', version: 4, mapper: {}, metadata: at(600) },
    ],
    metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
  });
  const executions = (x: ReturnType<typeof imported>, id: string) => priceFlow(x.flow).byId.get(id)!.executions;

  // Make's editor writes the Repeater's fields in the mapper, as text ("repeats": "3"), with empty parameters.
  it('reads the count from the mapper, written as text: the module after it runs that many times', () => {
    const x = imported(scenario({ mapper: { start: '1', repeats: '3', step: '1' } }));
    expect(x.module('2')).toMatchObject({ type: 'iterator', assumptions: { iterations: 3 } });
    expect(executions(x, '3')).toBe(3);
  });

  it('a count mapped from another module is not known: the default, with a note naming the mapping', () => {
    const x = imported(scenario({ mapper: { start: '1', repeats: '{{1.count}}', step: 1 } }));
    expect(x.module('2').assumptions?.iterations).toBeUndefined();
    expect(x.report.notes).toContainEqual(expect.objectContaining({ source: '2', message: expect.stringContaining('{{1.count}}') }));
  });

  // A real export's count: Lokalise's page count, read from a response header (41 characters). The
  // note cut it at 40 characters of its JSON, losing the closing quote and the mapping's end.
  it('names a long mapping whole, in quotes', () => {
    const mapping = '{{1.headers.`x-pagination-page-count`}}';
    const x = imported(scenario({ mapper: { start: '1', repeats: mapping, step: '1' } }));
    expect(x.report.notes).toContainEqual(expect.objectContaining({ source: '2', message: expect.stringContaining(`repeats "${mapping}" times`) }));
  });
});

describe('Make import: operations named with Make\'s Action / Trigger prefix', () => {
  const at = (x: number) => ({ designer: { x, y: 0 } });
  const scenario = (flow: unknown[]) => ({ name: 'Prefixed', flow, metadata: { version: 1, scenario: {}, designer: { orphans: [] } } });
  const executions = (x: ReturnType<typeof imported>, id: string) => priceFlow(x.flow).byId.get(id)!.executions;

  // Airtable's "Search records" is airtable:ActionSearchRecords: a search, whose bundles an aggregator collects.
  it('ActionSearchRecords is a search: the modules up to the aggregator that collects its records run once per record', () => {
    const x = imported(scenario([
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 2, module: 'airtable:ActionSearchRecords', version: 3, mapper: {}, metadata: at(300) },
      { id: 3, module: 'openai-gpt-3:CreateCompletion', version: 1, mapper: {}, metadata: at(600) },
      { id: 4, module: 'builtin:BasicAggregator', version: 1, parameters: { feeder: 2 }, metadata: at(900) },
    ]));
    expect(x.module('2').type).toBe('search');
    expect(x.module('4').type).toBe('aggregator');
    expect(executions(x, '3')).toBeGreaterThan(1);
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('TriggerWatchRecords at the start is the trigger; ActionSendData stays an action', () => {
    const x = imported(scenario([
      { id: 1, module: 'airtable:TriggerWatchRecords', version: 3, parameters: {}, metadata: at(0) },
      { id: 2, module: 'http:ActionSendData', version: 3, mapper: {}, metadata: at(300) },
    ]));
    expect(x.module('1').type).toBe('trigger');
    expect(x.module('2').type).toBe('action');
  });

  // Make's trigger modules not named watch…: the IMAP "Watch emails" is email:TriggerNewEmail, and the
  // Tools "Basic trigger" util:BasicTrigger. At the start they were actions behind an added schedule:
  // a trigger too many, and the module priced as an action (1 credit a run more on Altan).
  for (const module of ['email:TriggerNewEmail', 'util:BasicTrigger']) {
    it(`${module} at the start is the trigger: no schedule is added`, () => {
      const x = imported(scenario([
        { id: 1, module, version: 7, parameters: {}, metadata: at(0) },
        { id: 2, module: 'google-sheets:addRow', version: 2, mapper: {}, metadata: at(300) },
      ]));
      expect(x.module('1').type).toBe('trigger');
      expect(x.flow.modules.map((m) => m.id)).toEqual(['1', '2']);
      expect(x.report.repairs.map((r) => r.kind)).not.toContain('trigger-added');
    });
  }

  // Both output a bundle per email or per value: an aggregator of them closes a loop, as of a watch… trigger.
  it('an aggregator of util:BasicTrigger collects its bundles: an iterator is inserted after it', () => {
    const x = imported(scenario([
      { id: 1, module: 'util:BasicTrigger', version: 1, parameters: { values: [] }, metadata: at(0) },
      { id: 2, module: 'http:ActionSendData', version: 3, mapper: {}, metadata: at(300) },
      { id: 3, module: 'util:TextAggregator', version: 1, parameters: { feeder: 1 }, mapper: {}, metadata: at(600) },
    ]));
    const [loop] = x.from('1');
    expect(x.module(loop!.target).type).toBe('iterator');
    expect(x.module('3')).toMatchObject({ type: 'aggregator', config: { iteratorId: loop!.target } });
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Make import: a wrapped, trigger-less blueprint', () => {
  const x = imported(fixture('make-scheduled-poll.json'));

  it('adds a trigger with id "schedule" before the first module and reads the interval as a cron', () => {
    expect(x.module('schedule')).toMatchObject({ type: 'trigger', config: { schedule: '*/15 * * * *' } });
    expect(x.edge('schedule', '1')).toBeDefined();
    expect(x.report.repairs).toContainEqual(expect.objectContaining({ kind: 'trigger-added', moduleId: 'schedule' }));
    expect(x.report.modules.map((m) => m.kind)).toEqual(['action', 'action']);
  });

  // The export carries `scheduling`: the repair must not say the schedule is left in Make.
  it('the added trigger\'s repair says the schedule was read from the export', () => {
    const repair = x.report.repairs.find((r) => r.kind === 'trigger-added');
    expect(repair?.message).toBe(
      'The scenario starts with an ordinary module; a trigger was added before it, with the schedule of the export\'s scheduling (every 15 minutes, every day: 2,920 runs a month). Make bills no operation for a schedule: the Make figure of the platform comparison counts 1 credit a run for this trigger that Make does not bill.',
    );
  });

  // Make's first module starts each run: its schedule is no module and no operation. The added trigger is
  // 1 credit a run in the comparison's Make figure (platforms.md: a trigger is 1 credit), which Make does not bill.
  it('without scheduling in the export, the repair says the schedule lives in Make', () => {
    const { scheduling: _, ...bare } = fixture('make-scheduled-poll.json') as Record<string, unknown>;
    const y = imported(bare);
    // Make bills its two modules, the second behind a filter (50 %): 1.5 operations a run. The comparison counts the added trigger too.
    expect(comparePlatforms(y.flow).platforms.make.perRun).toBe(2.5);
    expect(y.report.repairs.find((r) => r.kind === 'trigger-added')?.message).toBe(
      'The scenario starts with an ordinary module; a trigger was added before it (its schedule lives in Make, not in the blueprint). Make bills no operation for a schedule: the Make figure of the platform comparison counts 1 credit a run for this trigger that Make does not bill.',
    );
  });

  it('keeps a filter with an operator that has no equivalent as text', () => {
    const filter = x.edge('1', '2').filter as { conditions?: unknown; sourceCondition?: string; mode: string };
    expect(filter.mode).toBe('break');
    expect(filter.sourceCondition).toBe('{{1.data.changed}} boolean:equal true AND {{1.data.note}} exist');
  });

  it('asks for a layout when modules sit on one spot', () => {
    expect(x.report.needsLayout).toBe(true);
    expect(x.report.layoutReason).toMatch(/same spot/);
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Make import: a module after a router or an if-else in the same list', () => {
  // In Make a router's paths are its routes (`routes[].flow`) and nothing follows it in its own list;
  // an if-else is followed by its merge or by nothing. A module placed after one is not run by Make's
  // router: the import must not make it a route, and must say where it is and what became of it.
  const at = (x: number, y = 0) => ({ designer: { x, y } });
  const scenario = (flow: unknown[]) => ({ name: 'After', flow, metadata: { version: 1, scenario: {}, designer: { orphans: [] } } });
  const executions = (x: ReturnType<typeof imported>, id: string) => priceFlow(x.flow).byId.get(id)!.executions;
  const slack = (id: number, x: number, extra: Record<string, unknown> = {}) => ({ id, module: 'slack:CreateMessage', version: 1, mapper: {}, metadata: at(x), ...extra });

  it('after a router: not a route of it; kept with what follows it, unreached, and the report says where', () => {
    const x = imported(scenario([
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 2, module: 'builtin:BasicRouter', version: 1, mapper: null, metadata: at(300), routes: [{ flow: [slack(3, 600)] }, { flow: [slack(4, 600, { metadata: at(600, 200) })] }] },
      slack(5, 900, { filter: { name: 'big', conditions: [[{ a: '{{1.n}}', o: 'number:greater', b: '5' }]] } }),
      slack(6, 1200),
    ]));
    expect(x.from('2').map((e) => e.target).sort()).toEqual(['3', '4']);
    expect(x.into('5')).toEqual([]);
    expect(x.edge('5', '6')).toBeDefined();
    expect(x.report.modules.map((m) => m.source).sort()).toEqual(['1', '2', '3', '4', '5', '6']);
    const note = x.report.notes.find((n) => n.source === '5');
    expect(note?.message).toContain('flow[2]');
    expect(note?.message).toMatch(/after the router/);
    expect(note?.message).toMatch(/not connected/);
    expect(executions(x, '5')).toBe(0);
    expect(executions(x, '3')).toBe(1);
    expect(x.flow.modules.filter((m) => m.type === 'trigger').map((m) => m.id)).toEqual(['1']);
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('after a router: its filter is kept on the module (incomingFilter), not lost, and the note says where it went', () => {
    const x = imported(scenario([
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 2, module: 'builtin:BasicRouter', version: 1, mapper: null, metadata: at(300), routes: [{ flow: [slack(3, 600)] }] },
      slack(5, 900, { filter: { name: 'big', conditions: [[{ a: '{{1.n}}', o: 'number:greater', b: '5' }, { a: '{{1.tag}}', o: 'text:equal', b: 'vip' }]] } }),
      slack(6, 1200, { filter: { name: 'small', conditions: [[{ a: '{{5.ok}}', o: 'boolean:equal', b: 'true' }]] } }),
      { id: 7, module: 'builtin:BasicRouter', version: 1, mapper: null, metadata: at(1500), routes: [{ flow: [slack(8, 1800)] }] },
      slack(9, 2100, { filter: { conditions: [[{ a: '{{1.tag}}', o: 'text:pattern', b: 'x*' }]] } }),
    ]));
    expect(x.into('5')).toEqual([]);
    // The filter it would have had on its incoming edge, as that edge's filter would read.
    const kept = (id: string) => (x.module(id) as unknown as Record<string, unknown>).incomingFilter as Record<string, unknown> | undefined;
    expect(kept('5')).toEqual({ mode: 'break', passRate: 0.5, conditions: { '@and': [{ '{{[1].n}}': { _gt: 5 } }, { '{{[1].tag}}': { _eq: 'vip' } }] } });
    // A condition kept as text (no Creditflow operator for it) is kept as text, as on an edge.
    expect(kept('9')).toEqual({ mode: 'break', passRate: 0.5, sourceCondition: '{{1.tag}} text:pattern x*' });
    expect(x.report.notes.find((n) => n.source === '9')!.message).toMatch(/its filter is kept on the module/);
    const note = x.report.notes.find((n) => n.source === '5')!.message;
    expect(note).toMatch(/its filter 'big' .*kept on the module \(incomingFilter\).*first connection drawn into it/);
    expect(note).not.toMatch(/left out/);
    // The module after it in the list keeps its own filter on the edge from 5, as before.
    expect(x.edge('5', '6').filter).toMatchObject({ mode: 'break' });
    expect(kept('6')).toBeUndefined();
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('inside a route, after a nested router: the path names the route', () => {
    const x = imported(scenario([
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 2, module: 'builtin:BasicRouter', version: 1, mapper: null, metadata: at(300), routes: [{ flow: [
        { id: 3, module: 'builtin:BasicRouter', version: 1, mapper: null, metadata: at(600), routes: [{ flow: [slack(4, 900)] }] },
        slack(5, 1200),
      ] }] },
    ]));
    expect(x.into('5')).toEqual([]);
    expect(x.report.notes.find((n) => n.source === '5')?.message).toContain('at 2.routes[0].flow[1]');
  });

  it('after an if-else with no merge: not a branch of it, kept unconnected, with a note', () => {
    const x = imported(scenario([
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 2, module: 'builtin:BasicIfElse', version: 1, mapper: null, metadata: at(300), branches: [
        { type: 'condition', conditions: [[{ a: '{{1.n}}', o: 'number:greater', b: '5' }]], flow: [slack(3, 600)] },
        { type: 'else', flow: [slack(4, 600)] },
      ] },
      slack(5, 900),
    ]));
    expect(x.from('2').map((e) => e.target).sort()).toEqual(['3', '4']);
    expect(x.into('5')).toEqual([]);
    expect(x.report.notes.find((n) => n.source === '5')?.message).toMatch(/after the if-else/);
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Make import: an empty module (placeholder:Placeholder)', () => {
  // Make's editor shows a module not chosen yet as an empty circle, `placeholder:Placeholder` in the
  // blueprint (make-blueprints' validator: "not a real module"): it runs nothing and is not billed.
  const at = (x: number) => ({ designer: { x, y: 0 } });
  it('costs nothing, keeps the path through it, and the report says so', () => {
    const x = imported({
      name: 'Empty step',
      flow: [
        { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
        { id: 2, module: 'placeholder:Placeholder', version: 1, metadata: at(300) },
        { id: 3, module: 'slack:CreateMessage', version: 1, mapper: {}, metadata: at(600) },
      ],
      metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
    });
    const priced = priceFlow(x.flow);
    expect(priced.byId.get('2')!.credits).toBe(0);
    expect(x.edge('2', '3')).toBeDefined();
    expect(priced.byId.get('3')!.executions).toBe(1);
    expect(x.report.notes.find((n) => n.source === '2')?.message).toMatch(/placeholder.*costs nothing/);
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Make import: a merge with filters (one per merging branch)', () => {
  // make.md: a BasicMerge may carry `filters`, one per merge:true branch in branch order (null: no
  // filter). A branch's bundle that fails its filter does not go on past the merge.
  const at = (x: number, y = 0) => ({ designer: { x, y } });
  it('each filter becomes a break filter on the edge from its branch into the octopus', () => {
    const x = imported({
      name: 'Merge filters',
      flow: [
        { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
        { id: 2, module: 'builtin:BasicIfElse', version: 1, mapper: null, metadata: at(300), branches: [
          { type: 'condition', conditions: [[{ a: '{{1.n}}', o: 'number:greater', b: '5' }]], merge: true, flow: [{ id: 3, module: 'util:ComposeTransformer', version: 1, mapper: {}, metadata: at(600) }] },
          { type: 'condition', conditions: [[{ a: '{{1.n}}', o: 'number:less', b: '0' }]], merge: false, flow: [{ id: 7, module: 'util:ComposeTransformer', version: 1, mapper: {}, metadata: at(600, 150) }] },
          { type: 'else', merge: true, flow: [{ id: 4, module: 'util:ComposeTransformer', version: 1, mapper: {}, metadata: at(600, 300) }] },
        ] },
        { id: 5, module: 'builtin:BasicMerge', version: 1, mapper: null, metadata: at(900), outputs: [{ name: 'm', mappings: ['{{3.value}}', '{{4.value}}'] }],
          filters: [null, { name: 'has text', conditions: [[{ a: '{{4.value}}', o: 'text:equal', b: 'ok' }]] }] },
        { id: 6, module: 'http:MakeRequest', version: 4, mapper: {}, metadata: at(1200) },
      ],
      metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
    });
    expect(x.edge('3', '5').filter).toBeUndefined();
    expect(x.edge('4', '5').filter).toMatchObject({ mode: 'break', conditions: { '@and': [{ '{{[4].value}}': { _eq: 'ok' } }] } });
    expect(x.into('5').map((e) => e.source).sort()).toEqual(['3', '4']);
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Make import: a route or a branch that is not one', () => {
  const at = (x: number) => ({ designer: { x, y: 0 } });
  it('is left out with a note naming where it is, the others read', () => {
    const x = imported({
      name: 'Odd lists',
      flow: [
        { id: 1, module: 'gateway:CustomWebHook', version: 1, metadata: at(0) },
        { id: 2, module: 'builtin:BasicRouter', version: 1, mapper: null, metadata: at(300), routes: ['x', { flow: [{ id: 3, module: 'slack:CreateMessage', version: 1, metadata: at(600) }] }, { flow: 'y' }] },
      ],
      metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
    });
    expect(x.edge('2', '3').route).toMatchObject({ priority: 1 });
    const notes = x.report.notes.filter((n) => n.source === '2').map((n) => n.message);
    expect(notes).toContainEqual(expect.stringMatching(/^2\.routes\[0\] is not a route .*the text "x".*left out/));
    expect(notes).toContainEqual(expect.stringMatching(/^2\.routes\[2\] is not a route .*no list of modules/));
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('an if-else branch that is not one is left out with a note', () => {
    const x = imported({
      name: 'Odd branch',
      flow: [
        { id: 1, module: 'gateway:CustomWebHook', version: 1, metadata: at(0) },
        { id: 2, module: 'builtin:BasicIfElse', version: 1, mapper: null, metadata: at(300), branches: [7, { type: 'else', flow: [{ id: 3, module: 'slack:CreateMessage', version: 1, metadata: at(600) }] }, { type: 'condition', conditions: [[{ a: '1', o: 'text:equal', b: '1' }]], flow: null }] },
      ],
      metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
    });
    expect(x.edge('2', '3').route).toMatchObject({ fallback: true });
    expect(x.report.notes).toContainEqual({ source: '2', message: expect.stringMatching(/^2\.branches\[0\] is not a branch .*7.*left out/) });
    expect(x.report.notes).toContainEqual({ source: '2', message: expect.stringMatching(/^2\.branches\[2\] has no list of modules \(its flow is null\)/) });
  });

  it.each([
    ['not a list', { routes: 'nope' }, /the text "nope"/],
    ['missing', {}, /missing/],
    ['an empty list', { routes: [] }, /is an empty list/],
  ])('a router whose routes are %s: a note at flow[1].routes says its path ends there, and the modules after it are reported unconnected', (_, routes, said) => {
    const x = imported({
      name: 'Router without routes',
      flow: [
        { id: 1, module: 'gateway:CustomWebHook', version: 1, metadata: at(0) },
        { id: 2, module: 'builtin:BasicRouter', version: 1, mapper: null, metadata: at(300), ...routes },
        { id: 3, module: 'slack:CreateMessage', version: 1, metadata: at(600) },
      ],
      metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
    });
    const note = x.report.notes.find((n) => n.source === '2');
    expect(note?.message).toMatch(/^flow\[1\]\.routes /);
    expect(note?.message).toMatch(said);
    expect(note?.message).toMatch(/no (list of )?routes, so nothing runs after it/);
    expect(x.into('3')).toEqual([]);
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('an if-else whose branches are not a list: a note at its path says nothing runs after it', () => {
    const x = imported({
      name: 'If-else without branches',
      flow: [
        { id: 1, module: 'gateway:CustomWebHook', version: 1, metadata: at(0) },
        { id: 2, module: 'builtin:BasicIfElse', version: 1, mapper: null, metadata: at(300), branches: { type: 'else' } },
      ],
      metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
    });
    expect(x.report.notes).toContainEqual({ source: '2', message: expect.stringMatching(/^flow\[1\]\.branches .*an object.*no list of branches/) });
  });
});

describe('Make import: a filter on the first module of an if-else branch', () => {
  // An if-else picks one branch by its conditions; the first module's own filter is checked after
  // that, and a bundle that fails it stops. A route of an exclusive router cannot say both (its
  // condition decides what the else branch gets), so the report must say what was approximated.
  const at = (x: number, y = 0) => ({ designer: { x, y } });
  const filter = (b: string) => ({ name: 'f', conditions: [[{ a: '{{1.kind}}', o: 'text:equal', b }]] });
  const x = imported({
    name: 'Branch filters',
    flow: [
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 2, module: 'builtin:BasicIfElse', version: 1, mapper: null, metadata: at(300), branches: [
        { type: 'condition', conditions: [[{ a: '{{1.n}}', o: 'number:greater', b: '5' }]], flow: [{ id: 3, module: 'slack:CreateMessage', version: 1, metadata: at(600), filter: filter('a') }] },
        { type: 'else', flow: [{ id: 4, module: 'slack:CreateMessage', version: 1, metadata: at(600, 200), filter: filter('b') }] },
      ] },
    ],
    metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
  });

  it('says the filter joined the branch condition, so a bundle that fails it goes to the else branch here', () => {
    expect(x.edge('2', '3').route!.conditions).toBeDefined();
    expect(x.report.notes).toContainEqual({ source: '3', message: expect.stringMatching(/^its filter joined the condition of the if-else's branch 0: in Make a bundle that fails it stops/) });
  });

  it('says the filter of the else branch is not priced (the else route runs whenever no condition matched)', () => {
    expect(x.edge('2', '4').route!.fallback).toBe(true);
    expect(x.report.notes).toContainEqual({ source: '4', message: expect.stringMatching(/^its filter is not priced: the else branch runs whenever no condition matched/) });
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Make import: the API\'s answer and its scheduling (GET /scenarios/{id}/blueprint, make-typescript-sdk)', () => {
  // Make's API answers `{ "code": "OK", "response": { "blueprint": {…}, "scheduling": {…} } }`; saving
  // that body is how a scenario is often taken out of Make. It was refused as "not a … Make file".
  const at = (x: number) => ({ designer: { x, y: 0 } });
  const blueprint = {
    name: 'Polled',
    flow: [
      { id: 1, module: 'http:ActionGetFile', version: 3, mapper: {}, metadata: at(0) },
      { id: 2, module: 'google-drive:uploadAFile', version: 4, mapper: {}, metadata: at(300) },
    ],
    metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
  };
  const scheduleOf = (value: unknown) => (imported(value).module('schedule').config as { schedule?: string } | undefined)?.schedule;

  it('reads the blueprint inside the API\'s response, and the scheduling beside it', () => {
    const result = importFlow({ code: 'OK', response: { blueprint, scheduling: { type: 'indefinitely', interval: 900 }, idSequence: 3 } });
    expect(result.ok && result.format).toBe('make');
    expect(scheduleOf({ code: 'OK', response: { blueprint, scheduling: { type: 'indefinitely', interval: 900 } } })).toBe('*/15 * * * *');
    expect(scheduleOf({ response: { blueprint: JSON.stringify(blueprint) } })).toBeUndefined();
  });

  it('reads a scheduling written as JSON text, as Make\'s create and update requests carry it', () => {
    expect(scheduleOf({ blueprint: JSON.stringify(blueprint), scheduling: JSON.stringify({ type: 'daily', time: '08:30' }) })).toBe('30 8 * * *');
  });

  it('reads weekly, monthly and yearly schedules (days of the week 0–6 from Sunday, days of the month 1–31)', () => {
    expect(scheduleOf({ blueprint, scheduling: { type: 'weekly', days: [1, 3], time: '09:05' } })).toBe('5 9 * * 1,3');
    expect(scheduleOf({ blueprint, scheduling: { type: 'monthly', days: [1, 15], time: '06:00' } })).toBe('0 6 1,15 * *');
    expect(scheduleOf({ blueprint, scheduling: { type: 'yearly', months: [1, 7], days: [2], time: '23:59' } })).toBe('59 23 2 1,7 *');
  });

  it('says what a scheduling that no cron can say is, instead of "could not be read"', () => {
    const noteOf = (scheduling: unknown) => imported({ blueprint, scheduling }).report.notes.find((n) => n.source === 'scheduling')?.message;
    expect(noteOf({ type: 'on-demand' })).toMatch(/^its scheduling is on demand/);
    expect(noteOf({ type: 'indefinitely', interval: 420 })).toMatch(/every 7 minutes/);
    expect(noteOf({ type: 'weekly', days: [9], time: '09:00' })).toMatch(/could not be read/);
    expect(noteOf('not json')).toMatch(/could not be read/);
    expect(noteOf(null)).toBeUndefined(); // null is no scheduling, as when it is absent
  });
});

describe('Make import: Google Sheets "Search Rows" (google-sheets:filterRows) outputs a bundle per row', () => {
  // Its Make identifier is filterRows, not SearchRows: an aggregator of it collects its rows, so the
  // modules between run once per row (as in a real export: Search Rows → OpenAI → Update a row → Text aggregator).
  const at = (x: number) => ({ designer: { x, y: 0 } });
  const x = imported({
    name: 'Rows',
    flow: [
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 2, module: 'google-sheets:filterRows', version: 2, mapper: { limit: '50' }, metadata: at(300) },
      { id: 3, module: 'openai-gpt-3:CreateCompletion', version: 1, mapper: {}, metadata: at(600) },
      { id: 4, module: 'util:TextAggregator', version: 1, parameters: { feeder: 2 }, mapper: {}, metadata: at(900) },
    ],
    metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
  });

  it('is a search, and its aggregator closes the loop an iterator opens after it', () => {
    expect(x.module('2').type).toBe('search');
    const [loop] = x.from('2');
    expect(x.module(loop!.target).type).toBe('iterator');
    expect(x.module('4')).toMatchObject({ type: 'aggregator', config: { iteratorId: loop!.target } });
    expect(priceFlow(x.flow).byId.get('3')!.executions).toBeGreaterThan(1);
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('Make import: a filter whose conditions cannot be read', () => {
  // A filter is kept as conditions, or as text when an operator has no equivalent. One whose
  // conditions are not Make's list of AND-groups was dropped without a word: the module was priced
  // as always reached, and the report did not say a filter had been there.
  const at = (x: number) => ({ designer: { x, y: 0 } });
  const x = imported({
    name: 'Filters',
    flow: [
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 2, module: 'http:ActionSendData', version: 3, mapper: {}, metadata: at(300), filter: { name: 'Only paid', conditions: 'status = paid' } },
      { id: 3, module: 'slack:CreateMessage', version: 1, mapper: {}, metadata: at(600), filter: 'paid' },
      { id: 4, module: 'slack:CreateMessage', version: 1, mapper: {}, metadata: at(900), filter: { name: 'none', conditions: [] } },
    ],
    metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
  });

  it('says so, naming the filter and what its conditions are', () => {
    expect(x.report.notes).toContainEqual({ source: '2', message: expect.stringMatching(/^its filter 'Only paid' has no conditions that can be read \(its conditions are the text "status = paid"/) });
    expect(x.report.notes).toContainEqual({ source: '3', message: expect.stringMatching(/^its filter is the text "paid", not a filter/) });
    // An empty list of conditions lets every bundle through, as the module runs here: nothing to say.
    expect(x.report.notes.filter((n) => n.source === '4')).toEqual([]);
  });
});

describe('Make import: Break with automatic retries, as a real export writes it', () => {
  // A real export: onerror: [{ module: 'builtin:Break', mapper: { retry: true, count: '3', interval: '15' } }].
  // The note said only that Break "may retry"; how often and how far apart is what the user needs to set retries.
  const at = (x: number) => ({ designer: { x, y: 0 } });
  const scenario = (mapper: unknown) => ({
    name: 'Break',
    flow: [
      { id: 1, module: 'gateway:CustomWebHook', version: 1, parameters: {}, metadata: at(0) },
      { id: 2, module: 'airtable:ActionCreateRecord', version: 3, mapper: {}, metadata: at(300), onerror: [{ id: 3, module: 'builtin:Break', version: 1, parameters: {}, mapper, metadata: at(300) }] },
    ],
    metadata: { version: 1, scenario: {}, designer: { orphans: [] } },
  });
  const noteOf = (mapper: unknown) => imported(scenario(mapper)).report.notes.find((n) => n.source === '3')?.message;

  it('names its attempts and their interval', () => {
    expect(noteOf({ retry: true, count: '3', interval: '15' })).toBe(
      "Break retries action 'airtable:ActionCreateRecord' up to 3 times, 15 minutes apart, when it fails; its retries assumption takes its default",
    );
  });

  it('without automatic retries, it stores the failed run: no retry', () => {
    expect(noteOf({ retry: false })).toBe("Break stores the failed run of action 'airtable:ActionCreateRecord' without retrying it; its retries assumption takes its default");
    expect(noteOf({ count: '{{1.n}}', retry: true })).toMatch(/^Break may retry action 'airtable:ActionCreateRecord'; its retries/);
  });
});
