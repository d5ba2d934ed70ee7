/**
 * Copy and paste of modules. What is copied: the selected modules and the edges AMONG
 * them (an edge to a module left behind would dangle). On the system clipboard it travels
 * as a versioned JSON text, so a paste into another tab or window works too; anything
 * read back is checked field by field and rebuilt from known keys only.
 */
import { current, isDraft } from 'immer';
import {
  ASSUMPTION_KEYS,
  FILTER_MODES,
  INCOMING_FILTER,
  type Assumptions,
  type Edge,
  type FilterMode,
  type Flow,
  type Module,
  type Position,
} from '../model/types';
import { isModuleType } from '../model/modules/registry';
import { sanitizeParsed } from '../io/sanitize';
import { readIncomingFilter } from './operations';
import { checkAssumption } from './checkAssumption';
import { checkPassRate, checkPriority, makeModule, nextIds } from './moduleRecipes';
import { MAX_CONDITION_DEPTH, TEXT_RULES } from '../model/fieldRules';
import { clampPosition } from '../model/clampPosition';
import { cutText } from '../model/cutText';
import { conditionDepth } from '../model/conditionDepth';
import type { Selection } from './editor';

export const CLIPBOARD_KIND = 'creditflow/modules';
export const CLIPBOARD_VERSION = 1;

export interface ClipboardData {
  kind: typeof CLIPBOARD_KIND;
  version: typeof CLIPBOARD_VERSION;
  modules: Module[];
  edges: Edge[];
}

function plain<T>(value: T): T {
  return structuredClone(isDraft(value) ? (current(value as never) as T) : value);
}

/** The selected modules and the edges among them (selected edges to modules left behind are dropped). */
export function copySelection(flow: Flow, selection: Pick<Selection, 'modules'>): ClipboardData {
  const ids = new Set(selection.modules);
  const modules = flow.modules.filter((m) => ids.has(m.id)).map((m) => plain(m));
  const edges = flow.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => plain(e));
  return { kind: CLIPBOARD_KIND, version: CLIPBOARD_VERSION, modules, edges };
}

