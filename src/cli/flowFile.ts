/**
 * Reading one flow file for a command (cost, diff), in any of the four formats (Creditflow, Altan,
 * n8n, Make: src/io/import): the size cap, the schema level, a saved
 * scenario if one is asked for, the structural level (problems a scenario brings name it and
 * point at its overrides), then the point estimate (a figure too large for a number is refused:
 * cost/overflow.ts). A file that fails any of them comes back as the command's refusal: exit
 * code 2, nothing on stdout, located messages on stderr.
 */
import { basename, dirname, resolve } from 'node:path';
import type { Flow, Scenario } from '../model/types';
import type { Problem } from '../model/problems';
import { validateFlowWithGraph, validateScenario } from '../model/validate';
import { compileFlow } from '../model/compiled';
import { priceFlow, priceWithPlan } from '../cost/price';
import { overflowOf } from '../cost/check';
import type { FlowCost } from '../cost/types';
import { findScenario } from '../model/scenario';
import { formatFileError } from '../io/parse';
import { importText, type ImportReport } from '../io/import';
import { fileKindOf } from '../io/fileKind';
import { locatePaths, type PathSegment } from '../io/jsonText';
import { MAX_FILE_BYTES } from '../io/limits';
import { decodeFlowBytes, fileTooLarge } from '../io/decode';
import { terminalText } from '../io/visible';
import { NotAFileError, shownFileName, STDIN_ARG, StdinIsTerminalError } from './files';
import type { CliContext, CliOutcome } from './run';

export const EXIT_BAD_INPUT = 2;

/** The outcome of a command that refuses its input: exit 2, the messages on stderr, nothing on stdout. */
export const refuse = (...messages: string[]): CliOutcome => ({
  stdout: '',
  stderr: terminalText(`${messages.join('\n')}\n`),
  exitCode: EXIT_BAD_INPUT,
});

/** Why `file` could not be opened, in the user's words: `flow.json: cannot open the flow file: there is no such file.` */
export function readError(file: string, error: unknown, what: 'flow file' | 'log' = 'flow file'): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (error instanceof StdinIsTerminalError)
    return `${file}: cannot read the ${what} from standard input: nothing is piped in (it is the terminal). Pipe a file in, as in \`cat flow.json | npm run --silent cost -- - --json\`, or give the file's path.`;
  const reason =
    error instanceof NotAFileError
      ? `it is ${error.kind}, not a regular file (Creditflow reads ${what === 'log' ? 'logs' : 'flow files'} saved on disk)`
      : code === 'ENOENT'
      ? 'there is no such file'
      : code === 'EISDIR'
        ? 'it is a folder, not a file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : `it could not be read (${typeof code === 'string' ? code : 'unknown error'})`;
  return `${file}: cannot open the ${what}: ${reason}.`;
}

/** Why `file` could not be written, in the user's words: `out.json: cannot write the flow: the folder 'out' does not exist.` */
export function writeError(file: string, error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const folder = dirname(file);
  const reason =
    code === 'EISDIR'
      ? 'it is a folder; give a file name, as in --write calibrated.json'
      : code === 'ENOENT'
        ? `the folder '${folder}' does not exist`
        : code === 'ENOTDIR'
          ? `a part of '${folder}' is a file, not a folder`
          : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
            ? 'permission denied'
            : code === 'ENOSPC'
              ? 'the disk is full'
              : `it could not be written (${typeof code === 'string' ? code : error instanceof Error ? error.message : 'unknown error'})`;
  return `${file}: cannot write the flow: ${reason}.`;
}

/**
 * Where in the file a problem a scenario brings comes from: the scenario's override of its edge,
 * of one of its module's routes (a router's shares), or of its module, else the scenario itself.
 */
function scenarioPathOf(flow: Flow, p: Problem): PathSegment[] {
  const index = (flow.scenarios ?? []).findIndex((s) => s.id === p.scenario);
  if (index === -1) return [];
  const overrides = flow.scenarios![index]!.overrides ?? {};
  const at: PathSegment[] = ['scenarios', index, 'overrides'];
  const edges = overrides.edges ?? {};
  const own = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);
  if (p.edgeId !== undefined && own(edges, p.edgeId)) return [...at, 'edges', p.edgeId, 'passRate'];
  if (p.moduleId !== undefined) {
    const route = flow.edges.find((e) => e.source === p.moduleId && own(edges, e.id));
    if (route) return [...at, 'edges', route.id, 'passRate'];
    if (own(overrides.modules ?? {}, p.moduleId)) return [...at, 'modules', p.moduleId];
  }
  if (p.field?.startsWith('settings.runsPerMonth') && overrides.runsPerMonth !== undefined) return [...at, 'runsPerMonth'];
  return ['scenarios', index];
}

