/**
 * Make blueprint JSON (bare or `{ "blueprint": … }`) → Draft, following formats/make.md §3.
 * Order is the edge: each module of a list feeds the next. Routers and if-else modules hold
 * nested lists; a route's condition is the filter of its first module; `onerror` lists hang
 * off an error edge; error directives (Ignore, Resume, Break, Commit, Rollback) are dropped.
 */
import { INCOMING_FILTER, type ModuleType, type Position } from '../../model/types';
import { makeConditions } from './conditions';
import { fromJsonText, isObject, text as str, type Loose } from './values';
import { describeValue } from '../fieldChecks';
import { blueprintHolder, blueprintOf } from './detect';
import { MAX_ITERATIONS } from '../limitsLater';
import { readSchedule } from '../../model/cron';
import { quoteName } from '../../model/describe';
import { cutText } from '../../model/cutText';
import { DEFAULT_FILTER_PASS_RATE, Draft, PLACEHOLDER, PLACEHOLDER_ASSUMPTIONS, cap, joinConditions, named, placeholderNote, type DraftFilter, type DraftModule, type DraftRoute } from './draft';

const DIRECTIVES = new Set(['builtin:Ignore', 'builtin:Resume', 'builtin:Break', 'builtin:Commit', 'builtin:Rollback']);
const VARIABLES = /^util:(SetVariables?\d*|SetMultipleVariables|GetVariables?\d*|ComposeTransformer)$/;
/**
 * Operations that output several bundles an execution (a search's results, a polled list): `SearchRows`,
 * `ListRecords`, `watchRows`, and Google Sheets' "Search Rows", whose identifier is `filterRows`.
 */
const SEVERAL_BUNDLES = /^(list|search|watch|filter)/i;
/** Operations Make names as triggers, which output a bundle per item (an email, a value): `TriggerNewEmail`, `BasicTrigger`. */
const NAMED_TRIGGER = /^Trigger(?=[A-Z])|Trigger$/;
/** Nesting of routes, branches and error lists beyond which the rest is left out (with a note). */
const MAX_NESTING = 100;

interface Entry {
  from: string;
  output?: string;
  route?: DraftRoute;
  error?: boolean;
}

function positionOf(m: Loose): Position | undefined {
  const meta = isObject(m.metadata) ? m.metadata : {};
  const p = isObject(meta.designer) ? meta.designer : {};
  return typeof p.x === 'number' && typeof p.y === 'number' && Number.isFinite(p.x) && Number.isFinite(p.y) ? { x: p.x, y: p.y } : undefined;
}

function nameOf(m: Loose, identifier: string): string {
  const meta = isObject(m.metadata) ? m.metadata : {};
  const designer = isObject(meta.designer) ? meta.designer : {};
  return str(designer.name) ?? (identifier || 'Module');
}

/** A Repeater's count: a number, or a plain decimal written as text (Make's mapper); a mapping (`{{1.n}}`) is not known. */
function repeatCount(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= MAX_ITERATIONS ? n : undefined;
}

/** A whole number ≥ 0 as Make's mapper writes it (3, "3", "3 "); undefined for a mapping or anything else. */
function wholeNumberOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * What a Break directive does to the module it guards, from its mapper (`retry`, `count`, `interval` in
 * minutes, as real exports write it): how often it retries is what the user needs to set retries.
 */
function breakNote(raw: Loose, guarded: string): string {
  const mapper = isObject(raw.mapper) ? raw.mapper : {};
  const tail = 'its retries assumption takes its default';
  if (mapper.retry === false || mapper.retry === 'false') return `Break stores the failed run of ${guarded} without retrying it; ${tail}`;
  const count = wholeNumberOf(mapper.count);
  const interval = wholeNumberOf(mapper.interval);
  if ((mapper.retry === true || mapper.retry === 'true') && count !== undefined) {
    const apart = interval === undefined ? '' : `, ${interval} minute${interval === 1 ? '' : 's'} apart`;
    return `Break retries ${guarded} up to ${count} time${count === 1 ? '' : 's'}${apart}, when it fails; ${tail}`;
  }
  return `Break may retry ${guarded}; ${tail}`;
}

/** A value as a note shows it: text in quotes, anything else as JSON, cut at 80 characters with "…". */
function shownValue(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const cut = cutText(text, 80);
  const shown = cut === text ? text : `${cut}…`;
  return typeof value === 'string' ? JSON.stringify(shown) : shown;
}

