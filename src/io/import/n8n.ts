/**
 * n8n workflow JSON → Draft, following formats/n8n.md §3. Connections are keyed by node name;
 * each output index is a slot. Sticky notes are dropped; disabled nodes, Filter nodes and IF
 * nodes with one branch connected are spliced out (their edges joined, the condition kept as a
 * filter on the joined edge); AI sub-nodes fold into the node they serve; Split In Batches
 * opens a loop that its "done" output closes; Aggregate closes the innermost open loop.
 */
import { MODULE_KINDS } from '../../model/modules/registry';
import type { ModuleType, Position } from '../../model/types';
import { n8nConditions, n8nSwitchRule, type Translated } from './conditions';
import { isObject, text as str, type Loose } from './values';
import { Draft, joinConditions, secondTriggerDropped, type DraftFilter, type DraftModule, type DraftRoute } from './draft';
import { n8nSchedule } from './schedule';
import { describeTopLevel } from './detect';

/** n8n's canvas is denser than Creditflow's (its nodes are about 100 px wide, ours 240). */
export const N8N_POSITION_SCALE = 1.5;

const AI_AGENTS = new Set([
  'agent',
  'chainLlm',
  'chainSummarization',
  'chainRetrievalQa',
  'openAi',
  'informationExtractor',
  'textClassifier',
  'sentimentAnalysis',
]);
/** AI nodes with one output per category; each item goes to one of them (unless multi-class). */
const CLASSIFIERS = new Set(['textClassifier', 'sentimentAnalysis']);
const CODE = new Set(['code', 'function', 'functionItem', 'executeCommand']);
const VARIABLES = new Set([
  'set',
  'noOp',
  'dateTime',
  'crypto',
  'html',
  'markdown',
  'xml',
  'limit',
  'sort',
  'removeDuplicates',
  'renameKeys',
  'compareDatasets',
]);
const RESPONSES = new Set(['respondToWebhook', 'form', 'stopAndError']);
const TRIGGERS = new Set(['webhook', 'start', 'cron', 'interval', 'emailReadImap']);
const SEARCH_OPERATIONS = new Set(['getAll', 'search', 'list', 'getMany']);
const AI_SUB_NODE = /^(lmChat|lm[A-Z]|memory|embeddings|outputParser|tool|vectorStore|document|textSplitter|retriever|reranker|mcpClientTool)/;

interface Node {
  index: number;
  raw: Loose;
  name: string;
  type: string;
  suffix: string;
  langchain: boolean;
  parameters: Loose;
  /** What the node is: a module kind, or how it leaves the flow. */
  role: 'module' | 'sticky' | 'disabled' | 'filter' | 'ai' | 'ai-orphan' | 'if-one' | 'second-trigger';
  kind: ModuleType;
  module?: DraftModule;
}

interface Link {
  from: number;
  to: number;
  output: number;
  /** Conditions of spliced-out Filter / IF nodes on the way, and their names. */
  filters: Translated[];
  via: number[];
}

function positionOf(raw: Loose): Position | undefined {
  const p = raw.position;
  if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') return undefined;
  const x = Math.round(p[0] * N8N_POSITION_SCALE);
  const y = Math.round(p[1] * N8N_POSITION_SCALE);
  return Number.isFinite(x) && Number.isFinite(y) ? { x, y } : undefined;
}

