/**
 * Reading a flow file: text in, a Flow or located errors out. Never throws.
 *
 * Order of checks (each stops the import with its own message):
 * size cap → empty → JSON syntax (line, column) → nesting cap, forbidden keys removed →
 * an object → `format` → `version` (newer refused) → the schema of the file's own version and
 * the cross-references (duplicate ids, edges to missing modules) → migrations → the current
 * schema. Structural rules are not checked here: see validateFlow.
 */
import type * as z from 'zod/mini';
import { FLOW_FORMAT, type Flow } from '../model/types';
import { fileTooLarge } from './decode';
import { findDuplicateKeys, findJsonSyntaxError, formatPath, locatePaths, writesMoreKeys, type DuplicateKey, type PathSegment } from './jsonText';
import { flowTooLarge, FORBIDDEN_KEYS, MAX_CONDITION_DEPTH, MAX_DOCUMENT_DEPTH, MAX_FILE_BYTES } from './limits';
import { MAX_ERRORS } from './limitsLater';
import { CURRENT_VERSION, laterNamesOf, migrate, newerVersionMessage } from './migrations';
import { sanitizeParsed } from './sanitize';
import { visibleText } from './visible';
import { crossCheck, describeValue, schemaFor } from './schema';
import { readWellFormed } from './wellFormed';

export interface FileError {
  /** Where in the file, as a JSON path: `modules[2].assumptions.retries` ('' for the whole file). */
  path: string;
  /** 1-based, when the place could be found in the text. */
  line?: number;
  column?: number;
  /** For a person, naming the module or edge: "modules[2] (id 'm3'): assumptions.retries must be …". */
  message: string;
}

export type ParseResult =
  | {
      ok: true;
      value: Flow;
      /** The file's version when it was older and has been migrated to the current one. */
      migratedFrom?: number;
      /** What was changed on the way in (forbidden keys removed). Absent when nothing was. */
      warnings?: FileError[];
    }
  | { ok: false; errors: FileError[] };

/** `flow.json:3:14: message`, or `flow.json: message` when there is no line. */
export function formatFileError(error: FileError, fileName?: string): string {
  const where = error.line !== undefined ? `${error.line}:${error.column ?? 1}` : '';
  // One error, one line: a value quoted from the file (a type "resp\nse") may hold a line break.
  const message = visibleText(error.message);
  if (fileName) return where ? `${fileName}:${where}: ${message}` : `${fileName}: ${message}`;
  return where ? `line ${error.line}, column ${error.column ?? 1}: ${message}` : message;
}

/** Size of a text in UTF-8 bytes, without encoding it when the answer is obvious. */
function utf8Length(text: string): number {
  if (text.length > MAX_FILE_BYTES || text.length * 3 <= MAX_FILE_BYTES) return text.length; // a lower bound suffices
  return new TextEncoder().encode(text).length;
}

const fail = (...errors: FileError[]): ParseResult => ({ ok: false, errors });

const SECTIONS = new Set(['modules', 'edges', 'scenarios']);

/** "modules[2] (id 'm3')" and the rest of the path after it. */
function placeOf(raw: unknown, path: readonly PathSegment[]): { place: string; rest: PathSegment[] } {
  const [section, index] = path;
  if (typeof section === 'string' && SECTIONS.has(section) && typeof index === 'number') {
    const items = (raw as Record<string, unknown>)[section];
    const item = Array.isArray(items) ? (items[index] as unknown) : undefined;
    const id = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).id : undefined;
    const shownId = typeof id === 'string' && id !== '' ? ` (id '${visibleText(id.length > 40 ? `${id.slice(0, 40)}…` : id)}')` : '';
    return { place: `${section}[${index}]${shownId}`, rest: path.slice(2) };
  }
  return { place: '', rest: [...path] };
}

interface Located {
  path: PathSegment[];
  message: string;
}

function messageFor(raw: unknown, problem: Located): string {
  const { place, rest } = placeOf(raw, problem.path);
  // The module-type message already starts with "type".
  const fieldPath = rest.length === 1 && rest[0] === 'type' && problem.message.startsWith('type') ? '' : visibleText(formatPath(rest));
  const head = [place && `${place}:`, fieldPath].filter(Boolean).join(' ');
  return head ? `${head} ${problem.message}` : problem.message.charAt(0).toUpperCase() + problem.message.slice(1);
}