/**
 * The operation of `app:Operation` without the prefix Make's older apps put on it: Airtable's
 * "Search records" is `airtable:ActionSearchRecords`, its "Watch records" `airtable:TriggerWatchRecords`.
 */
function operationOf(identifier: string): string {
  const op = identifier.split(':')[1] ?? '';
  return op.replace(/^(Action|Trigger)(?=[A-Z])/, '');
}

function kindOf(m: Loose, identifier: string, first: boolean): ModuleType {
  const app = identifier.split(':')[0] ?? '';
  const op = operationOf(identifier);
  const params = isObject(m.parameters) ? m.parameters : {};
  if (PLACEHOLDER.test(identifier)) return 'variables';
  if (identifier === 'builtin:BasicRouter') return 'router';
  if (identifier === 'builtin:BasicIfElse') return 'router';
  if (identifier === 'builtin:BasicMerge') return 'octopus';
  if (identifier === 'builtin:BasicFeeder' || identifier === 'builtin:BasicRepeater') return 'iterator';
  if (typeof params.feeder === 'number' || identifier === 'builtin:BasicAggregator') return 'aggregator';
  // Triggers: webhooks, watch… operations, and those Make names as triggers (`email:TriggerNewEmail`, `util:BasicTrigger`).
  if (first && (/^gateway:Custom(Web|Mail)Hook$/.test(identifier) || /^watch/i.test(op) || NAMED_TRIGGER.test(identifier.split(':')[1] ?? ''))) return 'trigger';
  if (VARIABLES.test(identifier)) return 'variables';
  if (identifier === 'gateway:WebhookRespond') return 'response';
  if (app === 'code') return 'code';
  if (SEVERAL_BUNDLES.test(op)) return 'search';
  return 'action';
}

/** `H:MM` or `HH:MM` as [hour, minute], when it is a time of day. */
function timeOf(value: unknown): [number, number] | undefined {
  if (typeof value !== 'string' || !/^\d{1,2}:\d{2}$/.test(value)) return undefined;
  const [h, m] = value.split(':').map(Number) as [number, number];
  return h < 24 && m < 60 ? [h, m] : undefined;
}

/** A list of whole numbers from `min` to `max`, as a cron list ("1,15"); undefined when it is not one. */
function cronList(value: unknown, min: number, max: number): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  if (!value.every((v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max)) return undefined;
  return [...new Set(value as number[])].sort((a, b) => a - b).join(',');
}

/** What a scheduling that runs on no timetable means, for the note: Make's types (make-typescript-sdk `Scheduling`). */
const UNTIMED: Record<string, string> = {
  'on-demand': 'on demand (it runs when started by hand or through Make\'s API)',
  immediately: 'immediately (it runs as soon as its trigger receives data)',
  once: 'once (it runs one time, at a set date)',
};

/**
 * Make's `scheduling` (beside the blueprint in an export or in the API's answer, or as JSON text in
 * a create or update request), as a cron: `indefinitely` every `interval` seconds, `daily`, `weekly`
 * (`days` 0–6 from Sunday), `monthly` (`days` 1–31) and `yearly` (`months` 1–12) at `time`
 * (make-typescript-sdk's `Scheduling`). What no cron can say is noted, and runs per month take the default.
 */
