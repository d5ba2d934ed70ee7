/**
 * The guardrails of the flow file (issue 6), under the names the io code uses. They are decided
 * once, in the table of field rules (model/fieldRules.ts, docs: flow-format.md#field-rules), which
 * the editor reads too: a file that crosses one is refused with a message that names the limit,
 * and nothing here truncates silently.
 */
import { FILE_LIMITS, MAX_CONDITION_DEPTH, MAX_CONDITION_JSON_DEPTH } from '../model/fieldRules';

export const MAX_FILE_BYTES = FILE_LIMITS.bytes;
export const MAX_DOCUMENT_DEPTH = FILE_LIMITS.depth;
// MAX_ITERATIONS, MAX_NAME_LENGTH, MAX_ID_LENGTH, MAX_ERRORS, MAX_LINK_CHARS: limitsLater.ts
export { MAX_CONDITION_DEPTH, MAX_CONDITION_JSON_DEPTH };
export const MAX_MODULES = FILE_LIMITS.modules;
export const MAX_EDGES = FILE_LIMITS.edges;

/**
 * The refusal of a flow with more modules or edges than a flow may hold (`FILE_LIMITS`), in the
 * words the file reader, the importers of other platforms' files and the editor share; null when
 * it is within the limits.
 */
export function flowTooLarge(modules: number, edges: number): { path: 'modules' | 'edges'; message: string } | null {
  const count = (n: number) => n.toLocaleString('en-US');
  if (modules > MAX_MODULES) {
    return { path: 'modules', message: `The flow has ${count(modules)} modules; the limit is ${count(MAX_MODULES)} modules in one flow. Split it into smaller flows.` };
  }
  if (edges > MAX_EDGES) {
    return { path: 'edges', message: `The flow has ${count(edges)} connections; the limit is ${count(MAX_EDGES)} in one flow. Split it into smaller flows.` };
  }
  return null;
}
/** Keys that could reach an object's prototype; dropped wherever they appear in a file. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
