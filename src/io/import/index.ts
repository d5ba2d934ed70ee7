/**
 * Importing a flow from any of the four formats, in one place the app and the CLI share:
 * `importFlow(parsed JSON)` detects the format from the content and returns a Creditflow flow
 * with its import report (for Altan, n8n and Make), or located errors. Never throws. A flow in
 * Creditflow's own format goes through parseFlow unchanged and has no report.
 */
import type { Flow } from '../../model/types';
import { formatPath, locatePaths } from '../jsonText';
import { flowTooLarge, MAX_DOCUMENT_DEPTH, MAX_FILE_BYTES } from '../limits';
import { parseFlow, type FileError, type ParseResult } from '../parse';
import { sanitizeParsed } from '../sanitize';
import { readAltan } from './altan';
import { detectFormat, n8nWorkflowsOf, type DetectedFormat } from './detect';
import { finishDraft } from './draft';
import { readMake } from './make';
import { readN8n } from './n8n';
import type { ImportReport } from './report';

export { detectFormat, describeTopLevel, NOT_A_FLOW, type DetectedFormat } from './detect';
export { reportSummary, SOURCE_FORMAT_NAMES, type ImportReport, type SourceFormat } from './report';

export type ImportResult =
  | { ok: true; format: DetectedFormat; flow: Flow; report?: ImportReport; migratedFrom?: number; warnings?: FileError[] }
  | { ok: false; errors: FileError[] };

export interface ImportOptions {
  /** The file's name, used as the flow's name when the source has none. */
  fileName?: string;
}

/** A Creditflow file read by parseFlow, with its migration and its warnings (keys removed on the way in). */
function creditflowResult(parsed: ParseResult & { ok: true }): ImportResult {
  return {
    ok: true,
    format: 'creditflow',
    flow: parsed.value,
    ...(parsed.migratedFrom !== undefined ? { migratedFrom: parsed.migratedFrom } : {}),
    ...(parsed.warnings && parsed.warnings.length > 0 ? { warnings: parsed.warnings } : {}),
  };
}

/**
 * A text read as a Creditflow file alone (parseFlow), never detected as one of the other formats:
 * a text the app wrote itself (a library entry's) is read back as it was written, its errors
 * parseFlow's own.
 */
export function readCreditflowText(text: string): ImportResult {
  const parsed = parseFlow(text);
  return parsed.ok ? creditflowResult(parsed) : parsed;
}

/** Imports a parsed JSON value of any of the four formats. */
export function importFlow(value: unknown, options: ImportOptions = {}): ImportResult {
  try {
    const detected = detectFormat(value);
    if (!detected.ok) return { ok: false, errors: [{ path: '', message: detected.message }] };
    if (detected.format === 'creditflow') {
      // parseFlow applies the flow file's own checks (limits, forbidden keys, schema, migrations).
      const parsed = parseFlow(JSON.stringify(value));
      if (!parsed.ok) return parsed;
      return creditflowResult(parsed);
    }
    const source = detected.format === 'n8n' ? n8nWorkflowsOf(value)![0]! : (value as Record<string, unknown>);
    // Keys that could reach a prototype are removed in place; the depth cap applies as for flow files.
    const sanitized = sanitizeParsed(source);
    if (sanitized.tooDeep) {
      return { ok: false, errors: [{ path: formatPath(sanitized.tooDeep.slice(0, 3)), message: `The file nests more than ${MAX_DOCUMENT_DEPTH} levels deep; the limit is ${MAX_DOCUMENT_DEPTH}.` }] };
    }
    const draft = detected.format === 'altan' ? readAltan(source) : detected.format === 'n8n' ? readN8n(source) : readMake(source);
    if (options.fileName && draft.name.startsWith('Imported ')) draft.name = options.fileName.replace(/\.json$/i, '');
    for (const path of sanitized.dropped) draft.note(path, 'removed: keys named __proto__, constructor or prototype are not read');
    const { flow, report } = finishDraft(draft);
    const tooMany = flowTooLarge(flow.modules.length, flow.edges.length);
    if (tooMany) return { ok: false, errors: [{ path: '', message: `${tooMany.message} It was not imported.` }] };
    return { ok: true, format: detected.format, flow, report };
  } catch (error) {
    const reason = error instanceof RangeError ? 'it is nested too deeply or too large to read' : 'of an unexpected problem';
    return { ok: false, errors: [{ path: '', message: `The file could not be imported because ${reason}.` }] };
  }
}

/**
 * A JSON text of none of the four formats. One that calls itself a flow file (a `format` or a
 * `version` at its top level) gets parseFlow's located errors, which say what is wrong with it
 * as a Creditflow file; anything else gets "not a Creditflow, Altan, n8n or Make file" and what
 * its top level holds, located where the value starts.
 */
function notAFlow(text: string, value: unknown, message: string): ImportResult & { ok: false } {
  const parsed = parseFlow(text);
  const claimsFlow = typeof value === 'object' && value !== null && !Array.isArray(value) && ('format' in value || 'version' in value);
  if (claimsFlow && !parsed.ok) return parsed;
  const start = locatePaths(text, [[]]).get('');
  return { ok: false, errors: [{ path: '', message, ...(start ? { line: start.line, column: start.column } : {}) }] };
}

/**
 * Reads a file's text and imports it. Creditflow files, and texts that are not JSON or are
 * too large, go through parseFlow, so their messages are located exactly as today.
 */
export function importText(text: string, options: ImportOptions = {}): ImportResult {
  const tooLarge = typeof text === 'string' && text.length > MAX_FILE_BYTES / 3 && new TextEncoder().encode(text).length > MAX_FILE_BYTES;
  if (typeof text !== 'string' || tooLarge) return parseFlow(text) as ImportResult & { ok: false };
  const stripped = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(stripped);
  } catch {
    return parseFlow(text) as ImportResult & { ok: false };
  }
  const detected = detectFormat(value);
  if (!detected.ok) return notAFlow(text, value, detected.message);
  if (detected.format === 'creditflow') {
    // The JSON is read once: parseFlow takes it as read (detectFormat only looked at it).
    const parsed = parseFlow(text, { parsed: value });
    if (!parsed.ok) return parsed;
    return creditflowResult(parsed);
  }
  return importFlow(value, options);
}
