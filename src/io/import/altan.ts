/**
 * Altan flow JSON (`{ "flow": … }` or a bare flow) → Draft, following formats/altan.md §9:
 * modules map 1:1 by kind, edges come from each module's pointers (`next_module_id`, a router's
 * `route_conditions` and Default path, `except_module_id`), filters from the target's
 * `_filter_spec`, the aggregator's iterator from its position, the schedule from the cron.
 */
import { MODULE_KINDS } from '../../model/modules/registry';
import type { ModuleType, Position } from '../../model/types';
import { altanConditions, type Translated } from './conditions';
import { isObject, text as str, type Loose } from './values';
import { Draft, PLACEHOLDER, PLACEHOLDER_ASSUMPTIONS, joinConditions, named, placeholderNote, type DraftFilter } from './draft';
import { cronOf } from './schedule';

const INTERNAL_KINDS: Record<string, ModuleType> = {
  code: 'code',
  aigent: 'ai_agent',
  invoke: 'invoke',
  vars: 'variables',
  response: 'response',
  octopus: 'octopus',
  altaner: 'altaner',
};
const PLAIN_KINDS = new Set<string>(['trigger', 'action', 'search', 'router', 'iterator', 'aggregator']);

/** A module id or a pointer as text: a number (a hand-written file's `"id": 1`) is its digits. */
const idText = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

const sourceOf = (raw: Loose, i: number): string => {
  const id = idText(raw.id);
  return id !== undefined && id !== '' ? id : `modules[${i}]`;
};

function positionOf(meta: Loose): Position | undefined {
  const p = meta.position;
  if (!isObject(p) || typeof p.x !== 'number' || typeof p.y !== 'number' || !Number.isFinite(p.x) || !Number.isFinite(p.y)) return undefined;
  return { x: p.x, y: p.y };
}

/** A placeholder step: kept on its path, free (draft.ts's placeholderNote). */
function placeholder(source: string, type: string, d: Draft): ModuleType {
  d.note(source, placeholderNote(type));
  return 'variables';
}

const isPlaceholder = (raw: Loose): boolean =>
  (typeof raw.type === 'string' && PLACEHOLDER.test(raw.type)) || (raw.type === 'internal' && typeof raw.internal_type === 'string' && PLACEHOLDER.test(raw.internal_type));

function kindOf(raw: Loose, source: string, d: Draft): ModuleType {
  const type = raw.type;
  if (typeof type === 'string' && PLACEHOLDER.test(type)) return placeholder(source, type, d);
  if (type === 'internal') {
    const internal = typeof raw.internal_type === 'string' ? raw.internal_type : '';
    if (PLACEHOLDER.test(internal)) return placeholder(source, `internal:${internal}`, d);
    const kind = INTERNAL_KINDS[internal];
    if (kind) return kind;
    d.note(source, `internal module of unknown kind ${JSON.stringify(internal).slice(0, 60)}: priced as an action`);
    return 'action';
  }
  if (typeof type === 'string' && PLAIN_KINDS.has(type)) return type as ModuleType;
  if (type === 'repeater') {
    d.note(source, 'a legacy repeater: imported as an iterator');
    return 'iterator';
  }
  d.note(source, `unknown module type ${JSON.stringify(type ?? null).slice(0, 60)}: priced as an action`);
  return 'action';
}

function nameOf(raw: Loose, meta: Loose, kind: ModuleType): string {
  const tool = isObject(raw.tool) ? raw.tool : {};
  const actionType = isObject(tool.action_type) ? tool.action_type : {};
  return str(meta.name) ?? str(tool.name) ?? str(actionType.name) ?? MODULE_KINDS[kind].label;
}

const hasAny = (t: Translated): boolean => t.conditions !== undefined || t.sourceCondition !== undefined;

/** The flow object inside `{ "flow": … }`, or the value itself. */
export function altanFlowOf(value: Loose): Loose {
  return isObject(value.flow) ? value.flow : value;
}