/** The text put on the system clipboard. */
export function clipboardText(data: ClipboardData): string {
  return JSON.stringify(data);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function readEstimate(value: unknown): number | { min: number; likely: number; max: number } | undefined {
  if (isFiniteNumber(value)) return value;
  if (isRecord(value) && isFiniteNumber(value.min) && isFiniteNumber(value.likely) && isFiniteNumber(value.max)) {
    return { min: value.min, likely: value.likely, max: value.max };
  }
  return undefined;
}

/** Conditions as the file reader would take them; null when they nest deeper than it accepts. */
function readConditions(value: unknown): Record<string, unknown> | undefined | null {
  if (!isRecord(value)) return undefined;
  if (conditionDepth(value, MAX_CONDITION_DEPTH) > MAX_CONDITION_DEPTH) return null;
  // Rebuilt through JSON: own data only, no prototype tricks survive.
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

function readModule(value: unknown): Module | null {
  if (!isRecord(value)) return null;
  const { id, type, name, position } = value;
  if (typeof id !== 'string' || id === '' || !isModuleType(type) || typeof name !== 'string') return null;
  if (!isRecord(position) || !isFiniteNumber(position.x) || !isFiniteNumber(position.y)) return null;
  // A name longer than a file may hold is cut to the limit, as the palette's names are.
  const module = makeModule(type, id, cutText(name, TEXT_RULES.moduleName.max), clampPosition({ x: position.x, y: position.y }));
  if (isRecord(value.assumptions)) {
    const assumptions: Assumptions = {};
    for (const key of ASSUMPTION_KEYS) {
      const estimate = readEstimate(value.assumptions[key]);
      if (estimate !== undefined && checkAssumption(key, estimate) === null) assumptions[key] = estimate;
    }
    if (Object.keys(assumptions).length > 0) module.assumptions = assumptions;
  }
  const config = isRecord(value.config) ? value.config : {};
  if (module.type === 'router' && (config.mode === 'standard' || config.mode === 'exclusive')) module.config.mode = config.mode;
  if (module.type === 'aggregator' && typeof config.iteratorId === 'string') module.config.iteratorId = config.iteratorId;
  // The filter it holds for a connection into it not drawn yet (a Make import's), when an edge could hold it.
  const held = readIncomingFilter(value[INCOMING_FILTER]);
  if (held) (module as Module & { [INCOMING_FILTER]?: unknown })[INCOMING_FILTER] = held;
  return module;
}

function readEdge(value: unknown): Edge | null {
  if (!isRecord(value)) return null;
  const { id, source, target } = value;
  if (typeof id !== 'string' || typeof source !== 'string' || typeof target !== 'string') return null;
  const edge: Edge = { id, source, target };
  if (isRecord(value.filter)) {
    const { mode } = value.filter;
    const passRate = readEstimate(value.filter.passRate);
    if (typeof mode === 'string' && (FILTER_MODES as readonly string[]).includes(mode) && passRate !== undefined && checkPassRate(passRate) === null) {
      edge.filter = { mode: mode as FilterMode, passRate };
      const conditions = readConditions(value.filter.conditions);
      if (conditions === null) return null;
      if (conditions) edge.filter.conditions = conditions;
    }
  }
  if (isRecord(value.route)) {
    const { priority, fallback } = value.route;
    const passRate = readEstimate(value.route.passRate);
    if (checkPriority(priority) === null && typeof fallback === 'boolean' && passRate !== undefined && checkPassRate(passRate) === null) {
      edge.route = { priority: priority as number, passRate, fallback };
      const conditions = readConditions(value.route.conditions);
      if (conditions === null) return null;
      if (conditions) edge.route.conditions = conditions;
    }
  }
  return edge;
}

/** Reads clipboard text back; null when it is not Creditflow modules (or is damaged). */
export function parseClipboard(text: string): ClipboardData | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  // Keys that could reach a prototype go, and absurdly deep nesting is refused.
  if (sanitizeParsed(value).tooDeep) return null;
  if (!isRecord(value) || value.kind !== CLIPBOARD_KIND || value.version !== CLIPBOARD_VERSION) return null;
  if (!Array.isArray(value.modules) || !Array.isArray(value.edges)) return null;
  const modules: Module[] = [];
  const seen = new Set<string>();
  for (const raw of value.modules) {
    const module = readModule(raw);
    if (!module || seen.has(module.id)) return null;
    seen.add(module.id);
    modules.push(module);
  }
  const edges: Edge[] = [];
  for (const raw of value.edges) {
    const edge = readEdge(raw);
    if (!edge) return null;
    if (seen.has(edge.source) && seen.has(edge.target)) edges.push(edge);
  }
  return { kind: CLIPBOARD_KIND, version: CLIPBOARD_VERSION, modules, edges };
}

export interface Pasted {
  modules: string[];
  edges: string[];
}

/**
 * Adds a copy of the clipboard's modules and edges to the flow: new ids, edges remapped
 * to the new modules, an aggregator's iterator remapped when the iterator was copied too
 * (kept when it exists in this flow, cleared otherwise), positions moved by `offset`.
 */
export function pasteInto(draft: Flow, data: ClipboardData, offset: Position = { x: 40, y: 40 }): Pasted {
  if (data.modules.length === 0) return { modules: [], edges: [] };
  const moduleIds = nextIds('m', draft.modules.map((m) => m.id), data.modules.length);
  const idMap = new Map<string, string>();
  data.modules.forEach((m, i) => idMap.set(m.id, moduleIds[i]!));
  const existing = new Set(draft.modules.map((m) => m.id));
  const existingIterators = new Set(draft.modules.filter((m) => m.type === 'iterator').map((m) => m.id));

  for (const source of data.modules) {
    const copy = plain(source);
    copy.id = idMap.get(source.id)!;
    copy.position = clampPosition({ x: source.position.x + offset.x, y: source.position.y + offset.y });
    if (copy.type === 'aggregator') {
      const was = copy.config.iteratorId;
      const copied = idMap.get(was);
      const copiedIsIterator = data.modules.some((m) => m.id === was && m.type === 'iterator');
      copy.config.iteratorId = copied && copiedIsIterator ? copied : existingIterators.has(was) && existing.has(was) ? was : '';
    }
    draft.modules.push(copy);
  }

  const among = data.edges.filter((e) => idMap.has(e.source) && idMap.has(e.target));
  const edgeIds = nextIds('e', draft.edges.map((e) => e.id), among.length);
  among.forEach((source, i) => {
    const copy = plain(source);
    copy.id = edgeIds[i]!;
    copy.source = idMap.get(source.source)!;
    copy.target = idMap.get(source.target)!;
    draft.edges.push(copy);
  });
  return { modules: moduleIds, edges: edgeIds };
}