function scheduleOf(value: unknown, notes: string[]): string | undefined {
  const s = typeof value === 'string' ? fromJsonText(value) : value;
  if (!isObject(s)) {
    // null is no scheduling (as absent), not one that could not be read.
    if (value !== undefined && value !== null) notes.push('its scheduling could not be read; runs per month take the default');
    return undefined;
  }
  const at = timeOf(s.time);
  const daily = at ? `${at[1]} ${at[0]}` : undefined;
  if (s.type === 'indefinitely' && typeof s.interval === 'number' && s.interval > 0) {
    const minutes = s.interval / 60;
    if (Number.isInteger(minutes) && minutes < 60 && 60 % minutes === 0) return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
    if (Number.isInteger(minutes / 60) && minutes / 60 < 24 && 24 % (minutes / 60) === 0) return `0 ${minutes === 60 ? '*' : `*/${minutes / 60}`} * * *`;
    if (minutes === 1440) return '0 0 * * *';
    const every = Number.isInteger(minutes) ? `every ${minutes} minutes` : `every ${s.interval} seconds`;
    notes.push(`its scheduling runs ${every}, which a cron (in whole minutes dividing the hour, or hours dividing the day) cannot say; runs per month take the default`);
    return undefined;
  }
  if (s.type === 'daily' && daily) return `${daily} * * *`;
  if (s.type === 'weekly' && daily && cronList(s.days, 0, 6)) return `${daily} * * ${cronList(s.days, 0, 6)}`;
  if (s.type === 'monthly' && daily && cronList(s.days, 1, 31)) return `${daily} ${cronList(s.days, 1, 31)} * *`;
  if (s.type === 'yearly' && daily && cronList(s.days, 1, 31) && cronList(s.months, 1, 12)) return `${daily} ${cronList(s.days, 1, 31)} ${cronList(s.months, 1, 12)} *`;
  const untimed = typeof s.type === 'string' ? UNTIMED[s.type] : undefined;
  notes.push(untimed ? `its scheduling is ${untimed}; runs per month take the default` : 'its schedule could not be read as a cron; runs per month take the default');
  return undefined;
}

/** What the added trigger does to the Make figure of the platform comparison, for its repair. */
const MAKE_SCHEDULE_UNBILLED = 'Make bills no operation for a schedule: the Make figure of the platform comparison counts 1 credit a run for this trigger that Make does not bill.';

/** How a value that should be a list is not one, for a note: "is missing", "is the text "nope", not a list". */
const notAList = (value: unknown): string => (value === undefined ? 'is missing' : `is ${describeValue(value)}, not a list`);
class MakeReader {
  /** Make id (as text) → module id. */
  readonly idOf = new Map<string, string>();
  readonly feeders: { module: DraftModule; feeder: unknown }[] = [];
  /** Modules that output several bundles an execution: searches and polling triggers (SEVERAL_BUNDLES). */
  readonly bundles = new Set<string>();
  /** The schedule read from the export's `scheduling`, in words, when it has one. */
  constructor(
    readonly d: Draft,
    readonly scheduleWords?: string,
  ) {}