/** `flow.json:12:7: module m2, route.passRate: message [code]` for each structural error. */
function structuralErrors(file: string, text: string, flow: Flow, problems: readonly Problem[]): string[] {
  const moduleIndex = new Map(flow.modules.map((m, i) => [m.id, i]));
  const edgeIndex = new Map(flow.edges.map((e, i) => [e.id, i]));
  const pathOf = (p: Problem): PathSegment[] => {
    if (p.scenario !== undefined) return scenarioPathOf(flow, p);
    const field = p.field ? p.field.split('.') : [];
    if (field[0] === 'settings') return field; // a flow setting (the rate card, runs per month), even when a module is named
    if (p.edgeId !== undefined && edgeIndex.has(p.edgeId)) return ['edges', edgeIndex.get(p.edgeId)!, ...field];
    if (p.moduleId !== undefined && moduleIndex.has(p.moduleId)) return ['modules', moduleIndex.get(p.moduleId)!, ...field];
    return field;
  };
  const paths = problems.map(pathOf);
  const places = locatePaths(text, paths);
  return problems.map((p, i) => {
    const at = places.get(paths[i]!.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, ''));
    const where = [
      p.edgeId !== undefined ? `edge ${p.edgeId}` : p.moduleId !== undefined ? `module ${p.moduleId}` : '',
      p.field ?? '',
    ]
      .filter(Boolean)
      .join(', ');
    const location = at ? `${file}:${at.line}:${at.column}` : file;
    return `${location}: ${where ? `${where}: ` : ''}${p.message} [${p.code}]`;
  });
}

/**
 * Reads `file` (relative to the context's cwd; `-` is standard input, named `<stdin>` in messages)
 * as text: a regular file only; the size cap is
 * checked before the file is read at all, and no more than the cap + 1 bytes are read should it
 * grow meanwhile. Then decoded (UTF-8 or UTF-16). Also used by `convert` and `corpus`.
 */
export function readFileText(context: Pick<CliContext, 'cwd' | 'files'>, fileArg: string): { ok: true; text: string } | { ok: false; message: string } {
  const file = shownFileName(fileArg);
  try {
    let read;
    if (fileArg === STDIN_ARG) {
      if (!context.files.readStdin) return { ok: false, message: `${file}: reading a flow from standard input is not available in this build of Creditflow; give the file's path.` };
      read = context.files.readStdin(MAX_FILE_BYTES);
    } else read = context.files.read(resolve(context.cwd, fileArg), MAX_FILE_BYTES);
    const bytes = read.bytes ?? new Uint8Array();
    // Standard input from a pipe: its size is what was read, at most the cap + 1 bytes.
    const piped = fileArg === STDIN_ARG && read.bytes !== undefined && read.size === read.bytes.length;
    const tooBig = fileTooLarge(read.size, { piped }) ?? (bytes.length > MAX_FILE_BYTES ? fileTooLarge(bytes.length, { grew: true }) : null);
    if (tooBig) return { ok: false, message: formatFileError(tooBig, file) };
    const decoded = decodeFlowBytes(bytes);
    if (!decoded.ok) return { ok: false, message: formatFileError(decoded.error, file) };
    return { ok: true, text: decoded.text };
  } catch (error) {
    return { ok: false, message: readError(file, error) };
  }
}

export type FlowFileResult =
  | {
      ok: true;
      /** The flow as priced: the scenario's overrides applied when one was asked for. */
      flow: Flow;
      /** Notes and warnings for stderr (a migrated version, keys removed on the way in). */
      notes: string[];
      /** Every problem of the structural level (no errors: warnings only). */
      problems: Problem[];
      /** The name of the scenario applied, if any. */
      scenarioName?: string;
      /** The flow's point estimate (no figure of it overflows). */
      cost: FlowCost;
      /** The import report when the file is an Altan, n8n or Make file (absent for a Creditflow file). */
      source?: ImportReport;
      /** Located messages (`flow.json:12:7: …`) for problems of this flow found later (simulated runs). */
      locate: (problems: readonly Problem[]) => string[];
    }
  | { ok: false; refused: CliOutcome };