function kindOf(n: Node): ModuleType {
  const { suffix, parameters } = n;
  if (!n.langchain && (suffix.endsWith('Trigger') || TRIGGERS.has(suffix))) return 'trigger';
  if (n.langchain && suffix.endsWith('Trigger')) return 'trigger';
  if (CODE.has(suffix)) return 'code';
  if ((n.langchain && AI_AGENTS.has(suffix)) || (n.type === 'n8n-nodes-base.openAi')) return 'ai_agent';
  if (suffix === 'if' || suffix === 'switch') return 'router';
  if (suffix === 'merge') return 'octopus';
  if (suffix === 'splitOut') return 'iterator';
  if (suffix === 'aggregate' || suffix === 'summarize') return 'aggregator';
  if (suffix === 'itemLists') {
    const op = parameters.operation;
    if (op === 'splitOutItems' || op === undefined) return 'iterator';
    if (op === 'aggregateItems' || op === 'concatenateItems' || op === 'summarize') return 'aggregator';
    return 'variables';
  }
  if (VARIABLES.has(suffix) || suffix === 'splitInBatches' || suffix === 'filter') return 'variables';
  if (RESPONSES.has(suffix)) return 'response';
  if (suffix === 'executeWorkflow') return 'invoke';
  if (typeof parameters.operation === 'string' && SEARCH_OPERATIONS.has(parameters.operation)) return 'search';
  return 'action';
}

/** How many regular outputs a node has (its error output, when on, comes after them). */
function regularOutputs(n: Node): number {
  const p = n.parameters;
  if (n.suffix === 'if') return 2;
  if (n.suffix === 'splitInBatches') return typeVersion(n) >= 3 ? 2 : 1;
  if (n.suffix === 'compareDatasets') return 4;
  if (n.suffix === 'switch') return switchOutputs(n).count;
  if (n.suffix === 'textClassifier') {
    const cats = isObject(p.categories) && Array.isArray(p.categories.categories) ? p.categories.categories.length : 1;
    return Math.max(1, cats) + (isObject(p.options) && p.options.fallback === 'other' ? 1 : 0);
  }
  return 1;
}

const typeVersion = (n: Node): number => (typeof n.raw.typeVersion === 'number' ? n.raw.typeVersion : 1);

interface SwitchRoute extends Translated {
  output: number;
}

/** A Switch node's rules as routes by output, and the fallback output (−1: none). */
function switchOutputs(n: Node): { count: number; routes: SwitchRoute[]; fallback: number; allMatch: boolean } {
  const p = n.parameters;
  const options = isObject(p.options) ? p.options : {};
  const allMatch = options.allMatchingOutputs === true;
  if (p.mode === 'expression') {
    const count = typeof p.numberOutputs === 'number' ? p.numberOutputs : 4;
    const text = `output chosen by ${String(p.output ?? 'an expression').replace(/^=/, '').slice(0, 200)}`;
    return { count, routes: Array.from({ length: count }, (_, output) => ({ output, sourceCondition: text })), fallback: -1, allMatch };
  }
  const rules = isObject(p.rules) ? p.rules : {};
  if (Array.isArray(rules.values)) {
    // Version 3: one output per rule, plus the fallback output when "extra".
    const routes = rules.values.map((r, output) => ({ output, ...(isObject(r) ? n8nConditions(r.conditions) : {}) }));
    const fb = options.fallbackOutput;
    const fallback = fb === 'extra' ? routes.length : typeof fb === 'number' && fb >= 0 ? fb : -1;
    return { count: routes.length + (fb === 'extra' ? 1 : 0), routes, fallback, allMatch };
  }
  // Versions 1–2: each rule names its output; `fallbackOutput` an output index (-1: none).
  const list = Array.isArray(rules.rules) ? rules.rules.filter(isObject) : [];
  const routes = list.map((r, i) => ({ output: typeof r.output === 'number' ? r.output : i, ...n8nSwitchRule(p.value1, r, p.dataType) }));
  const fb = typeof p.fallbackOutput === 'number' ? p.fallbackOutput : -1;
  const count = Math.max(routes.length, ...routes.map((r) => r.output + 1), fb + 1, 1);
  return { count, routes, fallback: fb, allMatch };
}

function filterOf(n: Node, negate: boolean): Translated {
  const p = n.parameters;
  const t = n8nConditions(p.conditions, p.combineOperation);
  if (!negate) return t;
  return {
    ...(t.conditions ? { conditions: { '@not': [t.conditions] } } : {}),
    ...(t.sourceCondition ? { sourceCondition: `NOT (${t.sourceCondition})` } : {}),
  };
}