  /** Walks one list; returns the module its path ends at (for a merge), if any. */
  list(items: unknown[], entry: Entry | undefined, path: string, depth: number, guard?: string): string | undefined {
    if (depth > MAX_NESTING) {
      this.d.note(path, `nested more than ${MAX_NESTING} levels deep; what lies deeper was left out`);
      return undefined;
    }
    let prev: Entry | undefined = entry;
    let tail: string | undefined;
    /** The router or if-else that ended this list's path, when modules follow it in the list. */
    let ended: { id: string; what: string } | undefined;
    for (let k = 0; k < items.length; k++) {
      const raw = items[k];
      const at = `${path}[${k}]`;
      if (!isObject(raw)) {
        this.d.drop(at, 'not a module (not an object)');
        continue;
      }
      const source = typeof raw.id === 'number' || (typeof raw.id === 'string' && raw.id !== '') ? String(raw.id) : at;
      const identifier = typeof raw.module === 'string' ? raw.module : '';
      if (DIRECTIVES.has(identifier)) {
        const word = identifier.slice('builtin:'.length);
        this.d.drop(source, guard ? `error directive ${word} guarding ${this.d.describe(guard)}` : `error directive ${word}`);
        if (word === 'Break' && guard) this.d.note(source, breakNote(raw, this.d.describe(guard)));
        this.dropNested(raw, identifier, source, `inside the error directive ${word} ${source}`);
        continue;
      }
      const first = prev === undefined && depth === 0 && k === 0;
      const kind = kindOf(raw, identifier, first);
      if (prev === undefined && ended === undefined && depth === 0 && kind !== 'trigger') {
        prev = { from: this.startTrigger(positionOf(raw)) };
      }
      const m = this.module(raw, source, identifier, kind);
      this.unreadFilter(raw, source);
      if (ended !== undefined && prev === undefined) this.afterEnd(m, raw, at, ended);
      else this.connectInto(m, raw, prev, source);
      if (m.type === 'iterator' && identifier === 'builtin:BasicRepeater') {
        // Make's editor writes the count in the mapper, as text ("repeats": "3"); `parameters` is read too.
        const mapper = isObject(raw.mapper) ? raw.mapper : {};
        const params = isObject(raw.parameters) ? raw.parameters : {};
        const given = mapper.repeats ?? params.repeats;
        const repeats = repeatCount(given);
        if (repeats !== undefined) m.assumptions = { iterations: repeats };
        else if (given !== undefined) this.d.note(source, `repeats ${shownValue(given)} times: not a count Creditflow prices (0 to ${MAX_ITERATIONS}); iterations take the default`);
      }
      this.dropNested(raw, identifier, source, `inside ${this.d.describe(m.id)}, which is not a router or if-else`);
      if (Array.isArray(raw.onerror)) this.list(raw.onerror, { from: m.id, error: true, output: 'error' }, `${source}.onerror`, depth + 1, m.id);
      prev = { from: m.id };
      tail = m.id;
      if (identifier === 'builtin:BasicRouter') {
        const routes = Array.isArray(raw.routes) ? raw.routes : [];
        // No list of routes: the router's path ends at it (what follows it in this list is not connected, afterEnd).
        if (!Array.isArray(raw.routes)) this.d.note(source, `${at}.routes ${notAList(raw.routes)}: the router ${named(m)} has no list of routes, so nothing runs after it. Give it its routes (routes[].flow) in Make and export the scenario again to price what follows it.`);
        else if (routes.length === 0) this.d.note(source, `${at}.routes is an empty list: the router ${named(m)} has no routes, so nothing runs after it. Give it its routes (routes[].flow) in Make and export the scenario again to price what follows it.`);
        routes.forEach((r, i) => {
          if (!isObject(r) || !Array.isArray(r.flow)) {
            const what = isObject(r) ? `it has no list of modules (its flow is ${describeValue(r.flow)})` : `it is ${describeValue(r)}`;
            this.d.note(source, `${source}.routes[${i}] is not a route (${what}); it was left out`);
            return;
          }
          const flow = r.flow;
          this.list(flow, { from: m.id, output: `route ${i}`, route: { priority: i, fallback: false } }, `${source}.routes[${i}].flow`, depth + 1);
        });
        // A router's paths are its routes: nothing after it in this list runs from it (afterEnd).
        prev = undefined;
        ended = { id: m.id, what: 'router' };
        tail = undefined;
      } else if (identifier === 'builtin:BasicIfElse') {
        const merged = this.ifElse(raw, m, source, at, depth);
        const next = items[k + 1];
        if (isObject(next) && next.module === 'builtin:BasicMerge') {
          k++;
          const nextSource = typeof next.id === 'number' || typeof next.id === 'string' ? String(next.id) : `${path}[${k}]`;
          const octopus = this.module(next, nextSource, 'builtin:BasicMerge', 'octopus');
          // `filters`: one per merging branch, in branch order (null: none); each on its branch's edge in.
          const filters = Array.isArray(next.filters) ? next.filters : [];
          for (const { end, order } of merged) {
            const f = filters[order];
            const conditions = isObject(f) ? makeConditions(f.conditions) : {};
            const has = conditions.conditions !== undefined || conditions.sourceCondition !== undefined;
            this.d.connect(end, octopus.id, has ? { filter: { mode: 'break', ...conditions } } : {});
          }
          if (merged.length === 0) this.d.note(nextSource, 'no branch of the if-else joins this merge');
          prev = { from: octopus.id };
          tail = octopus.id;
        } else {
          // Without its merge right after it, an if-else's branches end where they end (afterEnd).
          prev = undefined;
          ended = { id: m.id, what: 'if-else' };
          tail = undefined;
        }
      }
    }
    return tail;
  }

