/**
 * Property: any importable file — random n8n workflows, Make blueprints and Altan flows of the
 * right shape — imports; its report lists every source node exactly once (as a module, or
 * dropped / folded with a reason), and today's validator finds no structural error in the flow
 * (the version-3 error edges set aside).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFlow } from '../parse';
import { serializeFlow } from '../serialize';
import { importFlow } from './index';
import { structuralErrors } from './testing';

const sorted = (xs: string[]): string[] => [...xs].sort();

function check(value: unknown, sources: string[]): void {
  const result = importFlow(value);
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  const report = result.report!;
  expect(sorted([...report.modules.map((m) => m.source), ...report.dropped.map((d) => d.source)])).toEqual(sorted(sources));
  expect(structuralErrors(result.flow)).toEqual([]);
  expect(result.flow.modules.filter((m) => m.type === 'trigger')).toHaveLength(1);
  const reread = parseFlow(serializeFlow(result.flow));
  expect(reread.ok ? [] : reread.errors.map((e) => e.message)).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// n8n

const N8N_TYPES = [
  'n8n-nodes-base.manualTrigger',
  'n8n-nodes-base.scheduleTrigger',
  'n8n-nodes-base.webhook',
  'n8n-nodes-base.httpRequest',
  'n8n-nodes-base.slack',
  'n8n-nodes-base.code',
  'n8n-nodes-base.if',
  'n8n-nodes-base.switch',
  'n8n-nodes-base.filter',
  'n8n-nodes-base.merge',
  'n8n-nodes-base.splitOut',
  'n8n-nodes-base.splitInBatches',
  'n8n-nodes-base.aggregate',
  'n8n-nodes-base.set',
  'n8n-nodes-base.respondToWebhook',
  'n8n-nodes-base.executeWorkflow',
  'n8n-nodes-base.wait',
  'n8n-nodes-base.stickyNote',
  '@n8n/n8n-nodes-langchain.agent',
  '@n8n/n8n-nodes-langchain.lmChatOpenAi',
  '@n8n/n8n-nodes-langchain.toolWorkflow',
  'community.somethingElse',
];

const n8nNode = fc.record({
  name: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'),
  type: fc.constantFrom(...N8N_TYPES),
  typeVersion: fc.constantFrom(1, 2, 3, 3.2),
  position: fc.option(fc.tuple(fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: -2000, max: 2000 })), { nil: undefined }),
  disabled: fc.option(fc.boolean(), { nil: undefined }),
  onError: fc.option(fc.constantFrom('continueErrorOutput', 'continueRegularOutput', 'stopWorkflow'), { nil: undefined }),
  parameters: fc.constantFrom({}, { operation: 'getAll' }, { options: { fallbackOutput: 'extra' }, rules: { values: [{}, {}] } }),
});

const n8nWorkflow = fc
  .record({
    nodes: fc.array(n8nNode, { minLength: 0, maxLength: 14 }),
    links: fc.array(
      fc.record({
        from: fc.nat(20),
        to: fc.nat(20),
        output: fc.nat(3),
        type: fc.constantFrom('main', 'main', 'main', 'ai_languageModel', 'ai_tool'),
      }),
      { maxLength: 30 },
    ),
  })
  .map(({ nodes, links }) => {
    const connections: Record<string, Record<string, { node: string; type: string; index: number }[][]>> = {};
    const nameOf = (i: number) => nodes[i]?.name ?? `Missing ${i}`;
    for (const l of links) {
      const byType = (connections[nameOf(l.from)] ??= {});
      const outputs = (byType[l.type] ??= []);
      while (outputs.length <= l.output) outputs.push([]);
      outputs[l.output]!.push({ node: nameOf(l.to), type: l.type, index: 0 });
    }
    return { name: 'Random', nodes, connections };
  });

// ---------------------------------------------------------------------------------------------
// Make

type MakeModule = Record<string, unknown>;
const MAKE_IDS = [
  'gateway:CustomWebHook',
  'http:MakeRequest',
  'slack:ListMessages',
  'util:SetVariable2',
  'gateway:WebhookRespond',
  'builtin:BasicFeeder',
  'builtin:BasicAggregator',
  'builtin:Ignore',
  'builtin:Resume',
  'code:ExecuteCode',
];
const filterArb = fc.option(
  fc.record({ name: fc.constant('f'), conditions: fc.constant([[{ a: '{{1.x}}', o: 'number:greater', b: '1' }]]) }),
  { nil: undefined },
);

const makeList: fc.Arbitrary<MakeModule[]> = fc.letrec<{ list: MakeModule[]; module: MakeModule }>((tie) => ({
  list: fc.array(tie('module'), { minLength: 1, maxLength: 3 }),
  module: fc.oneof(
    { depthSize: 'small', maxDepth: 2, withCrossShrink: true },
    fc.record({ module: fc.constantFrom(...MAKE_IDS), filter: filterArb, feeder: fc.nat(30), onerror: fc.option(tie('list'), { nil: undefined }) }).map(
      ({ module, filter, feeder, onerror }) => ({
        module,
        ...(filter ? { filter } : {}),
        ...(module === 'builtin:BasicAggregator' ? { parameters: { feeder } } : {}),
        ...(onerror ? { onerror } : {}),
      }),
    ),
    fc.array(tie('list'), { minLength: 1, maxLength: 2 }).map((routes) => ({ module: 'builtin:BasicRouter', mapper: null, routes: routes.map((flow) => ({ flow })) })),
    fc.tuple(fc.array(tie('list'), { minLength: 1, maxLength: 2 }), fc.boolean()).map(([branches, withMerge]) => ({
      module: 'builtin:BasicIfElse',
      mapper: null,
      branches: branches.map((flow, i) => ({ type: i === branches.length - 1 && i > 0 ? 'else' : 'condition', merge: i % 2 === 0, conditions: [[{ a: '{{1.x}}', o: 'text:equal', b: 'y' }]], flow })),
      withMerge,
    })),
  ),
})).list;

/** Numbers the modules in order (merges after if-elses are inserted here) and returns their ids. */
function numberMake(list: MakeModule[], ids: string[]): MakeModule[] {
  const out: MakeModule[] = [];
  for (const m of list) {
    const { withMerge, ...rest } = m as MakeModule & { withMerge?: boolean };
    const id = ids.length + 1;
    ids.push(String(id));
    const copy: MakeModule = { ...rest, id, version: 1, metadata: { designer: { x: id * 300, y: 0 } } };
    if (Array.isArray(copy.onerror)) copy.onerror = numberMake(copy.onerror as MakeModule[], ids);
    if (Array.isArray(copy.routes)) copy.routes = (copy.routes as { flow: MakeModule[] }[]).map((r) => ({ flow: numberMake(r.flow, ids) }));
    if (Array.isArray(copy.branches)) copy.branches = (copy.branches as { flow: MakeModule[] }[]).map((b) => ({ ...b, flow: numberMake(b.flow, ids) }));
    out.push(copy);
    if (withMerge) {
      const mergeId = ids.length + 1;
      ids.push(String(mergeId));
      out.push({ id: mergeId, module: 'builtin:BasicMerge', version: 1, metadata: { designer: { x: mergeId * 300, y: 0 } } });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Altan

const ALTAN_TYPES: [string, string?][] = [
  ['trigger'],
  ['action'],
  ['search'],
  ['router'],
  ['iterator'],
  ['aggregator'],
  ['internal', 'code'],
  ['internal', 'aigent'],
  ['internal', 'octopus'],
  ['internal', 'response'],
  ['internal', 'vars'],
  ['repeater'],
];
const pointer = fc.option(fc.nat(14), { nil: null });
const altanModule = fc.record({
  type: fc.constantFrom(...ALTAN_TYPES),
  next: pointer,
  except: pointer,
  routes: fc.array(fc.record({ priority: fc.nat(4), next: pointer, cond: fc.boolean() }), { maxLength: 3 }),
  filter: fc.constantFrom(undefined, { '{{[0].x}}': { _eq: 1 } }, { '{{[2].y}}': { _bogus: 1 } }),
  mode: fc.constantFrom('break', 'skip', undefined),
  iterator: fc.nat(14),
  placed: fc.boolean(),
});
const altanFlow = fc.array(altanModule, { maxLength: 14 }).map((mods) => {
  const idOf = (i: number | null) => (i === null ? null : i < mods.length ? `a${i}` : `gone-${i}`);
  return {
    flow: {
      name: 'Random Altan',
      modules: mods.map((m, i) => ({
        id: `a${i}`,
        type: m.type[0],
        ...(m.type[1] ? { internal_type: m.type[1] } : {}),
        position: i,
        next_module_id: idOf(m.next),
        except_module_id: idOf(m.except),
        ...(m.type[0] === 'router'
          ? { route_conditions: m.routes.map((r) => ({ priority: r.priority, next_module_id: idOf(r.next), condition_logic: r.cond ? { '{{[0].x}}': { _gt: 1 } } : {} })) }
          : {}),
        ...(m.type[0] === 'aggregator' ? { logic: { iterator: String(m.iterator) } } : {}),
        meta_data: {
          ...(m.placed ? { position: { x: i * 250, y: 0 } } : {}),
          ...(m.filter ? { _filter_spec: m.filter } : {}),
          ...(m.mode ? { _filter_mode: m.mode } : {}),
        },
      })),
    },
  };
});

/** About 2 s each on a quiet machine; a loaded one (issue 18) may take ten times that. */
const TIMEOUT = 60_000;

describe('any importable file', () => {
  it('n8n: every node is in the report once; the flow has no structural error', () => {
    fc.assert(
      fc.property(n8nWorkflow, (w) => check(w, w.nodes.map((n) => n.name))),
      { numRuns: 300 },
    );
  }, TIMEOUT);

  it('Make: every module is in the report once; the flow has no structural error', () => {
    fc.assert(
      fc.property(makeList, fc.boolean(), (list, wrapped) => {
        const ids: string[] = [];
        const flow = numberMake(list, ids);
        const blueprint = { name: 'Random Make', flow, metadata: { version: 1 } };
        check(wrapped ? { blueprint } : blueprint, ids);
      }),
      { numRuns: 200 },
    );
  }, TIMEOUT);

  it('Altan: every module is in the report once; the flow has no structural error', () => {
    fc.assert(
      fc.property(altanFlow, (f) => check(f, f.flow.modules.map((m) => m.id))),
      { numRuns: 300 },
    );
  }, TIMEOUT);
});