const joinAll = (parts: Translated[]): Translated => parts.reduce<Translated>((acc, t) => joinConditions(acc, t), {});
const hasAny = (t: Translated): boolean => t.conditions !== undefined || t.sourceCondition !== undefined;

export function readN8n(value: Loose): Draft {
  const d = new Draft('n8n', str(value.name) ?? 'Imported n8n workflow');
  const rawNodes = Array.isArray(value.nodes) ? value.nodes : [];
  const nodes: Node[] = [];
  const byName = new Map<string, number>();
  rawNodes.forEach((raw, index) => {
    if (!isObject(raw)) {
      d.drop(`nodes[${index}]`, 'not a node (not an object)');
      return;
    }
    const type = typeof raw.type === 'string' ? raw.type : '';
    const name = str(raw.name) ?? `nodes[${index}]`;
    const node: Node = {
      index: nodes.length,
      raw,
      name,
      type,
      suffix: type.slice(type.lastIndexOf('.') + 1),
      langchain: type.includes('langchain'),
      parameters: isObject(raw.parameters) ? raw.parameters : {},
      role: 'module',
      kind: 'action',
    };
    if (byName.has(name)) d.note(name, 'another node has the same name; connections by that name go to the first one');
    else byName.set(name, node.index);
    nodes.push(node);
  });

  // Connections, by name; what names no node is ignored and said.
  const links: Link[] = [];
  const aiLinks: { from: number; to: number; type: string }[] = [];
  // What is not shaped as n8n writes connections is said once per place, not read.
  const unread = (source: string, what: string, v: unknown) => d.note(source, `${what} is ${describeTopLevel(v)}, not n8n's connections; it was not read`);
  const connections = isObject(value.connections) ? value.connections : {};
  if (value.connections !== undefined && value.connections !== null && !isObject(value.connections)) unread('connections', 'the workflow\'s "connections"', value.connections);
  for (const [fromName, byType] of Object.entries(connections)) {
    const from = byName.get(fromName);
    if (!isObject(byType)) {
      if (byType !== null) unread(fromName, 'its connections', byType);
      continue;
    }
    for (const [type, outputs] of Object.entries(byType)) {
      if (!Array.isArray(outputs)) {
        if (outputs !== null) unread(fromName, `its "${type.slice(0, 40)}" connections`, outputs);
        continue;
      }
      outputs.forEach((targets, output) => {
        if (!Array.isArray(targets)) {
          if (targets !== null && targets !== undefined) unread(fromName, `its output ${output}`, targets);
          return;
        }
        for (const t of targets) {
          if (!isObject(t)) {
            if (t !== null) unread(fromName, `a connection of its output ${output}`, t);
            continue;
          }
          const toName = typeof t.node === 'string' ? t.node : '';
          const to = byName.get(toName);
          if (from === undefined || to === undefined) {
            const missing = from === undefined ? fromName : toName;
            d.repair('missing-target-ignored', `The connection from '${fromName.slice(0, 60)}' to '${toName.slice(0, 60)}' names the missing node '${missing.slice(0, 60)}'; it was ignored.`);
            continue;
          }
          if (type === 'main') links.push({ from, to, output, filters: [], via: [] });
          else aiLinks.push({ from, to, type });
        }
      });
    }
  }

  // What each node is.
  const mainIn = new Set<number>();
  const mainOut = new Set<number>();
  for (const l of links) {
    mainOut.add(l.from);
    mainIn.add(l.to);
  }
  const aiOut = new Map<number, number[]>();
  for (const l of aiLinks) {
    const list = aiOut.get(l.from);
    if (list) list.push(l.to);
    else aiOut.set(l.from, [l.to]);
  }
  for (const n of nodes) {
    n.kind = kindOf(n);
    const main = mainIn.has(n.index) || mainOut.has(n.index);
    if (n.suffix === 'stickyNote') n.role = 'sticky';
    else if (n.raw.disabled === true) n.role = 'disabled';
    else if (aiOut.has(n.index) && !main) n.role = 'ai';
    else if (!main && (AI_SUB_NODE.test(n.suffix) || (n.suffix.endsWith('Tool') && n.kind !== 'trigger')) && n.kind !== 'ai_agent') n.role = 'ai-orphan';
    else if (n.suffix === 'filter') n.role = 'filter';
  }
  const branches = new Map<number, Set<number>>(); // IF node → its connected outputs among 0 and 1
  for (const l of links) {
    if (l.output > 1 || nodes[l.from]!.suffix !== 'if') continue;
    const set = branches.get(l.from);
    if (set) set.add(l.output);
    else branches.set(l.from, new Set([l.output]));
  }
  for (const n of nodes) {
    if (n.suffix === 'if' && n.role === 'module' && (branches.get(n.index)?.size ?? 0) < 2) n.role = 'if-one';
  }

  // Splice out disabled nodes, filters and one-branch IFs: join every edge in with every edge out.
  const spliced: Spliced = new Map(); // node → the edge ids its condition ended up on (filled when edges are made)
  const live = new Links(links);
  for (const n of nodes) {
    if (n.role !== 'disabled' && n.role !== 'filter' && n.role !== 'if-one') continue;
    const ins = live.into(n.index).filter((l) => l.from !== n.index);
    let pass: (l: Link) => boolean = (l) => l.output === 0;
    let condition: Translated = {};
    if (n.role === 'filter') condition = filterOf(n, false);
    if (n.role === 'if-one') {
      const trueBranch = live.from(n.index).some((l) => l.output === 0);
      condition = filterOf(n, !trueBranch);
      pass = trueBranch ? (l) => l.output === 0 : (l) => l.output === 1;
    }
    const outs = live.from(n.index).filter((l) => l.to !== n.index && pass(l));
    if (ins.length * outs.length > MAX_JOINED) {
      // Joining would multiply the edges: the node stays, as a module that does no work.
      const role = n.role;
      n.role = 'module';
      n.kind = 'variables';
      if (role === 'disabled') {
        d.note(n.name, `disabled, kept as a variables module: it joins ${ins.length} inputs to ${outs.length} outputs`);
      } else {
        for (const l of live.from(n.index)) if (pass(l)) l.filters = [condition, ...l.filters];
        d.note(n.name, `kept as a variables module (it joins ${ins.length} inputs to ${outs.length} outputs); its condition is on the edges after it`);
      }
      continue;
    }
    const lost = live.from(n.index).filter((l) => l.to === n.index || !pass(l)).length;
    if (lost > 0) d.note(n.name, `${lost} connection${lost === 1 ? '' : 's'} from its other outputs (or to itself) went with it`);
    for (const l of [...live.into(n.index), ...live.from(n.index)]) live.remove(l);
    for (const a of ins) {
      for (const b of outs) {
        live.add({
          from: a.from,
          to: b.to,
          output: a.output,
          filters: [...a.filters, ...(n.role === 'disabled' ? [] : [condition]), ...b.filters],
          via: [...a.via, n.index, ...b.via],
        });
      }
    }
    spliced.set(n.index, new Set());
    if (n.role === 'disabled') d.drop(n.name, ins.length > 0 && outs.length > 0 ? 'disabled (its connections were joined past it)' : 'disabled');
  }

  // Several triggers: the leftmost (then topmost) stays; it goes first so the draft keeps it.
  const isTrigger = (n: Node): boolean => n.role === 'module' && n.kind === 'trigger';
  const place = (n: Node): [number, number] => {
    const p = positionOf(n.raw);
    return p ? [p.x, p.y] : [Infinity, Infinity];
  };
  const triggers = nodes.filter(isTrigger).sort((a, b) => place(a)[0] - place(b)[0] || place(a)[1] - place(b)[1] || a.index - b.index);
  for (const extra of triggers.slice(1)) {
    extra.role = 'second-trigger';
    d.drop(extra.name, `second trigger (the flow starts at '${triggers[0]!.name}')`);
  }
  const order = [...triggers.slice(0, 1), ...nodes.filter((n) => !isTrigger(n))];

  const timezone = isObject(value.settings) ? str(value.settings.timezone) : undefined;
  for (const n of order) {
    if (n.role === 'sticky') d.drop(n.name, 'sticky note');
    if (n.role !== 'module') continue;
    n.module = makeModule(d, n, timezone);
  }

  // AI sub-nodes: folded into the node they serve (following chains of sub-nodes).
  const serves = (i: number): Node | undefined => {
    const seen = new Set<number>();
    let at: number | undefined = i;
    while (at !== undefined && !seen.has(at)) {
      seen.add(at);
      const node: Node = nodes[at]!;
      if (node.role !== 'ai') return node;
      at = aiOut.get(at)?.[0];
    }
    return undefined;
  };
  for (const n of nodes) {
    if (n.role === 'ai-orphan') d.drop(n.name, 'AI sub-node connected to no agent');
    if (n.role !== 'ai') continue;
    const host = serves(aiOut.get(n.index)![0]!);
    if (!host) {
      d.drop(n.name, 'AI sub-node connected to no agent');
    } else if (host.module) {
      const word = host.module.type === 'ai_agent' ? 'agent' : MODULE_KINDS[host.module.type].label.toLowerCase();
      d.drop(n.name, `folded into ${word} '${host.module.name}'`);
      d.note(host.name, `uses ${n.suffix} '${n.name}' (folded in; its cost is part of this module's)`);
    } else {
      d.drop(n.name, `folded into '${host.name}', which is not imported (${host.role === 'second-trigger' ? 'second trigger' : host.role})`);
    }
  }
  for (const n of nodes) {
    if (n.module && aiOut.has(n.index)) d.note(n.name, 'its AI connections to other nodes were not imported (it also runs on its own)');
  }

  // Split In Batches loops.
  const firstAdded = nodes.length;
  splitInBatches(d, nodes, live);

  // Edges: those of the loops' "done" aggregators first (loop by loop, as the loops were read),
  // since the first path that reaches a module decides which loops are open there (closeLoops).
  const added = (l: Link): boolean => l.from >= firstAdded || l.to >= firstAdded;
  const all = live.all();
  for (const l of [...all.filter(added), ...all.filter((l) => !added(l))]) {
    const from = nodes[l.from]!;
    const to = nodes[l.to]!;
    if (!from.module || !to.module) continue;
    edgeFor(d, from, to.module.id, l, spliced);
  }
  for (const [index, edges] of spliced) {
    const n = nodes[index]!;
    if (n.role === 'disabled') continue;
    const what = n.role === 'filter' ? 'filter' : 'IF with one branch connected';
    d.drop(
      n.name,
      edges.size === 0
        ? `${what} with nothing connected on one side (dropped)`
        : `became the filter on edge${edges.size > 1 ? 's' : ''} ${[...edges].join(', ')}`,
    );
  }
  // What each second trigger led to, now that the edges are made: still run from the trigger kept, or not reachable.
  for (const extra of triggers.slice(1)) {
    const led = live.from(extra.index).flatMap((l) => (nodes[l.to]!.module ? [nodes[l.to]!.module!.id] : []));
    const schedule = n8nSchedule(extra.suffix, extra.parameters);
    secondTriggerDropped(d, {
      name: extra.name,
      source: extra.name,
      led,
      ...(schedule?.cron ? { schedule: schedule.cron } : {}),
      ...(schedule?.runsPerMonth !== undefined ? { runsPerMonth: schedule.runsPerMonth } : {}),
    });
  }
  closeLoops(d);
  return d;
}