  /**
   * Modules nested where nothing runs them (routes or branches on a module that is neither a
   * router nor an if-else; anything under an error directive) are listed as dropped.
   */
  private dropNested(raw: Loose, identifier: string, source: string, reason: string): void {
    const lists: unknown[] = [];
    if (identifier !== 'builtin:BasicRouter' && Array.isArray(raw.routes)) for (const r of raw.routes) lists.push(isObject(r) ? r.flow : undefined);
    if (identifier !== 'builtin:BasicIfElse' && Array.isArray(raw.branches)) for (const b of raw.branches) lists.push(isObject(b) ? b.flow : undefined);
    if (DIRECTIVES.has(identifier)) lists.push(raw.onerror);
    const stack = lists.filter(Array.isArray).map((l, i) => ({ list: l as unknown[], path: `${source}.nested[${i}]` }));
    while (stack.length > 0) {
      const { list, path } = stack.pop()!;
      list.forEach((item, k) => {
        const at = `${path}[${k}]`;
        if (!isObject(item)) return this.d.drop(at, 'not a module (not an object)');
        this.d.drop(typeof item.id === 'number' || (typeof item.id === 'string' && item.id !== '') ? String(item.id) : at, reason);
        const nested = [item.onerror, ...(Array.isArray(item.routes) ? item.routes.map((r) => (isObject(r) ? r.flow : undefined)) : []), ...(Array.isArray(item.branches) ? item.branches.map((b) => (isObject(b) ? b.flow : undefined)) : [])];
        nested.filter(Array.isArray).forEach((l, i) => stack.push({ list: l as unknown[], path: `${at}.nested[${i}]` }));
      });
    }
  }

  /** The if-else's branches as routes; returns the ends of the branches that merge, each with its place among the merging branches. */
  private ifElse(raw: Loose, m: DraftModule, source: string, at: string, depth: number): { end: string; order: number }[] {
    const branches = Array.isArray(raw.branches) ? raw.branches : [];
    if (!Array.isArray(raw.branches)) this.d.note(source, `${at}.branches ${notAList(raw.branches)}: the if-else ${named(m)} has no list of branches, so nothing runs after it. Give it its branches in Make and export the scenario again to price what follows it.`);
    const merged: { end: string; order: number }[] = [];
    let merging = 0;
    branches.forEach((b, i) => {
      if (!isObject(b)) return this.d.note(source, `${source}.branches[${i}] is not a branch (it is ${describeValue(b)}); it was left out`);
      const isElse = b.type === 'else';
      const route: DraftRoute = { priority: i, fallback: isElse, ...(isElse ? {} : makeConditions(b.conditions)) };
      if (!Array.isArray(b.flow)) this.d.note(source, `${source}.branches[${i}] has no list of modules (its flow is ${describeValue(b.flow)}): nothing runs on it`);
      const flow = Array.isArray(b.flow) ? b.flow : [];
      const end = this.list(flow, { from: m.id, output: `branch ${i}`, route }, `${source}.branches[${i}].flow`, depth + 1);
      if (b.merge === true && end !== undefined) merged.push({ end, order: merging });
      if (b.merge === true) merging++;
    });
    return merged;
  }

  /**
   * A module placed after a router (or an if-else with no merge) in the same list. Make's router
   * has no path but its routes, and an if-else continues only through the merge right after it, so
   * nothing runs this module in Make's terms: it is kept (with the modules after it, chained as the
   * list says) but not connected, so it costs nothing, and the report says where it is and why.
   */
  private afterEnd(m: DraftModule, raw: Loose, at: string, ended: { id: string; what: string }): void {
    const filter = isObject(raw.filter) ? makeConditions(raw.filter.conditions) : {};
    const hasFilter = filter.conditions !== undefined || filter.sourceCondition !== undefined;
    // Its filter (on its incoming connection in Make) has no edge to sit on: it stays on the module, as
    // the edge's filter would read, and the first connection drawn into it takes it (store/operations connect).
    if (hasFilter) m.extra = { ...m.extra, [INCOMING_FILTER]: { mode: 'break', passRate: DEFAULT_FILTER_PASS_RATE, ...filter } };
    const filterName = isObject(raw.filter) ? str(raw.filter.name) : undefined;
    const kept = hasFilter
      ? `; its filter${filterName ? ` ${quoteName(filterName)}` : ''} is kept on the module (${INCOMING_FILTER}), with its conditions and a pass rate of ${DEFAULT_FILTER_PASS_RATE * 100} %, and becomes the filter of the first connection drawn into it (from a router: that route's condition)`
      : '';
    const where = ended.what === 'router' ? 'a router’s paths are its routes (routes[].flow)' : 'an if-else’s branches continue only through a merge right after it';
    this.d.note(
      m.source ?? m.id,
      `at ${at}, after the ${ended.what} ${named(this.d.modules.get(ended.id)!)} in the same list, not inside one of its ${ended.what === 'router' ? 'routes' : 'branches'}: in Make ${where}, so nothing runs it. It was kept, not connected (it and the modules after it never run and cost nothing)${kept}. Connect it where it belongs to price it.`,
    );
  }

