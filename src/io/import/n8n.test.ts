import { describe, expect, it } from 'vitest';
import { priceFlow } from '../../cost/price';
import { fixture, imported, structuralErrors } from './testing';

describe('n8n import: every row of the mapping', () => {
  const x = imported(fixture('n8n-every-row.json'));
  const kinds = Object.fromEntries(x.report.modules.map((m) => [m.source, m.kind]));

  it('maps node types to kinds', () => {
    expect(kinds).toEqual({
      'Every 30 min': 'trigger',
      'Fetch orders': 'action',
      'Log failure': 'code',
      'Has orders?': 'router',
      'Nothing to do': 'variables',
      'Each order': 'iterator',
      'By country': 'router',
      'Spanish invoice': 'action',
      'French invoice': 'action',
      'Other invoice': 'variables',
      'Merge invoices': 'octopus',
      'All invoices': 'aggregator',
      'Support bot': 'ai_agent',
      'List contacts': 'search',
      'Wait a bit': 'action',
      'Loop Over Items': 'iterator',
      Enrich: 'action',
      'Run sub-workflow': 'invoke',
      'Notify Slack': 'action',
      'Notify mail': 'action',
      Reply: 'response',
      'Lonely total': 'variables',
      'Retry later': 'variables',
    });
  });

  it('drops sticky notes, disabled nodes, second triggers and folds AI sub-nodes, each with its reason', () => {
    expect(x.dropped('Sticky Note')).toBe('sticky note');
    expect(x.dropped('Old step')).toMatch(/^disabled/);
    expect(x.dropped('Manual')).toBe("second trigger (the flow starts at 'Every 30 min')");
    expect(x.dropped('Chat model')).toBe("folded into agent 'Support bot'");
    expect(x.dropped('Memory')).toBe("folded into agent 'Support bot'");
    expect(x.dropped('Lookup tool')).toBe("folded into agent 'Support bot'");
    expect(x.dropped('Orphan model')).toBe('AI sub-node connected to no agent');
  });

  it('turns a Filter node into a break filter on the joined edge and names that edge', () => {
    const e = x.edge('n-split', 'n-switch');
    expect(e.filter).toMatchObject({ mode: 'break', conditions: { '@and': [{ '{{ $json.status }}': { _eq: 'paid' } }] } });
    expect(x.dropped('Paid only')).toBe(`became the filter on edge ${e.id}`);
  });

  it('joins edges past a disabled node', () => {
    expect(x.edge('n-contacts', 'n-wait')).toBeDefined();
  });

  it('makes an IF with both branches an exclusive router (true a route, false the fallback)', () => {
    expect(x.module('n-if').config).toEqual({ mode: 'exclusive' });
    expect(x.edge('n-if', 'n-split').route).toMatchObject({ priority: 0, fallback: false, conditions: { '@and': [{ '{{ $json.count }}': { _gt: 0 } }] } });
    expect(x.edge('n-if', 'n-none').route).toMatchObject({ fallback: true });
  });

  it('makes a Switch a router with one route per rule, the extra output the fallback, and an untranslatable rule kept as text', () => {
    expect(x.edge('n-switch', 'n-es').route).toMatchObject({ priority: 0, conditions: { '@and': [{ '{{ $json.country }}': { _eq: 'ES' } }] } });
    const regex = x.edge('n-switch', 'n-fr').route as { conditions?: unknown; sourceCondition?: string };
    expect(regex.conditions).toBeUndefined();
    expect(regex.sourceCondition).toContain('regex ^F');
    expect(x.edge('n-switch', 'n-other').route).toMatchObject({ fallback: true });
  });

  it('closes loops: Aggregate closes Split Out; Split In Batches\' done output becomes an aggregator the body returns to', () => {
    expect(x.module('n-agg').config).toEqual({ iteratorId: 'n-split' });
    const done = x.flow.modules.find((m) => m.type === 'aggregator' && m.name === 'Loop Over Items done')!;
    expect(done.config).toEqual({ iteratorId: 'n-batches' });
    expect(x.edge('n-batches', 'n-body')).toBeDefined();
    expect(x.edge('n-body', done.id)).toBeDefined();
    expect(x.edge(done.id, 'n-sub')).toBeDefined();
    expect(x.report.repairs.some((r) => r.kind === 'cycle-edge-dropped' && r.message.includes('Enrich'))).toBe(false);
  });

  it('makes the error output an error edge and notes retries', () => {
    expect(x.edge('n-http', 'n-errlog').error).toBe(true);
    expect(x.report.notes).toContainEqual({ source: 'Fetch orders', message: expect.stringContaining('retries up to 2 times') });
  });

  it('repairs fan-out with a router, fan-in with an octopus, a back edge, a missing node, a loop-less aggregate', () => {
    const fan = x.report.repairs.find((r) => r.kind === 'router-inserted')!;
    expect(x.module(fan.moduleId!).config).toEqual({ mode: 'standard' });
    expect(x.from(fan.moduleId!).map((e) => [e.target, e.route?.passRate])).toEqual([
      ['n-fanA', 1],
      ['n-fanB', 1],
    ]);
    const merge = x.report.repairs.find((r) => r.kind === 'octopus-inserted')!;
    expect(x.into('n-join').map((e) => e.source)).toEqual([merge.moduleId]);
    expect(x.report.repairs.map((r) => r.kind)).toEqual(expect.arrayContaining(['cycle-edge-dropped', 'missing-target-ignored', 'aggregator-changed']));
    expect(kinds['Lonely total']).toBe('variables');
  });

  it('turns the schedule into a cron, scales and turns positions, and notes the time zone', () => {
    expect(x.module('n-sched').config).toEqual({ schedule: '*/30 * * * *' });
    // [200, 300] × 1.5 = (300, 450), turned a quarter: across 450 × 1.4, along 300 × 0.6.
    expect(x.module('n-http').position).toEqual({ x: 630, y: 180 });
    expect(x.report.notes).toContainEqual({ source: 'Every 30 min', message: expect.stringContaining('Europe/Madrid') });
  });

  it('lists every node exactly once and passes today\'s validator', () => {
    const value = fixture('n8n-every-row.json') as { nodes: { name: string }[] };
    const sources = [...x.report.modules.map((m) => m.source), ...x.report.dropped.map((d) => d.source)].sort();
    expect(sources).toEqual(value.nodes.map((n) => n.name).sort());
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

/** An n8n node of that type version at (x, 0), for the workflows written in the tests below. */
const nodeOf = (typeVersion: number) => (name: string, type: string, x: number, extra: object = {}) => ({ name, type: `n8n-nodes-base.${type}`, typeVersion, position: [x, 0], parameters: {}, ...extra });
/** A node's main outputs, each to the nodes named. */
const to = (...outputs: string[][]) => ({ main: outputs.map((targets) => targets.map((n) => ({ node: n, type: 'main', index: 0 }))) });

describe('n8n import: nodes without ids (workflows exported before n8n gave nodes ids)', () => {
  const node = nodeOf(1);
  const nodes = [node('Start', 'manualTrigger', 0), node('Fetch', 'httpRequest', 200), node('Ask AI', 'openAi', 400), node('Save', 'googleSheets', 600)];
  const connections = { Start: to(['Fetch']), Fetch: to(['Ask AI']), 'Ask AI': to(['Save']) };
  const idsByName = (value: unknown) => Object.fromEntries(imported(value).flow.modules.map((m) => [m.name, m.id]));

  it('are known by their name, so the same workflow with its nodes listed in another order, or one node fewer, keeps every module id', () => {
    // Before 8 Dec they took m1, m2… by their place: a reorder or a deleted node made `diff` report modules renamed, reconfigured and moved.
    const listed = idsByName({ name: 'No ids', nodes, connections });
    expect(listed).toEqual({ Start: 'Start', Fetch: 'Fetch', 'Ask AI': 'Ask AI', Save: 'Save' });
    expect(idsByName({ name: 'No ids', nodes: [...nodes].reverse(), connections })).toEqual(listed);
    const fewer = idsByName({ name: 'No ids', nodes: nodes.filter((n) => n.name !== 'Fetch'), connections: { Start: to(['Ask AI']), 'Ask AI': to(['Save']) } });
    expect(fewer).toEqual({ Start: 'Start', 'Ask AI': 'Ask AI', Save: 'Save' });
  });

  it('a node with an id keeps it; a name that is not a usable id (too long, or taken) gets one made', () => {
    const long = 'x'.repeat(201);
    const ids = idsByName({ name: 'Mixed', nodes: [node('Start', 'manualTrigger', 0, { id: 'Fetch' }), node('Fetch', 'httpRequest', 200), node(long, 'httpRequest', 400)], connections: { Start: to(['Fetch']), Fetch: to([long]) } });
    expect(ids.Start).toBe('Fetch');
    expect(ids.Fetch).toMatch(/^m\d+$/);
    expect(Object.values(ids).find((id) => id !== 'Fetch' && id !== ids.Fetch)).toMatch(/^m\d+$/);
  });
});

describe('n8n import: a node set to Execute Once', () => {
  const node = nodeOf(1);
  const x = imported({
    name: 'Once',
    nodes: [node('Start', 'manualTrigger', 0), node('Split', 'splitOut', 200), node('Summary', 'httpRequest', 400, { executeOnce: true })],
    connections: { Start: to(['Split']), Split: to(['Summary']) },
  });

  it('says that n8n runs it once whatever the items, while the flow prices it per item of its loop', () => {
    expect(x.report.notes).toContainEqual({ source: 'Summary', message: expect.stringContaining('Execute Once') });
  });
});

describe('n8n import: one-branch IFs, legacy Switch and Split In Batches, no positions', () => {
  const x = imported(fixture('n8n-one-branch-if.json'));

  it('folds two one-branch IFs into one filter (the false branch negated), version-1 conditions translated', () => {
    const [hook, sw] = [x.report.modules.find((m) => m.source === 'Hook')!.id, x.report.modules.find((m) => m.source === 'Legacy switch')!.id];
    const e = x.edge(hook, sw);
    expect(e.filter?.conditions).toEqual({
      '@and': [
        { '@and': [{ '{{ $json.tier }}': { _neq: 'basic' } }, { '{{ $json.score }}': { _gte: 5 } }] },
        { '@not': [{ '@or': [{ '{{ $json.vip }}': { _eq: true } }] }] },
      ],
    });
    expect(x.dropped('Only VIPs')).toBe(`became the filter on edge ${e.id}`);
    expect(x.dropped('Not VIP')).toBe(`became the filter on edge ${e.id}`);
  });

  it('reads a version-1 Switch: value1 against each rule, the fallback output', () => {
    const sw = x.report.modules.find((m) => m.source === 'Legacy switch')!.id;
    const routes = x.from(sw).map((e) => e.route);
    expect(routes).toEqual([
      expect.objectContaining({ priority: 0, conditions: { '{{ $json.status }}': { _eq: 'open' } } }),
      expect.objectContaining({ priority: 1, conditions: { '{{ $json.status }}': { _eq: 'closed' } } }),
      expect.objectContaining({ priority: 2, fallback: true }),
    ]);
  });

  it('makes a version-1 Split In Batches with a back edge an iterator, the back edge the end of its body', () => {
    const it = x.report.modules.find((m) => m.source === 'Old batches')!;
    expect(it.kind).toBe('iterator');
    expect(x.report.repairs.some((r) => r.kind === 'cycle-edge-dropped')).toBe(false);
    expect(x.report.notes).toContainEqual({ source: 'Old batches', message: expect.stringContaining('ends its loop') });
  });

  it('a Split In Batches body whose error output also returns to the loop still closes it with the done output', () => {
    // Loop → Call API; its success output goes back through a disabled node, its error output
    // through Log fail. The octopus merging the two returns sits inside the loop. Before, the
    // error edge was left out of the loop check, Log fail looked like a start outside any loop,
    // and "Loop done" became a variables module: Done ran once per item (×10), not once per run.
    const node = nodeOf(3);
    const x = imported({
      nodes: [
        node('Start', 'manualTrigger', 0),
        node('Loop', 'splitInBatches', 200),
        node('Call API', 'httpRequest', 400, { onError: 'continueErrorOutput' }),
        node('Log fail', 'code', 600),
        node('Old step', 'set', 600, { disabled: true }),
        node('Done', 'slack', 400),
      ],
      connections: {
        Start: to(['Loop']),
        Loop: to(['Done'], ['Call API']),
        'Call API': to(['Old step'], ['Log fail']),
        'Old step': to(['Loop']),
        'Log fail': to(['Loop']),
      },
    });
    const loop = x.report.modules.find((m) => m.source === 'Loop')!.id;
    const done = x.flow.modules.find((m) => m.name === 'Loop done')!;
    expect(done).toMatchObject({ type: 'aggregator', config: { iteratorId: loop } });
    expect(x.report.repairs.map((r) => r.kind)).toEqual(['octopus-inserted']);
    const api = x.report.modules.find((m) => m.source === 'Call API')!.id;
    expect(x.from(api).find((e) => e.error)).toBeDefined();
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('an error output that jumps into a loop from outside it is dropped and said (before: refused, error-edge-loop)', () => {
    const node = nodeOf(4);
    const x = imported({
      nodes: [node('Start', 'manualTrigger', 0), node('Fetch', 'httpRequest', 200, { onError: 'continueErrorOutput' }), node('Each', 'splitOut', 400), node('Save', 'googleSheets', 600)],
      connections: {
        Start: { main: [[{ node: 'Fetch', type: 'main', index: 0 }]] },
        Fetch: { main: [[{ node: 'Each', type: 'main', index: 0 }], [{ node: 'Save', type: 'main', index: 0 }]] },
        Each: { main: [[{ node: 'Save', type: 'main', index: 0 }]] },
      },
    });
    const fetch = x.report.modules.find((m) => m.source === 'Fetch')!.id;
    expect(x.from(fetch).some((e) => e.error)).toBe(false);
    expect(x.report.repairs).toContainEqual(expect.objectContaining({ kind: 'error-edge-dropped', message: expect.stringContaining('runs in another loop') }));
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('two error outputs from different loops into one shared handler: only the one that must go is dropped', () => {
    const node = nodeOf(4);
    const x = imported({
      nodes: [
        node('Start', 'manualTrigger', 0),
        node('Fetch', 'httpRequest', 200, { onError: 'continueErrorOutput' }),
        node('Each', 'splitOut', 400),
        node('Post', 'httpRequest', 600, { onError: 'continueErrorOutput' }),
        node('Save', 'googleSheets', 800),
        node('Notify', 'slack', 800),
      ],
      connections: { Start: to(['Fetch']), Fetch: to(['Each'], ['Notify']), Each: to(['Post']), Post: to(['Save'], ['Notify']) },
    });
    // Each branch alone could stay; the first one read makes the other run in another loop, so it goes,
    // and the one left no longer counts against the second (both were dropped: Notify unreached, its cost gone).
    expect(x.flow.edges.filter((e) => e.error)).toHaveLength(1);
    expect(x.report.repairs.filter((r) => r.kind === 'error-edge-dropped')).toHaveLength(1);
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('nested Split In Batches: the inner loop\'s "done" output back into the outer loop ends the outer body after the inner done', () => {
    // n8n's own test workflow (SplitInBatches.workflow_v3_nested.json). Before, the outer loop
    // turned the inner loop's done connection into an edge from the inner iterator itself: a
    // router sent every item both to the body and out of the loop, and 'Inner done' led nowhere.
    const node = nodeOf(3);
    const x = imported({
      nodes: [
        node('Start', 'manualTrigger', 0),
        node('Outer', 'splitInBatches', 200),
        node('Children', 'code', 400),
        node('Inner', 'splitInBatches', 600),
        node('Process', 'code', 800),
        node('After', 'noOp', 400),
      ],
      connections: { Start: to(['Outer']), Outer: to(['After'], ['Children']), Children: to(['Inner']), Inner: to(['Outer'], ['Process']), Process: to(['Inner']) },
    });
    const id = (source: string) => x.report.modules.find((m) => m.source === source)!.id;
    const outerDone = x.flow.modules.find((m) => m.name === 'Outer done')!;
    const innerDone = x.flow.modules.find((m) => m.name === 'Inner done')!;
    expect(x.report.repairs).toEqual([]);
    expect(x.from(id('Inner')).map((e) => e.target)).toEqual([id('Process')]);
    expect(x.edge(id('Process'), innerDone.id)).toBeDefined();
    expect(x.edge(innerDone.id, outerDone.id)).toBeDefined();
    expect(x.edge(outerDone.id, id('After'))).toBeDefined();
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('an inner Split In Batches whose body goes back to the outer loop is still entered from the outer body', () => {
    // The inner loop comes first in the file. Its body (Work → Found?) either goes on with the outer
    // loop's next item (true) or with its own next item (false). Before, the walk of the inner body
    // went on through the outer loop's end, so the edge into the inner loop looked like one of its
    // ends: Fetch → Inner was dropped, the inner loop was not reachable and its work cost nothing.
    const node = nodeOf(3);
    const x = imported({
      nodes: [
        node('Start', 'manualTrigger', 0),
        node('Inner', 'splitInBatches', 600),
        node('Outer', 'splitInBatches', 200),
        node('Fetch', 'httpRequest', 400),
        node('Work', 'httpRequest', 800),
        node('Found?', 'if', 1000, { typeVersion: 2 }),
        node('After', 'slack', 400),
      ],
      connections: { Start: to(['Outer']), Outer: to(['After'], ['Fetch']), Fetch: to(['Inner']), Inner: to(['Outer'], ['Work']), Work: to(['Found?']), 'Found?': to(['Outer'], ['Inner']) },
    });
    const id = (source: string) => x.report.modules.find((m) => m.source === source)!.id;
    expect(x.edge(id('Fetch'), id('Inner'))).toBeDefined();
    expect(x.report.repairs.filter((r) => r.kind === 'aggregator-changed' || r.kind === 'cycle-edge-dropped')).toEqual([]);
    const priced = priceFlow(x.flow);
    expect(priced.byId.get(id('Work'))!.executions).toBeGreaterThan(priced.byId.get(id('Inner'))!.executions);
    expect(priced.byId.get(id('Inner'))!.executions).toBeGreaterThan(1);
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('asks for a layout when nodes have no position', () => {
    expect(x.report.needsLayout).toBe(true);
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('n8n import: odd files never crash', () => {
  it('imports a node list with no connections, duplicate names and no trigger', () => {
    const x = imported({
      nodes: [
        { name: 'A', type: 'n8n-nodes-base.set', position: [0, 0] },
        { name: 'A', type: 'n8n-nodes-base.set', position: [0, 0] },
        { name: 'B', type: 'n8n-nodes-base.slack', position: [200, 0], parameters: { operation: 'search' } },
      ],
    });
    expect(x.report.modules.map((m) => m.kind)).toEqual(['variables', 'variables', 'search']);
    expect(x.report.repairs.map((r) => r.kind)).toContain('trigger-added');
    expect(x.report.notes).toContainEqual({ source: 'A', message: expect.stringContaining('same name') });
    expect(x.report.needsLayout).toBe(true); // the two A's sit on one spot
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('says which connections it could not read (a name instead of a connection, a list instead of the map), not silently', () => {
    const nodes = [
      { name: 'Start', type: 'n8n-nodes-base.manualTrigger', position: [0, 0] },
      { name: 'Post', type: 'n8n-nodes-base.httpRequest', position: [200, 0] },
    ];
    const names = imported({ nodes, connections: { Start: { main: [['Post']] } } });
    expect(names.report.notes).toContainEqual({ source: 'Start', message: "a connection of its output 0 is a text, not n8n's connections; it was not read" });
    const list = imported({ nodes, connections: [['Start', 'Post']] });
    expect(list.report.notes).toContainEqual({ source: 'connections', message: 'the workflow\'s "connections" is a list of 1 item, not n8n\'s connections; it was not read' });
    const nulls = imported({ nodes, connections: { Start: { main: [null, [{ node: 'Post', type: 'main', index: 0 }]] } } });
    expect(nulls.report.notes).toEqual([]);
  });

  it('translates the schedule rules of the Schedule Trigger', () => {
    const schedule = (rule: object) =>
      imported({ nodes: [{ name: 'S', type: 'n8n-nodes-base.scheduleTrigger', parameters: { rule: { interval: [rule] } } }] }).flow.modules[0]!.config;
    expect(schedule({ field: 'hours', hoursInterval: 2, triggerAtMinute: 15 })).toEqual({ schedule: '15 */2 * * *' });
    expect(schedule({ field: 'days', triggerAtHour: 9 })).toEqual({ schedule: '0 9 * * *' });
    expect(schedule({ field: 'weeks', triggerAtDay: [5, 1], triggerAtHour: 7 })).toEqual({ schedule: '0 7 * * 1,5' });
    expect(schedule({ field: 'months', triggerAtDayOfMonth: 15, triggerAtHour: 6 })).toEqual({ schedule: '0 6 15 * *' });
    expect(schedule({ field: 'cronExpression', expression: '0 0 8 * * 1-5' })).toEqual({ schedule: '0 8 * * 1-5' });
  });

  it('prices a seconds interval through runs per month', () => {
    const x = imported({ nodes: [{ name: 'S', type: 'n8n-nodes-base.scheduleTrigger', parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 30 }] } } }] });
    expect(x.flow.settings.runsPerMonth).toBeCloseTo((365 * 86400) / 12 / 30, 6);
  });
});

describe('n8n import: splicing never multiplies edges without bound', () => {
  const wide = (n: number) => {
    const nodes = [
      { name: 'Start', type: 'n8n-nodes-base.manualTrigger', position: [0, 0] },
      { name: 'Gate', type: 'n8n-nodes-base.filter', position: [400, 0], parameters: { conditions: { combinator: 'and', conditions: [{ leftValue: '={{ $json.ok }}', rightValue: true, operator: { type: 'boolean', operation: 'true' } }] } } },
      ...Array.from({ length: n }, (_, i) => ({ name: `In ${i}`, type: 'n8n-nodes-base.set', position: [200, i * 100] })),
      ...Array.from({ length: n }, (_, i) => ({ name: `Out ${i}`, type: 'n8n-nodes-base.set', position: [600, i * 100] })),
    ];
    const connections: Record<string, { main: { node: string; type: string; index: number }[][] }> = {
      Start: { main: [Array.from({ length: n }, (_, i) => ({ node: `In ${i}`, type: 'main', index: 0 }))] },
      Gate: { main: [Array.from({ length: n }, (_, i) => ({ node: `Out ${i}`, type: 'main', index: 0 }))] },
    };
    for (let i = 0; i < n; i++) connections[`In ${i}`] = { main: [[{ node: 'Gate', type: 'main', index: 0 }]] };
    return { nodes, connections };
  };

  it('splices a Filter between few inputs and outputs', () => {
    const x = imported(wide(2));
    expect(x.dropped('Gate')).toMatch(/^became the filter on edges /);
  });

  it('keeps a Filter joining many inputs to many outputs as a module, its condition on the edges after it', () => {
    const x = imported(wide(100));
    const gate = x.report.modules.find((m) => m.source === 'Gate')!;
    expect(gate.kind).toBe('variables');
    expect(x.report.notes).toContainEqual({ source: 'Gate', message: expect.stringContaining('joins 100 inputs to 100 outputs') });
    expect(x.flow.edges.length).toBeLessThan(1000);
    const routes = x.from(x.from(gate.id)[0]!.target).map((e) => e.route?.conditions);
    expect(routes).toHaveLength(100);
    expect(routes.every((c) => JSON.stringify(c) === JSON.stringify({ '@and': [{ '{{ $json.ok }}': { _eq: true } }] }))).toBe(true);
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});

describe('n8n import: a spliced node says what went with it', () => {
  it('notes the error output of a disabled node', () => {
    const x = imported({
      nodes: [
        { name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
        { name: 'Off', type: 'n8n-nodes-base.httpRequest', disabled: true, onError: 'continueErrorOutput' },
        { name: 'Next', type: 'n8n-nodes-base.set' },
        { name: 'On error', type: 'n8n-nodes-base.set' },
      ],
      connections: {
        Start: { main: [[{ node: 'Off', type: 'main', index: 0 }]] },
        Off: { main: [[{ node: 'Next', type: 'main', index: 0 }], [{ node: 'On error', type: 'main', index: 0 }]] },
      },
    });
    expect(x.dropped('Off')).toMatch(/^disabled/);
    expect(x.report.notes).toContainEqual({ source: 'Off', message: '1 connection from its other outputs (or to itself) went with it' });
  });
});

describe('n8n import: a text classifier', () => {
  const workflow = (multiClass: boolean) => ({
    nodes: [
      { name: 'Chat', type: '@n8n/n8n-nodes-langchain.chatTrigger', position: [0, 0] },
      { name: 'Classify', type: '@n8n/n8n-nodes-langchain.textClassifier', position: [200, 0], parameters: { categories: { categories: [{ category: 'a' }, { category: 'b' }] }, options: { multiClass } } },
      { name: 'A', type: 'n8n-nodes-base.set', position: [400, -100] },
      { name: 'B', type: 'n8n-nodes-base.set', position: [400, 100] },
    ],
    connections: {
      Chat: { main: [[{ node: 'Classify', type: 'main', index: 0 }]] },
      Classify: { main: [[{ node: 'A', type: 'main', index: 0 }], [{ node: 'B', type: 'main', index: 0 }]] },
    },
  });

  it('sends each item down one category: an exclusive router with an even split, reported as defaults', () => {
    const x = imported(workflow(false));
    const router = x.report.repairs.find((r) => r.kind === 'router-inserted')!;
    expect(x.module(router.moduleId!).config).toEqual({ mode: 'exclusive' });
    const routes = x.from(router.moduleId!).map((e) => e.route!);
    expect(routes.map((r) => r.passRate)).toEqual([0.5, 0.5]);
    expect(x.report.defaults.filter((d) => d.edgeId && x.from(router.moduleId!).some((e) => e.id === d.edgeId))).toHaveLength(2);
    expect(structuralErrors(x.flow)).toEqual([]);
  });

  it('with multi-class on, every matching category runs: a standard router', () => {
    const x = imported(workflow(true));
    const router = x.report.repairs.find((r) => r.kind === 'router-inserted')!;
    expect(x.module(router.moduleId!).config).toEqual({ mode: 'standard' });
  });
});

describe('n8n import: a Switch with outputs left unconnected', () => {
  it('shares the default pass rates among all its outputs, so a bundle sent to an unconnected one stops there', () => {
    // Three rules (exclusive), only the third output connected: it takes a third of the bundles, not all.
    const x = imported({
      nodes: [
        { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'sw', name: 'Switch', type: 'n8n-nodes-base.switch', typeVersion: 3, position: [200, 0], parameters: { rules: { values: [{}, {}, {}] } } },
        { id: 'a', name: 'Third', type: 'n8n-nodes-base.httpRequest', typeVersion: 4, position: [400, 0], parameters: {} },
      ],
      connections: {
        Start: { main: [[{ node: 'Switch', type: 'main', index: 0 }]] },
        Switch: { main: [null, null, [{ node: 'Third', type: 'main', index: 0 }]] },
      },
    });
    expect(x.edge('sw', 'a').route).toMatchObject({ priority: 2, fallback: false });
    expect(x.edge('sw', 'a').route!.passRate).toBeCloseTo(1 / 3, 6);
    expect(x.report.defaults.some((d) => d.edgeId === x.edge('sw', 'a').id)).toBe(true);
  });
});

describe('n8n import: a module the import adds never hides a node of the file', () => {
  // The octopus inserted before 'Sink' (two inputs, not a Merge) goes halfway between 'A' and 'Sink':
  // (300, -50) × 1.5, turned a quarter on the canvas, is the very spot of node 'B'.
  const node = (name: string, type: string, x: number, y: number) => ({ id: name, name, type: `n8n-nodes-base.${type}`, typeVersion: 1, position: [x, y], parameters: {} });
  const to = (...names: string[]) => ({ main: [names.map((node) => ({ node, type: 'main', index: 0 }))] });
  const workflow = {
    name: 'Halfway',
    nodes: [node('Start', 'manualTrigger', 0, 0), node('Check', 'if', 100, 0), node('A', 'set', 200, -100), node('B', 'set', 300, -50), node('Sink', 'slack', 400, 0)],
    connections: {
      Start: to('Check'),
      Check: { main: [[{ node: 'A', type: 'main', index: 0 }], [{ node: 'B', type: 'main', index: 0 }]] },
      A: to('Sink'),
      B: to('Sink'),
    },
  };

  it('is moved off a spot a module already holds, and the file\'s own places are kept (no layout asked)', () => {
    const x = imported(workflow);
    const octopus = x.flow.modules.find((m) => m.type === 'octopus');
    expect(octopus).toBeDefined();
    const spots = x.flow.modules.map((m) => `${m.position.x},${m.position.y}`);
    expect(new Set(spots).size).toBe(spots.length);
    expect(x.module('B').position).toEqual({ x: -105, y: 270 });
    expect(x.report.needsLayout).toBe(false);
  });
});

describe('n8n import: a second trigger that leads where the first does (a test trigger beside the schedule)', () => {
  const node = (name: string, type: string, x: number, y: number, parameters: object = {}) => ({ id: name, name, type: `n8n-nodes-base.${type}`, typeVersion: 1.2, position: [x, y], parameters });
  const to = (name: string) => ({ main: [[{ node: name, type: 'main', index: 0 }]] });
  const workflow = {
    name: 'Test and schedule',
    nodes: [
      node('Test it', 'manualTrigger', 0, 0),
      node('Every 30 minutes', 'scheduleTrigger', 0, 200, { rule: { interval: [{ field: 'minutes', minutesInterval: 30 }] } }),
      node('Call', 'httpRequest', 300, 100),
    ],
    connections: { 'Test it': to('Call'), 'Every 30 minutes': to('Call') },
  };

  it('the repair says what follows it still runs from the trigger kept, not that it is unreachable', () => {
    const x = imported(workflow);
    const repair = x.report.repairs.find((r) => r.kind === 'second-trigger');
    expect(repair?.message).toBe("The second trigger 'Every 30 minutes' was dropped; what follows it runs from 'Test it'.");
  });

  it('its schedule is not counted, and the report says how many runs a month it stood for', () => {
    const x = imported(workflow);
    expect(x.flow.settings.runsPerMonth).toBeUndefined();
    expect(x.report.notes).toContainEqual({
      source: 'Every 30 minutes',
      message: "its schedule (every 30 minutes, every day: 1,460 runs a month) is not counted: runs per month follow the trigger kept, 'Test it'; set them if the flow runs on this schedule",
    });
  });

  it('what only the dropped trigger led to is named as not reachable', () => {
    const x = imported({ ...workflow, nodes: [...workflow.nodes, node('Only scheduled', 'slack', 300, 300)], connections: { 'Test it': to('Call'), 'Every 30 minutes': to('Only scheduled') } });
    const repair = x.report.repairs.find((r) => r.kind === 'second-trigger');
    expect(repair?.message).toBe("The second trigger 'Every 30 minutes' was dropped; what only it led to is not reachable: 'Only scheduled'.");
  });
});

describe('n8n import: an added module far out on the canvas', () => {
  it('is imported (a step aside that no longer moves it at y = 1e20 does not loop forever)', () => {
    const node = (name: string, type: string, x: number) => ({ id: name, name, type: `n8n-nodes-base.${type}`, typeVersion: 1, position: [x, 1e20], parameters: {} });
    const to = (name: string) => ({ main: [[{ node: name, type: 'main', index: 0 }]] });
    const x = imported({
      name: 'Far',
      nodes: [node('Start', 'manualTrigger', 0), node('Check', 'if', 100), node('A', 'set', 200), node('B', 'set', 300), node('Sink', 'slack', 400)],
      connections: { Start: to('Check'), Check: { main: [[{ node: 'A', type: 'main', index: 0 }], [{ node: 'B', type: 'main', index: 0 }]] }, A: to('Sink'), B: to('Sink') },
    });
    expect(x.flow.modules.filter((m) => m.type === 'octopus')).toHaveLength(1);
    expect(structuralErrors(x.flow)).toEqual([]);
  });
});