function makeModule(d: Draft, n: Node, timezone: string | undefined): DraftModule {
  const position = positionOf(n.raw);
  const config: Loose = {};
  if (n.kind === 'router') config.mode = n.suffix === 'switch' && switchOutputs(n).allMatch ? 'standard' : 'exclusive';
  if (n.kind === 'trigger') {
    const schedule = n8nSchedule(n.suffix, n.parameters);
    if (schedule?.cron) config.schedule = schedule.cron;
    if (schedule?.runsPerMonth !== undefined) d.settings.runsPerMonth = schedule.runsPerMonth;
    for (const note of schedule?.notes ?? []) d.note(n.name, note);
    if (schedule?.cron && timezone && timezone !== 'UTC') d.note(n.name, `n8n runs it in the time zone ${timezone}; the schedule is read as UTC`);
  }
  if (n.raw.retryOnFail === true) {
    const tries = typeof n.raw.maxTries === 'number' ? n.raw.maxTries : 3;
    d.note(n.name, `retries up to ${Math.max(0, tries - 1)} times; the retries assumption takes its default`);
  }
  if (n.raw.onError === 'continueRegularOutput') d.note(n.name, 'on error it goes on along its regular output');
  if (n.raw.executeOnce === true) d.note(n.name, 'n8n runs it once with the first item it receives ("Execute Once"); the flow prices it once per bundle, so inside a loop it counts once per item');
  if (n.suffix === 'wait') d.note(n.name, 'a wait: in Altan a delay is a module setting, so it is priced as an action');
  if (n.kind === 'action' && !n.type.startsWith('n8n-nodes-base.') && !n.langchain) d.note(n.name, `community node ${n.type.slice(0, 80)}: priced as an action`);
  return d.addModule({
    // A node without an id (workflows exported before n8n gave nodes ids) is known by its name, unique
    // in the workflow and the key of its connections, so a diff matches it across a reorder (its place
    // gave it m1, m2… before, and nodes listed in another order read as renamed and rewired).
    id: n.raw.id !== undefined ? n.raw.id : str(n.raw.name),
    source: n.name,
    type: n.kind,
    name: n.name,
    ...(position ? { position } : {}),
    ...(Object.keys(config).length > 0 ? { config } : {}),
    ...(n.kind === 'router' && n.suffix === 'switch' ? { routeOutputs: switchOutputs(n).count } : {}),
    ...(CLASSIFIERS.has(n.suffix) && n.langchain && !(isObject(n.parameters.options) && n.parameters.options.multiClass === true) ? { exclusiveOutputs: true } : {}),
  });
}