  private startTrigger(position: Position | undefined): string {
    const trigger = this.d.addModule({ id: 'schedule', type: 'trigger', name: 'Schedule', ...(position ? { position: { x: position.x - 300, y: position.y } } : {}) }, 'trigger');
    const said =
      this.scheduleWords === undefined
        ? ' (its schedule lives in Make, not in the blueprint)'
        : `, with the schedule of the export's scheduling (${this.scheduleWords})`;
    // Make's first module starts each run; its schedule is no module and no operation (platforms.md counts a trigger as 1 credit).
    this.d.repair('trigger-added', `The scenario starts with an ordinary module; a trigger was added before it${said}. ${MAKE_SCHEDULE_UNBILLED}`, {
      moduleId: trigger.id,
    });
    return trigger.id;
  }

  private module(raw: Loose, source: string, identifier: string, kind: ModuleType): DraftModule {
    const position = positionOf(raw);
    const config: Loose = {};
    if (identifier === 'builtin:BasicRouter') config.mode = 'standard';
    if (identifier === 'builtin:BasicIfElse') config.mode = 'exclusive';
    const m = this.d.addModule({ id: source, source, type: kind, name: nameOf(raw, identifier), ...(position ? { position } : {}), ...(Object.keys(config).length > 0 ? { config } : {}) });
    if (m.id !== source) this.d.note(source, `its id is used twice; it became ${m.id}`);
    if (!this.idOf.has(source)) this.idOf.set(source, m.id);
    const op = operationOf(identifier);
    if ((kind === 'search' || kind === 'trigger') && SEVERAL_BUNDLES.test(op)) this.bundles.add(m.id);
    if (kind === 'trigger' && NAMED_TRIGGER.test(identifier.split(':')[1] ?? '')) this.bundles.add(m.id);
    if (kind === 'aggregator') this.feeders.push({ module: m, feeder: isObject(raw.parameters) ? raw.parameters.feeder : undefined });
    if (identifier === 'util:FunctionSleep') this.d.note(source, 'a sleep: in Altan a delay is a module setting, so it is priced as an action');
    if (PLACEHOLDER.test(identifier)) {
      m.assumptions = { ...PLACEHOLDER_ASSUMPTIONS };
      this.d.note(source, placeholderNote(identifier));
    }
    return m;
  }

  /**
   * A filter that is not one, or whose conditions are not Make's list of AND-groups, cannot be priced:
   * it is left out (the module runs whenever the one before it does), and the report says so. An empty
   * list of conditions lets every bundle through, as the module then runs: nothing to say.
   */
  private unreadFilter(raw: Loose, source: string): void {
    const f = raw.filter;
    if (f === undefined || f === null) return;
    const after = 'it was left out, so the module runs whenever the one before it does';
    if (!isObject(f)) return this.d.note(source, `its filter is ${describeValue(f)}, not a filter (a name and a list of conditions); ${after}`);
    const read = makeConditions(f.conditions);
    if (read.conditions !== undefined || read.sourceCondition !== undefined) return;
    if (Array.isArray(f.conditions) && f.conditions.every((g) => Array.isArray(g) && g.length === 0)) return;
    const name = str(f.name);
    this.d.note(source, `its filter${name ? ` ${quoteName(name)}` : ''} has no conditions that can be read (its conditions are ${describeValue(f.conditions)}; Make writes a list of AND-groups, each a list of { a, o, b }); ${after}`);
  }