/**
 * Reads `file` (relative to the context's cwd) as a flow, applies the saved scenario named
 * `scenario` (by name or id) when given, and checks it. Messages name the file as given (`<stdin>` for `-`), and
 * the command (`cost`, `diff`) where no file is to blame.
 */
export function readFlowFile(
  context: Pick<CliContext, 'cwd' | 'files' | 'engine'>,
  fileArg: string,
  options: { scenario?: string | undefined; command: string },
): FlowFileResult {
  const { scenario, command } = options;
  const no = (...messages: string[]): FlowFileResult => ({ ok: false, refused: refuse(...messages) });
  const read = readFileText(context, fileArg);
  if (!read.ok) return no(read.message);
  const text = read.text;
  const file = shownFileName(fileArg);

  // The schema level: a Creditflow file, or an Altan, n8n or Make file imported (src/io/import).
  const parsed = importText(text, fileArg === STDIN_ARG ? {} : { fileName: basename(fileArg) });
  if (!parsed.ok) {
    const errors = parsed.errors.map((e) => formatFileError(e, file));
    // A log of runs given where a flow goes (io/fileKind.ts decides, as for a file dropped in the app): say how to use it.
    if (fileKindOf(text, true) === 'log') errors.push(`${file}: this is an execution log of runs, not a flow; to calibrate a flow from it: cost FLOW.json --calibrate ${file}`);
    return no(...errors);
  }
  let flow = parsed.flow;
  const notes = (parsed.warnings ?? []).map((w) => `${formatFileError(w, file)} (warning)`);
  if (parsed.migratedFrom !== undefined)
    notes.push(`${file}: version ${parsed.migratedFrom} file, read as version ${flow.version}; the file itself is left as it was. (note)`);
  // Problems are located by line in a Creditflow file; an imported file's lines are not the flow's.
  const flowText = parsed.report ? '' : text;

  // The scenario, if asked for.
  let scenarioName: string | undefined;
  let scenarioAsked: Scenario | undefined;
  const baseFlow = flow;
  if (scenario !== undefined) {
    const found = findScenario(flow, scenario);
    if (!found) {
      const names = (flow.scenarios ?? []).map((s) => `'${s.name}'`);
      return no(
        `${file}: there is no scenario '${scenario}' in this flow; ${names.length > 0 ? `its scenarios are ${names.join(', ')}` : 'it has no scenarios'}.`,
      );
    }
    if (!context.engine?.applyScenario) return no(`${command}: --scenario is not available in this build of Creditflow.`);
    const sameName = (flow.scenarios ?? []).filter((s) => s.name === found.name);
    if (found.id !== scenario && sameName.length > 1)
      notes.push(
        `${file}: ${sameName.length} scenarios are named '${found.name}' (ids ${sameName.map((s) => `'${s.id}'`).join(', ')}); ` +
          `--scenario uses the first, '${found.id}'. Pass an id to choose another. (warning)`,
      );
    const namedSo = found.id === scenario ? (flow.scenarios ?? []).find((s) => s !== found && s.name === scenario) : undefined;
    if (namedSo)
      notes.push(
        `${file}: '${scenario}' is the id of scenario '${found.name}' and the name of scenario '${namedSo.id}'; ` +
          `--scenario takes the id, '${found.name}'. Pass '${namedSo.id}' to choose the other. (warning)`,
      );
    flow = context.engine.applyScenario(flow, found);
    scenarioName = found.name;
    scenarioAsked = found;
  }

  // The structural level (of the scenario's flow when one is asked for, named in what it brings).
  // Without a scenario the flow priced is the flow checked: its graph is compiled once, for both.
  const checked = scenarioAsked ? { problems: validateScenario(baseFlow, scenarioAsked) } : validateFlowWithGraph(baseFlow);
  const problems = checked.problems;
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) return no(...structuralErrors(file, flowText, flow, errors));

  // A figure too large for a number is refused, never printed as null (cost/overflow.ts).
  const cost = checked.graph ? priceWithPlan(flow, compileFlow(flow, checked.graph)) : priceFlow(flow);
  const overflow = overflowOf(baseFlow, scenarioAsked, cost);
  if (overflow) return no(...structuralErrors(file, flowText, flow, [overflow]));
  const priced = flow;
  return {
    ok: true,
    flow,
    notes,
    problems,
    ...(scenarioName !== undefined ? { scenarioName } : {}),
    cost,
    locate: (found) => structuralErrors(file, flowText, priced, found),
    ...(parsed.report ? { source: parsed.report } : {}),
  };
}