/** The Creditflow edge for one n8n connection (by output slot), or undefined when the connection has no place. */
type Spliced = Map<number, Set<string>>;

/** Most edges one spliced node may turn into (its inputs × outputs); above it, the node stays. */
const MAX_JOINED = 64;

/** The connections, indexed by node both ways, in the order they were added. */
class Links {
  private readonly list = new Set<Link>();
  private readonly out = new Map<number, Set<Link>>();
  private readonly in = new Map<number, Set<Link>>();
  constructor(links: Link[]) {
    for (const l of links) this.add(l);
  }
  add(l: Link): void {
    this.list.add(l);
    let o = this.out.get(l.from);
    if (!o) this.out.set(l.from, (o = new Set()));
    o.add(l);
    let i = this.in.get(l.to);
    if (!i) this.in.set(l.to, (i = new Set()));
    i.add(l);
  }
  remove(l: Link): void {
    this.list.delete(l);
    this.out.get(l.from)?.delete(l);
    this.in.get(l.to)?.delete(l);
  }
  from(node: number): Link[] {
    return [...(this.out.get(node) ?? [])];
  }
  into(node: number): Link[] {
    return [...(this.in.get(node) ?? [])];
  }
  all(): Link[] {
    return [...this.list];
  }
}

/** Makes the edge and records it on every spliced node whose condition it carries. */
function edgeFor(d: Draft, from: Node, target: string, l: Link, spliced: Spliced): string {
  const id = makeEdge(d, from, target, l);
  for (const v of l.via) spliced.get(v)?.add(id);
  return id;
}