export function readAltan(value: Loose): Draft {
  const flow = altanFlowOf(value);
  const d = new Draft('altan', str(flow.name) ?? 'Imported Altan flow');
  const raws = Array.isArray(flow.modules) ? flow.modules : [];
  const entry = flow.entry_module_id;
  // The entry module first, so that of several triggers it is the one kept.
  const order = raws.map((_, i) => i).sort((a, b) => Number(isObject(raws[b]) && raws[b].id === entry) - Number(isObject(raws[a]) && raws[a].id === entry));

  const idOf = new Map<string, string>(); // Altan id → module id
  const atPosition = new Map<string, string>(); // Altan position ordinal → module id
  const made: { raw: Loose; id: string; source: string }[] = [];
  for (const i of order) {
    const raw = raws[i];
    if (!isObject(raw)) {
      d.drop(`modules[${i}]`, 'not a module (not an object)');
      continue;
    }
    const source = sourceOf(raw, i);
    const meta = isObject(raw.meta_data) ? raw.meta_data : {};
    const kind = kindOf(raw, source, d);
    const config: Loose = {};
    const extra: Loose = {};
    const logic = isObject(raw.logic) ? raw.logic : {};
    let pages = false;
    let routeOutputs: number | undefined;
    let assumptions: Record<string, number> | undefined;
    if (isPlaceholder(raw)) assumptions = { ...PLACEHOLDER_ASSUMPTIONS };
    if (kind === 'trigger') {
      const notes: string[] = [];
      const cron = cronOf(raw.cron_expression, notes);
      if (cron) config.schedule = cron;
      for (const n of notes) d.note(source, n);
      if (typeof raw.trigger_type === 'string') d.note(source, `${raw.trigger_type} trigger`);
    } else if (kind === 'router') {
      config.mode = meta.router_mode === 'exclusive' ? 'exclusive' : 'standard';
      // Its route conditions, connected or not, and the Default path.
      routeOutputs = (Array.isArray(raw.route_conditions) ? raw.route_conditions.filter(isObject).length : 0) + 1;
    } else if (kind === 'iterator') {
      const cap = logic.max_iterations;
      if (typeof cap === 'number' && Number.isFinite(cap) && cap >= 0) {
        config.maxIterations = cap;
        if (cap < MODULE_KINDS.iterator.defaults.iterations) {
          assumptions = { iterations: cap };
          d.note(source, `at most ${cap} items per run: iterations set to that cap`);
        }
      }
      if (logic.batched === true) d.note(source, 'runs in batches; each item is priced as one iteration');
    } else if (kind === 'search') {
      if (isObject(logic.loop_condition) && Object.keys(logic.loop_condition).length > 0) {
        pages = true;
        d.note(source, 'loops over result pages; the pages assumption takes its default');
      }
    }
    const settings = meta.settings;
    if (isObject(settings) && (kind === 'action' || kind === 'search')) {
      extra.retry = { ...(isObject(settings.retry) ? settings.retry : {}), ...(settings.timeout !== undefined ? { timeout: settings.timeout } : {}) };
      const attempts = isObject(settings.retry) ? settings.retry.attempts : undefined;
      if (typeof attempts === 'number' && attempts > 0) d.note(source, `retries up to ${attempts} time${attempts === 1 ? '' : 's'}; the retries assumption takes its default`);
    }
    const delay = isObject(meta.delay) ? meta.delay.enable : undefined;
    if (typeof delay === 'string' && delay !== 'none') d.note(source, `waits ${delay === 'both' ? 'before and after' : delay} it runs (a delay costs no credits)`);
    const position = positionOf(meta);
    const rawId = idText(raw.id);
    const m = d.addModule({
      id: rawId,
      source,
      type: kind,
      // A placeholder without a name of its own is called so on the canvas, not "Variables".
      name: isPlaceholder(raw) && str(meta.name) === undefined ? 'Placeholder' : nameOf(raw, meta, kind),
      ...(position ? { position } : {}),
      ...(Object.keys(config).length > 0 ? { config } : {}),
      ...(assumptions ? { assumptions } : {}),
      ...(routeOutputs !== undefined ? { routeOutputs } : {}),
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
      ...(pages ? { pages } : {}),
    });
    if (m.id !== rawId) d.note(source, `its id is missing or used twice; it became ${m.id}`);
    if (rawId !== undefined && !idOf.has(rawId)) idOf.set(rawId, m.id);
    const ordinal = raw.position;
    if ((typeof ordinal === 'number' || (typeof ordinal === 'string' && /^\d+$/.test(ordinal))) && !atPosition.has(String(ordinal))) {
      atPosition.set(String(Number(ordinal)), m.id);
    }
    made.push({ raw, id: m.id, source });
  }

  const idAt = (position: string): string | undefined => atPosition.get(String(Number(position)));
  const metaOf = (raw: Loose): Loose => (isObject(raw.meta_data) ? raw.meta_data : {});
  const rawById = new Map(made.map((x) => [x.id, x.raw]));

  const target = (from: string, pointer: unknown, what: string): string | undefined => {
    if (pointer === null || pointer === undefined || pointer === '') return undefined;
    const text = idText(pointer);
    const id = text !== undefined ? idOf.get(text) : undefined;
    if (id === undefined) {
      d.repair('missing-target-ignored', `The ${what} of ${d.describe(from)} points to the missing module ${JSON.stringify(pointer).slice(0, 60)}; it was ignored.`);
    }
    return id;
  };

  /** The filter stored on the target module for the edge from `from` (keyed by source on an octopus). */
  const filterInto = (toId: string, fromRaw: Loose): Translated & { mode: 'break' | 'skip' } => {
    const toRaw = rawById.get(toId)!;
    const meta = metaOf(toRaw);
    const isOctopus = toRaw.type === 'internal' && toRaw.internal_type === 'octopus';
    const fromId = idText(fromRaw.id);
    const spec = isOctopus ? (isObject(meta._filter_spec) && fromId !== undefined ? meta._filter_spec[fromId] : undefined) : meta._filter_spec;
    const mode = !isOctopus && meta._filter_mode === 'skip' ? 'skip' : 'break';
    return { ...altanConditions(spec, idAt), mode };
  };
  const draftFilter = (t: Translated, mode: 'break' | 'skip'): DraftFilter => ({ mode, ...t });

  for (const { raw, id } of made) {
    const m = d.modules.get(id)!;
    if (m.type === 'router') {
      const routes = (Array.isArray(raw.route_conditions) ? raw.route_conditions : []).filter(isObject);
      const sorted = routes
        .map((r, i) => ({ r, i, p: typeof r.priority === 'number' && Number.isFinite(r.priority) ? r.priority : Infinity }))
        .sort((a, b) => a.p - b.p || a.i - b.i);
      const connected = new Set<number>();
      sorted.forEach(({ r, p }, k) => {
        const to = target(id, r.next_module_id, `route ${k}`);
        if (to === undefined) return;
        connected.add(k);
        // The rank by priority: the same numbers for a well-formed router (0, 1, 2…), and safe for any other.
        if (p !== k) d.note(m.source!, `route ${k} has the priority ${JSON.stringify(r.priority ?? null).slice(0, 40)}; it is priority ${k} here (the same order)`);
        const t = altanConditions(r.condition_logic, idAt);
        // An empty condition logic has no condition: the route always matches.
        d.connect(id, to, { output: `route ${k}`, route: { priority: k, fallback: false, ...t, ...(hasAny(t) ? {} : { always: true }) } });
      });
      const to = target(id, raw.next_module_id, 'Default route');
      if (to !== undefined) d.connect(id, to, { output: 'default', route: { priority: routes.length, fallback: true } });
      const first = sorted.findIndex(({ r }) => !hasAny(altanConditions(r.condition_logic, idAt)));
      if (m.config?.mode === 'exclusive' && first !== -1) {
        // Connected or not, that route takes every bundle the routes before it leave.
        m.alwaysRoute = first;
        const stops = !connected.has(first);
        if (first < sorted.length - 1 || to !== undefined)
          d.note(
            m.source!,
            `route ${first} has no condition, so it always matches: the routes after it and the Default path never run (pass rate 0)` +
              (stops ? `; it is not connected, so the bundles it takes stop there` : ''),
          );
      }
    } else {
      const to = target(id, raw.next_module_id, 'next module');
      if (to !== undefined) {
        const incoming = filterInto(to, raw);
        const logic = isObject(raw.logic) ? raw.logic : {};
        // An iterator's own condition filters its items: it joins the filter on the edge into the loop.
        const own = m.type === 'iterator' ? altanConditions(logic.condition, idAt) : {};
        const t = joinConditions(own, incoming);
        // An item that fails the condition never enters the loop: the joined filter breaks, even
        // when the first module's own filter skips (one edge holds one mode).
        const mode = hasAny(own) ? 'break' : incoming.mode;
        d.connect(id, to, hasAny(t) ? { filter: draftFilter(t, mode) } : {});
        if (hasAny(own)) d.note(m.source!, `its item condition became the filter on the edge into ${named(d.modules.get(to)!)}`);
        if (hasAny(own) && hasAny(incoming) && incoming.mode === 'skip')
          d.note(m.source!, `the skip filter of ${named(d.modules.get(to)!)} joined its item condition in one break filter (an edge holds one mode)`);
      }
    }
    const except = target(id, raw.except_module_id, 'error branch');
    if (except !== undefined) d.connect(id, except, { output: 'error', error: true });
  }
  // The aggregator names its iterator by position.
  for (const { raw, id } of made) {
    const m = d.modules.get(id)!;
    if (m.type !== 'aggregator') continue;
    const logic = isObject(raw.logic) ? raw.logic : {};
    // By position (what Altan's editor writes); else by the iterator's id, should a file name it so.
    const ref = idText(logic.iterator);
    const byId = ref !== undefined ? idOf.get(ref) : undefined;
    const it = (ref !== undefined ? idAt(ref) : undefined) ?? (byId !== undefined && d.modules.get(byId)?.type === 'iterator' ? byId : undefined);
    m.config = { iteratorId: it ?? '' };
  }
  return d;
}
