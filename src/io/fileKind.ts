/**
 * What a file is: a flow (Creditflow, Altan, n8n or Make: io/import) or an execution log of runs
 * (CSV, JSON rows, JSON lines, Altan or n8n execution data: io/logs). One decision for the app
 * (a file dropped on the canvas, pasted text) and the CLI (a log given where a flow is expected).
 *
 * The whole text, when it is JSON, is decided by its content: a value detectFormat recognises is a
 * flow, one the log readers read is a log. The start of a larger file (HEAD_BYTES) is decided by
 * its shape: a JSON list of rows with a run and a module, JSON lines, a CSV header, or an execution
 * document's keys make a log. Anything else is a flow, and the flow import says what is wrong with it.
 */
import { detectFormat, type DetectedFormat } from './import/detect';

export type FileKind = 'flow' | 'log';

/** How many bytes of a file's start are read to tell a flow from a log. */
export const HEAD_BYTES = 64 * 1024;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A row of the plain log (JSON rows, JSON lines): it names its run and its module. */
const isLogRow = (v: unknown): boolean => isRecord(v) && 'run' in v && 'module' in v;

/** Keys only execution data has: n8n's runData / resultData, Altan's module executions. */
const EXECUTION_KEYS = /"(runData|resultData|module_executions|executions)"\s*:|"modules"\s*:\s*\{/;

/** The format of a text that is a whole flow file (Creditflow, Altan, n8n, Make), or null. */
export function flowFormatOf(text: string): DetectedFormat | null {
  try {
    const detected = detectFormat(JSON.parse(text));
    return detected.ok ? detected.format : null;
  } catch {
    return null;
  }
}

/** An execution document: n8n's execution data (runData), Altan's flow executions (module executions). */
function isExecutionDocument(v: unknown): boolean {
  if (!isRecord(v)) return false;
  const data = isRecord(v.data) ? v.data : v;
  return 'executions' in v || Array.isArray(v.module_executions) || isRecord(v.modules) || 'resultData' in data || 'runData' in data;
}

/** A parsed JSON value: a flow, a log, or neither (null). */
function kindOfValue(value: unknown): FileKind | null {
  if (detectFormat(value).ok) return 'flow';
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return isLogRow(first) || isExecutionDocument(first) ? 'log' : null;
}

/**
 * Whether `head` (the start of a file, or all of it when `whole`) is a flow or an execution log.
 * A text that is neither is a flow: the flow import explains what is wrong with it.
 */
export function fileKindOf(head: string, whole: boolean): FileKind {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text === '') return 'flow';
  if (whole && (text.startsWith('{') || text.startsWith('['))) {
    try {
      const kind = kindOfValue(JSON.parse(text));
      if (kind) return kind;
      // JSON, but neither a flow nor a log: the flow import names what its top level holds.
      return 'flow';
    } catch {
      // Not one JSON value: JSON lines, or a broken file; decided by its shape below.
    }
  }
  // A list is a log when its items read as rows or execution documents (else n8n's export of workflows).
  if (text.startsWith('[')) return (/"run"\s*:/.test(text) && /"module"\s*:/.test(text)) || EXECUTION_KEYS.test(text) ? 'log' : 'flow';
  if (text.startsWith('{')) {
    if (/"format"\s*:\s*"creditflow"/.test(text)) return 'flow';
    // JSON lines: the first line is one row.
    const firstLine = text.split(/\r?\n/, 1)[0]!;
    try {
      if (isLogRow(JSON.parse(firstLine))) return 'log';
    } catch {
      // The first line is not a whole value: a document spread over lines.
    }
    return EXECUTION_KEYS.test(text) ? 'log' : 'flow';
  }
  // Not JSON: a CSV log has a header of comma-separated columns on its first line.
  return /^[^\n]*,[^\n]*\n/.test(text) ? 'log' : 'flow';
}