function makeEdge(d: Draft, from: Node, target: string, l: Link): string {
  const extraFilter = joinAll(l.filters);
  const source = from.module!.id;
  const errorOutput = from.raw.onError === 'continueErrorOutput' ? regularOutputs(from) : -1;
  if (l.output === errorOutput || (errorOutput >= 0 && l.output > errorOutput)) {
    return d.connect(source, target, { output: 'error', error: true, ...filterOption(extraFilter) }).id;
  }
  if (from.module!.type === 'router' && from.role === 'module') {
    let route: DraftRoute;
    if (from.suffix === 'if') {
      route = l.output === 0 ? { priority: 0, fallback: false, ...filterOf(from, false) } : { priority: 1, fallback: true };
    } else {
      const sw = switchOutputs(from);
      const rule = sw.routes.find((r) => r.output === l.output);
      const { output: _, ...conditions } = rule ?? { output: l.output };
      route = { priority: l.output, fallback: l.output === sw.fallback, ...(l.output === sw.fallback ? {} : conditions) };
    }
    if (hasAny(extraFilter)) route = { ...route, ...joinConditions(route, extraFilter) };
    return d.connect(source, target, { output: `out ${l.output}`, route }).id;
  }
  return d.connect(source, target, { output: `out ${l.output}`, ...filterOption(extraFilter) }).id;
}

