/**
 * Checking what the library reads back: a stored flow record, and the short entry the library's
 * list keeps of it (libraryDb.ts's `listing` store), so that the list is read without the flows'
 * texts. Pure; used by the IndexedDB adapter (to write and repair the list) and by the library.
 */
import type { FlowRecord, FlowSummary } from './libraryDb';
import { isStoredText } from './storedText';

/** A record the library could not read: listed with its problem and its text, never dropped. */
export interface UnreadableRecord {
  /** Its id when it has one (so it can be deleted), or null. */
  id: string | null;
  problem: string;
  /** The record as stored, as JSON text, to download. */
  text: string;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function storedText(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

export const numberOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A stored flow record checked field by field; its flow text is parsed when it is opened. */
export function readFlowRecord(value: unknown): { ok: true; record: FlowRecord } | { ok: false; unreadable: UnreadableRecord } {
  const fail = (problem: string) => ({
    ok: false as const,
    unreadable: { id: isObject(value) && typeof value.id === 'string' ? value.id : null, problem, text: storedText(value) },
  });
  if (!isObject(value)) return fail('the record is not an object');
  if (typeof value.id !== 'string' || value.id === '') return fail('the record has no id');
  if (!isStoredText(value.flowText)) return fail('the record holds no flow');
  if (typeof value.name !== 'string') return fail('the record has no name');
  return {
    ok: true,
    record: {
      id: value.id,
      name: value.name,
      flowText: value.flowText,
      ...(typeof value.textChars === 'number' ? { textChars: value.textChars } : {}),
      modules: typeof value.modules === 'number' ? value.modules : 0,
      perMonth: numberOrNull(value.perMonth),
      createdAt: numberOrNull(value.createdAt) ?? 0,
      updatedAt: numberOrNull(value.updatedAt) ?? 0,
    },
  };
}

/** A flow record's list entry without its text. */
export function summaryOf(record: FlowRecord): FlowSummary {
  const { id, name, modules, perMonth, createdAt, updatedAt } = record;
  return { id, name, modules, perMonth, createdAt, updatedAt };
}

/**
 * What the list keeps of a stored flow record: its summary, or, for a record that cannot be read,
 * a marker that is no summary (the list then reads that record in full, to show it as unreadable).
 */
export function listEntryOf(record: unknown): FlowSummary | { unreadable: string } {
  const checked = readFlowRecord(record);
  return checked.ok ? summaryOf(checked.record) : { unreadable: checked.unreadable.problem };
}

/** A stored list entry checked field by field; null when it is not a summary (unreadable, damaged). */
export function readSummary(value: unknown): FlowSummary | null {
  if (!isObject(value) || typeof value.id !== 'string' || value.id === '' || typeof value.name !== 'string') return null;
  if (typeof value.modules !== 'number' || typeof value.createdAt !== 'number' || typeof value.updatedAt !== 'number') return null;
  if (value.perMonth !== null && typeof value.perMonth !== 'number') return null;
  return { id: value.id, name: value.name, modules: value.modules, perMonth: numberOrNull(value.perMonth), createdAt: value.createdAt, updatedAt: value.updatedAt };
}
