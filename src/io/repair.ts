/**
 * Repairs a flow file that the reader refuses by keeping what parses: the modules, edges and
 * scenarios the reader names in its errors are dropped one round at a time until the rest
 * reads, and every dropped item is reported. A flow name over the limit is cut to it, and a
 * setting the reader refuses (runs per month, the rate card, the budget…) is dropped, so its
 * default applies. Text that is not JSON cannot be repaired.
 */
import type { Flow } from '../model/types';
import { parseFlow, type FileError } from './parse';
import { TEXT_RULES } from '../model/fieldRules';
import { cutText } from '../model/cutText';

export type RepairResult =
  | { ok: true; flow: Flow; dropped: string[] }
  | { ok: false; reason: string };

type ListName = 'modules' | 'edges' | 'scenarios';
const NOUN: Record<ListName, string> = { modules: 'module', edges: 'connection', scenarios: 'scenario' };
const ITEM = /^(modules|edges|scenarios)\[(\d+)\]/;

/** The list items an error is about, or undefined when it is about the file as a whole. */
function itemOf(error: FileError): { list: ListName; index: number } | undefined {
  const match = ITEM.exec(error.path);
  return match ? { list: match[1] as ListName, index: Number(match[2]) } : undefined;
}

function describeItem(list: ListName, item: unknown, error: FileError): string {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown; name?: unknown }) : {};
  const label = typeof id.name === 'string' && list === 'scenarios' ? id.name : typeof id.id === 'string' ? id.id : '';
  return `${NOUN[list]}${label ? ` '${label}'` : ''}: ${error.message}`;
}

export function repairFlowText(text: string): RepairResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'its JSON is broken, so nothing in it can be read' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'it does not hold a flow' };
  }
  const file = value as Record<string, unknown>;
  const dropped: string[] = [];
  // Each round drops at least one item, so the rounds end.
  for (;;) {
    const parsed = parseFlow(JSON.stringify(file));
    if (parsed.ok) return { ok: true, flow: parsed.value, dropped };
    const drops = new Map<ListName, Map<number, FileError>>();
    let mended = false;
    for (const error of parsed.errors) {
      if (mendTopLevel(file, error, dropped)) {
        mended = true;
        continue;
      }
      const item = itemOf(error);
      const list = item && file[item.list];
      if (!item || !Array.isArray(list) || item.index >= list.length) continue;
      const indices = drops.get(item.list) ?? new Map<number, FileError>();
      if (!indices.has(item.index)) indices.set(item.index, error);
      drops.set(item.list, indices);
    }
    if (drops.size === 0 && !mended) {
      return { ok: false, reason: parsed.errors[0]?.message ?? 'it cannot be read' };
    }
    for (const [list, indices] of drops) {
      const items = file[list] as unknown[];
      for (const [index, error] of indices) dropped.push(describeItem(list, items[index], error));
      file[list] = items.filter((_, i) => !indices.has(i));
    }
  }
}

/**
 * Mends an error about the file's own fields, not a list item: the flow name is cut to its
 * limit, a refused setting is dropped. False when the error is about something else.
 */
function mendTopLevel(file: Record<string, unknown>, error: FileError, dropped: string[]): boolean {
  if (error.path === 'name' && typeof file.name === 'string') {
    const cut = cutText(file.name, TEXT_RULES.flowName.max);
    if (cut === file.name) return false;
    file.name = cut;
    dropped.push(`the flow name, cut to ${TEXT_RULES.flowName.max} characters: ${error.message}`);
    return true;
  }
  const setting = /^settings\.([^.[]+)/.exec(error.path)?.[1];
  const settings = file.settings;
  if (setting === undefined || typeof settings !== 'object' || settings === null || !Object.hasOwn(settings, setting)) return false;
  delete (settings as Record<string, unknown>)[setting];
  dropped.push(`the setting '${setting}': ${error.message}`);
  return true;
}