function filterOption(t: Translated): { filter?: DraftFilter } {
  return hasAny(t) ? { filter: { mode: 'break', ...t } } : {};
}

/**
 * Nodes reachable from `starts` along the links, not passing through `stop`. Each step spends
 * one unit of `budget`, shared by all the loops of a file, so a file with thousands of nested
 * loops stays fast; `complete` says whether the walk finished.
 */
function reachable(links: Links, starts: number[], stop: number, budget: { left: number }): { nodes: Set<number>; complete: boolean } {
  const seen = new Set<number>();
  const stack = starts.filter((s) => s !== stop);
  for (const s of stack) seen.add(s);
  while (stack.length > 0) {
    if (budget.left-- <= 0) return { nodes: seen, complete: false };
    for (const l of links.from(stack.pop()!)) {
      if (l.to !== stop && !seen.has(l.to)) {
        seen.add(l.to);
        stack.push(l.to);
      }
    }
  }
  return { nodes: seen, complete: true };
}

/** Steps the loop-body walks of one file may take in all (about a second of work at most). */
const LOOP_WALK_BUDGET = 2_000_000;

/**
 * Split In Batches: with a loop (v3: output 1 "loop" connected; v1–2: an edge back into it) it is
 * an iterator whose body is what the loop output reaches; the edges back into it end the body.
 * In v3 those edges go into an aggregator that stands for the "done" output, which then feeds
 * what "done" fed. Without a loop it stays `variables`.
 */
function splitInBatches(d: Draft, nodes: Node[], live: Links): void {
  const budget = { left: LOOP_WALK_BUDGET };
  const traced = (n: Node): Traced => {
    const loopOutput = typeVersion(n) >= 3 ? 1 : 0;
    const loopStarts = live.from(n.index).filter((l) => l.output === loopOutput).map((l) => l.to);
    return { loopStarts, body: reachable(live, loopStarts, n.index, budget) };
  };
  // A loop whose every way in comes from its own body was traced past the end of an outer loop (its
  // body goes back to the outer loop, to go on with the outer loop's next item): it waits until the
  // loops that have a way in are read, whose ends then lead to their "done" aggregators instead, and
  // is traced again. Files whose loops all have a way in are read in node order, as before.
  let pending = nodes.filter((n) => n.suffix === 'splitInBatches' && n.module);
  while (pending.length > 0) {
    const deferred: Node[] = [];
    for (const n of pending) {
      const t = traced(n);
      const entered = !t.body.complete || live.into(n.index).some((l) => l.from !== n.index && !t.body.nodes.has(l.from));
      if (entered) splitInBatchesLoop(d, nodes, live, n, t);
      else deferred.push(n);
    }
    if (deferred.length === pending.length) {
      for (const n of deferred) splitInBatchesLoop(d, nodes, live, n, traced(n));
      break;
    }
    pending = deferred;
  }
}

interface Traced {
  loopStarts: number[];
  body: { nodes: Set<number>; complete: boolean };
}