function zodProblems(error: z.core.$ZodError): Located[] {
  return error.issues.map((issue) => ({ path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'), message: issue.message }));
}

/** Located, human errors from problems at JSON paths; line and column looked up in the text. */
function toFileErrors(text: string, raw: unknown, problems: Located[]): FileError[] {
  const shown = problems.slice(0, MAX_ERRORS);
  const places = locatePaths(text, shown.map((p) => p.path));
  const errors: FileError[] = shown.map((p) => {
    const path = formatPath(p.path);
    const at = places.get(path);
    return { path, ...(at ?? {}), message: messageFor(raw, p) };
  });
  if (problems.length > shown.length)
    errors.push({ path: '', message: `…and ${problems.length - shown.length} more problems.` });
  return errors;
}

/** A file nested past the document cap: named at the conditions (their own cap) or a short path. */
function tooDeepError(text: string, raw: unknown, deepPath: PathSegment[]): FileError {
  const conditionsAt = deepPath.indexOf('conditions');
  let path: PathSegment[];
  let message: string;
  if (conditionsAt >= 0) {
    path = deepPath.slice(0, conditionsAt + 1);
    message = `are nested more than ${MAX_CONDITION_DEPTH} levels deep; the limit is ${MAX_CONDITION_DEPTH}`;
  } else {
    path = deepPath.slice(0, typeof deepPath[1] === 'number' && SECTIONS.has(String(deepPath[0])) ? 3 : 1);
    message = `nests more than ${MAX_DOCUMENT_DEPTH} levels deep; the limit is ${MAX_DOCUMENT_DEPTH}`;
  }
  const at = locatePaths(text, [path]).get(formatPath(path));
  return { path: formatPath(path), ...(at ?? {}), message: messageFor(raw, { path, message }) };
}

/** One error per key given twice in an object, at the second one, naming where the first is. */
function duplicateKeyErrors(raw: unknown, duplicates: readonly DuplicateKey[]): FileError[] {
  const errors: FileError[] = duplicates.slice(0, MAX_ERRORS).map((d) => {
    const key = d.path[d.path.length - 1];
    const message = `is given twice in the same object (first at line ${d.first.line}, column ${d.first.column}); a key may appear only once, so remove one of them`;
    return {
      path: formatPath(d.path),
      line: d.line,
      column: d.column,
      message: `${messageFor(raw, { path: d.path, message })}${typeof key === 'string' && key === '' ? ' (the key is the empty text "")' : ''}.`,
    };
  });
  if (duplicates.length > MAX_ERRORS) errors.push({ path: '', message: `…and ${duplicates.length - MAX_ERRORS} more keys given twice.` });
  return errors;
}

/** The file checked by the schema of its own version and cross-checked; `data` is the schema's output. */
function validateVersion(text: string, raw: Record<string, unknown>, version: number): { ok: true; data: unknown } | { ok: false; errors: FileError[] } {
  const schema = schemaFor(version);
  if (!schema) return { ok: false, errors: [{ path: 'version', message: `Version ${version} of the flow file is not known.` }] };
  // A current file whose modules and edges are plainly right skips zod's field-by-field pass over
  // them (the same output: wellFormed.ts); any other file gets zod's checks and its messages.
  const wellFormed = version === CURRENT_VERSION ? readWellFormed(raw, schema) : null;
  const result = wellFormed ? { success: true as const, data: wellFormed } : schema.safeParse(raw);
  const problems: Located[] = [...(result.success ? [] : zodProblems(result.error)), ...crossCheck(raw)];
  return problems.length === 0 ? { ok: true, data: result.data } : { ok: false, errors: toFileErrors(text, raw, problems) };
}

/**
 * `parsed`, when given, is `JSON.parse` of the text (without its byte order mark), already done by
 * the caller (importText reads the JSON once to tell the four formats apart).
 */
function parseUnchecked(input: string, given?: { parsed: unknown }): ParseResult {
  if (typeof input !== 'string') return fail({ path: '', message: 'The file could not be read as text.' });
  const tooBig = fileTooLarge(utf8Length(input));
  if (tooBig) return fail(tooBig);
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') return fail({ path: '', message: 'The file is empty.' });

  let parsed: unknown;
  try {
    parsed = given ? given.parsed : JSON.parse(text);
  } catch {
    const syntax = findJsonSyntaxError(text);
    if (syntax) return fail({ path: '', line: syntax.line, column: syntax.column, message: `Not valid JSON: ${syntax.message}.` });
    return fail({ path: '', message: 'Not valid JSON.' });
  }

  // A key given twice leaves the parsed value with fewer keys than the text writes; only then (or
  // when the walk stopped early, at the depth cap) is the text scanned for the duplicates' places.
  const report = sanitizeParsed(parsed);
  const duplicates = report.tooDeep !== undefined || writesMoreKeys(text, report.keys) ? findDuplicateKeys(text) : [];
  if (duplicates.length > 0) return fail(...duplicateKeyErrors(parsed, duplicates));

  if (report.tooDeep) return fail(tooDeepError(text, parsed, report.tooDeep));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return fail({
      path: '',
      line: 1,
      column: 1,
      message: `The file holds ${describeValue(parsed)}, not a flow: a Creditflow file is a JSON object with "format": "${FLOW_FORMAT}".`,
    });
  const raw = parsed as Record<string, unknown>;

  if (raw.format !== FLOW_FORMAT) {
    const got = raw.format === undefined ? 'has no "format"' : `has "format": ${JSON.stringify(raw.format)}`;
    const at = locatePaths(text, [['format']]).get('format');
    return fail({ path: 'format', ...(at ?? {}), message: `This is not a Creditflow flow file: it ${got} (a flow file says "format": "${FLOW_FORMAT}").` });
  }
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    const at = locatePaths(text, [['version']]).get('version');
    const message =
      version === undefined
        ? 'version is missing (it must be a whole number ≥ 1).'
        : `version must be a whole number ≥ 1, got ${describeValue(version)}.`;
    return fail({ path: 'version', ...(at ?? {}), message: message.charAt(0).toUpperCase() + message.slice(1) });
  }
  if (version > CURRENT_VERSION) {
    const at = locatePaths(text, [['version']]).get('version');
    return fail({ path: 'version', ...(at ?? {}), message: newerVersionMessage(version) });
  }

  // Before the schema: a flow above the module or edge limit is refused at once, with its size.
  const tooMany = flowTooLarge(Array.isArray(raw.modules) ? raw.modules.length : 0, Array.isArray(raw.edges) ? raw.edges.length : 0);
  if (tooMany) return fail({ ...tooMany, ...(locatePaths(text, [[tooMany.path]]).get(tooMany.path) ?? {}), message: `${tooMany.message} It was not opened.` });

  const own = validateVersion(text, raw, version);
  if (!own.ok) return fail(...own.errors);

  // A file of the current version has just been read by the current schema: its output is the flow.
  let flow = own.data;
  // Names a later version reads, held by this older file as unknown fields: kept, and from here on
  // read with the later meaning, which the reader says (docs/flow-format.md, Versions).
  const later = version < CURRENT_VERSION ? laterNamesOf(raw, version) : [];
  if (version < CURRENT_VERSION) {
    const migrated = migrate(raw, version);
    if (!migrated.ok) return fail({ path: 'version', message: migrated.message });
    const result = schemaFor(CURRENT_VERSION)!.safeParse(migrated.value);
    if (!result.success) {
      const problems = zodProblems(result.error).map((p) => {
        const name = later.find((n) => n.path.every((segment, i) => p.path[i] === segment));
        return name ? { ...p, message: `${p.message} (a version ${version} file does not have this field; version ${name.version} and later read it as ${name.meaning}: rename the field, or give it a value they read)` } : p;
      });
      return fail(...toFileErrors(text, migrated.value, problems));
    }
    flow = result.data;
  }

  const laterPlaces = locatePaths(text, later.map((n) => n.path));
  const warnings: FileError[] = [
    ...later.map((n) => {
      const path = formatPath(n.path);
      const message = `is a version ${n.version} field in a version ${version} file: it is read as version ${n.version} reads it (${n.meaning}). Write "version": ${n.version} to say so, or rename the field if it means something else.`;
      return { path, ...(laterPlaces.get(path) ?? {}), message: messageFor(raw, { path: n.path, message }) };
    }),
    ...report.dropped.map((path) => ({
      path,
      message: `${path} was removed: keys named ${[...FORBIDDEN_KEYS].join(', ')} are not allowed in a flow file.`,
    })),
  ];
  return {
    ok: true,
    value: flow as Flow,
    ...(version < CURRENT_VERSION ? { migratedFrom: version } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/**
 * Parses the text of a flow file. Never throws: every problem comes back as a located FileError.
 * `given.parsed` is the text's JSON when the caller has read it already (it is then not read again).
 */
export function parseFlow(text: string, given?: { parsed: unknown }): ParseResult {
  try {
    return parseUnchecked(text, given);
  } catch (error) {
    const reason = error instanceof RangeError ? 'it is nested too deeply or too large to read' : 'of an unexpected problem';
    return fail({ path: '', message: `The file could not be read because ${reason}.` });
  }
}