  /** The edge from the previous module (or the route / error entry) into `m`, carrying m's filter. */
  private connectInto(m: DraftModule, raw: Loose, prev: Entry | undefined, source: string): void {
    const filter = isObject(raw.filter) ? makeConditions(raw.filter.conditions) : {};
    const has = filter.conditions !== undefined || filter.sourceCondition !== undefined;
    if (!prev) {
      if (has) this.d.note(source, 'the filter on the first module has nothing to filter; it was left out');
      return;
    }
    if (prev.route) {
      const route: DraftRoute = { ...prev.route, ...(has ? joinConditions(prev.route, filter) : {}) };
      // An if-else (an exclusive router) picks the branch first; the module's filter is checked after,
      // and a bundle that fails it stops. One route cannot say both: say what the flow approximates.
      if (has && this.d.modules.get(prev.from)?.config?.mode === 'exclusive') {
        this.d.note(
          source,
          prev.route.fallback
            ? 'its filter is not priced: the else branch runs whenever no condition matched, and a fallback route has no condition of its own'
            : `its filter joined the condition of the if-else's ${prev.output ?? 'branch'}: in Make a bundle that fails it stops; here it goes to the else branch instead`,
        );
      }
      this.d.connect(prev.from, m.id, { ...(prev.output ? { output: prev.output } : {}), route });
      return;
    }
    const draftFilter: DraftFilter | undefined = has ? { mode: 'break', ...filter } : undefined;
    this.d.connect(prev.from, m.id, { ...(prev.output ? { output: prev.output } : {}), ...(prev.error ? { error: true } : {}), ...(draftFilter ? { filter: draftFilter } : {}) });
  }

  /**
   * Aggregators name the module that opened their loop by its Make id. In Make a module that
   * outputs several bundles opens one (a search's results, a polled list): the modules after it
   * run once per bundle until the aggregator, so such a feeder gets an iterator inserted after it.
   * Any other module (an action, a webhook) outputs one bundle: its aggregator collects that one
   * bundle and closes no loop, so it becomes a variables module.
   */
  closeLoops(): void {
    const opened = new Map<string, string>();
    for (const { module, feeder } of this.feeders) {
      let id = typeof feeder === 'number' || typeof feeder === 'string' ? this.idOf.get(String(feeder)) : undefined;
      const opener = id === undefined ? undefined : this.d.modules.get(id);
      if (opener && opener.type !== 'iterator' && opener.type !== 'router' && opener.id !== module.id) {
        if (!this.bundles.has(opener.id)) {
          this.oneBundle(module, opener);
          continue;
        }
        id = opened.get(opener.id) ?? this.iterateAfter(opener, module);
        opened.set(opener.id, id);
      }
      module.config = { iteratorId: id ?? '' };
    }
  }

  /** An aggregator of a feeder that outputs one bundle: a variables module, nothing to loop over. */
  private oneBundle(aggregator: DraftModule, feeder: DraftModule): void {
    aggregator.type = 'variables';
    delete aggregator.config;
    this.d.repair(
      'aggregator-changed',
      `The aggregator ${named(aggregator)} became a variables module: ${this.d.describe(feeder.id)}, whose bundles it collects, outputs one bundle an execution, so no loop runs between them.`,
      { moduleId: aggregator.id },
    );
  }

  /** An iterator after `opener` that takes over its outgoing path (its error branch stays). */
  private iterateAfter(opener: DraftModule, aggregator: DraftModule): string {
    const at = opener.position;
    const iterator = this.d.addModule({ type: 'iterator', name: `Each bundle of ${opener.name}`, ...(at ? { position: { x: at.x + 150, y: at.y + 150 } } : {}) }, 'each');
    for (const e of this.d.edges.values()) if (e.source === opener.id && !e.error) e.source = iterator.id;
    this.d.connect(opener.id, iterator.id);
    this.d.repair(
      'iterator-inserted',
      `${cap(this.d.describe(aggregator.id))} collects the bundles of ${this.d.describe(opener.id)}, so the modules between them run once per bundle: an iterator was inserted after it (its items per execution take the default).`,
      { moduleId: iterator.id },
    );
    return iterator.id;
  }
}

export function readMake(value: Loose): Draft {
  const blueprint = blueprintOf(value) ?? {};
  const d = new Draft('make', str(blueprint.name) ?? 'Imported Make scenario');
  const notes: string[] = [];
  const holder = blueprintHolder(value);
  const cron = scheduleOf(holder.scheduling !== undefined ? holder.scheduling : blueprint.scheduling, notes);
  const reading = cron === undefined ? undefined : readSchedule(cron);
  const reader = new MakeReader(d, reading?.ok ? reading.value.words : undefined);
  reader.list(Array.isArray(blueprint.flow) ? blueprint.flow : [], undefined, 'flow', 0);
  reader.closeLoops();
  const trigger = [...d.modules.values()].find((m) => m.type === 'trigger');
  if (trigger && cron) trigger.config = { ...trigger.config, schedule: cron };
  for (const n of notes) d.note(trigger?.source ?? 'scheduling', n);
  return d;
}