/** One Split In Batches node, its loop body traced: an iterator, its ends into its "done" aggregator. */
function splitInBatchesLoop(d: Draft, nodes: Node[], live: Links, n: Node, { loopStarts, body }: Traced): void {
  if (!n.module) return;
  const v3 = typeVersion(n) >= 3;
  if (!body.complete) d.note(n.name, 'its loop body was too large to trace in full; edges back into it that were not found are dropped as loops');
  const back = live.into(n.index).filter((l) => body.nodes.has(l.from));
  const hasLoop = v3 ? loopStarts.length > 0 : back.length > 0;
  if (!hasLoop) {
    d.note(n.name, 'Split In Batches without a loop: imported as variables');
    return;
  }
  n.module.type = 'iterator';
  for (const l of back) live.remove(l);
  const done = v3 ? live.from(n.index).filter((l) => l.output === 0) : [];
  if (!v3 || back.length === 0) {
    d.note(n.name, back.length === 0 ? 'its loop body never returns to it: the loop runs to the end of the flow' : `the connection${back.length > 1 ? 's' : ''} back into it end${back.length > 1 ? '' : 's'} its loop`);
    return;
  }
  const aggregator = d.addModule(
    {
      type: 'aggregator',
      name: `${n.name} done`,
      config: { iteratorId: n.module.id },
      ...(n.module.position ? { position: { x: n.module.position.x, y: n.module.position.y + 150 } } : {}),
    },
    'done',
  );
  // The aggregator joins the links as a node of its own, so a loop processed later sees it: an
  // inner loop's "done" output that returns to the outer loop is the inner aggregator's link,
  // and becomes the outer loop's end in turn (done → outer done), not an exit of the inner loop.
  const doneNode: Node = { index: nodes.length, raw: {}, name: aggregator.name, type: '', suffix: '', langchain: false, parameters: {}, role: 'module', kind: 'aggregator', module: aggregator };
  nodes.push(doneNode);
  for (const l of back) live.add({ ...l, to: doneNode.index });
  for (const l of done) {
    live.remove(l);
    live.add({ ...l, from: doneNode.index, output: 0 });
  }
  d.note(n.name, `its "done" output became the aggregator '${aggregator.name}' (${aggregator.id}), which the loop body returns to`);
}

/**
 * Aggregators that do not yet name their iterator close the innermost loop open before them:
 * a walk from the modules nothing leads into, each module taking the open loops of the first
 * path that reaches it. An aggregator with no loop open keeps an empty iterator (finishDraft
 * turns it into variables and says so).
 */
function closeLoops(d: Draft): void {
  const out = new Map<string, string[]>();
  const indegree = new Map<string, number>();
  for (const e of d.edges.values()) {
    if (e.error) continue;
    const list = out.get(e.source);
    if (list) list.push(e.target);
    else out.set(e.source, [e.target]);
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
  }
  // The open loops at each module, innermost first, as a shared linked list (deep nesting costs no copies).
  type Open = { id: string; up: Open } | undefined;
  const open = new Map<string, Open>();
  const queue: string[] = [];
  for (const id of d.modules.keys()) {
    if (!indegree.has(id)) {
      open.set(id, undefined);
      queue.push(id);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    const m = d.modules.get(id)!;
    let loops = open.get(id);
    if (m.type === 'iterator') loops = { id, up: loops };
    if (m.type === 'aggregator') {
      const named = typeof m.config?.iteratorId === 'string' && m.config.iteratorId !== '' ? m.config.iteratorId : undefined;
      if (named === undefined) m.config = { iteratorId: loops?.id ?? '' };
      const closed = named ?? loops?.id;
      let at = loops;
      while (at && at.id !== closed) at = at.up;
      if (at) loops = at.up;
    }
    for (const t of out.get(id) ?? []) {
      if (open.has(t)) continue;
      open.set(t, loops);
      queue.push(t);
    }
  }
  for (const m of d.modules.values()) {
    if (m.type === 'aggregator' && m.config?.iteratorId === undefined) m.config = { iteratorId: '' };
  }
}
