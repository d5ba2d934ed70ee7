/**
 * The cost command as a function: arguments and a file system in, stdout, stderr and an exit
 * code out. `cost.ts` only connects it to the process; the tests call it directly too.
 *
 * Exit codes: 0 priced; 1 an internal error (a bug: reported without a stack trace);
 * 2 bad arguments or a bad file (unreadable, not JSON, schema error, structural error);
 * 3 priced, but the month's P90 is above --budget.
 * On exit code 2 nothing is printed on stdout.
 */
import { resolve } from 'node:path';
import type { Flow, Scenario } from '../model/types';
import type { Problem } from '../model/problems';
import type { FlowCost } from '../cost/types';
import { priceFlow } from '../cost/price';
import { formatCredits } from '../cost/format';
import { validateFlow } from '../model/validate';
import { findScenario } from '../model/scenario';
import { parseFlow, formatFileError } from '../io/parse';
import { locatePaths, type PathSegment } from '../io/jsonText';
import { MAX_FILE_BYTES } from '../io/limits';
import { decodeFlowBytes, fileTooLarge } from '../io/decode';
import { terminalText } from '../io/visible';
import { NotAFileError, type CliFiles } from './files';
import { parseArgs, USAGE, type CostArgs } from './args';
import { buildReport, mergeWarnings, namesOf, type SimulationReport } from './report';
import { formatTable } from './table';

export type { CliFiles } from './files';

export interface CliEngine {
  /** Simulated runs (cost-model §6), or why they were refused (too much work). */
  simulate?: (flow: Flow, options: { samples: number; seed: number }) => { ok: true; report: SimulationReport } | { ok: false; message: string };
  /** The flow with a scenario's overrides applied; absent until the model provides it. */
  applyScenario?: (flow: Flow, scenario: Scenario) => Flow;
}

export interface CliContext {
  argv: readonly string[];
  /** The directory relative paths are read from (npm's INIT_CWD, else the process's cwd). */
  cwd: string;
  files: CliFiles;
  engine?: CliEngine;
}

export interface CliOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const EXIT_BAD_INPUT = 2;
const EXIT_OVER_BUDGET = 3;

const refuse = (...messages: string[]): CliOutcome => ({ stdout: '', stderr: terminalText(`${messages.join('\n')}\n`), exitCode: EXIT_BAD_INPUT });

function readError(file: string, error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const reason =
    error instanceof NotAFileError
      ? `it is ${error.kind}, not a regular file (Creditflow reads flow files saved on disk)`
      : code === 'ENOENT'
      ? 'there is no such file'
      : code === 'EISDIR'
        ? 'it is a folder, not a file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : `it could not be read (${typeof code === 'string' ? code : 'unknown error'})`;
  return `${file}: cannot open the flow file: ${reason}.`;
}

/** `flow.json:12:7: module m2, route.passRate: message [code]` for each structural error. */
function structuralErrors(file: string, text: string, flow: Flow, problems: readonly Problem[]): string[] {
  const moduleIndex = new Map(flow.modules.map((m, i) => [m.id, i]));
  const edgeIndex = new Map(flow.edges.map((e, i) => [e.id, i]));
  const pathOf = (p: Problem): PathSegment[] => {
    const field = p.field ? p.field.split('.') : [];
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

export function runCost(context: CliContext): CliOutcome {
  const parsedArgs = parseArgs(context.argv);
  if (!parsedArgs.ok) return refuse(`cost: ${parsedArgs.message}`, '', USAGE);
  if (parsedArgs.help) return { stdout: `${USAGE}\n`, stderr: '', exitCode: 0 };
  const args: CostArgs = parsedArgs.args;
  const file = args.file;
  const path = resolve(context.cwd, file);

  // Read: a regular file only; the size cap is checked before the file is read at all, and
  // no more than the cap + 1 bytes are read should it grow meanwhile. Then decoded (UTF-8 or UTF-16).
  let text: string;
  try {
    const read = context.files.read(path, MAX_FILE_BYTES);
    const bytes = read.bytes ?? new Uint8Array();
    const tooBig = fileTooLarge(read.size) ?? (bytes.length > MAX_FILE_BYTES ? fileTooLarge(bytes.length, { grew: true }) : null);
    if (tooBig) return refuse(formatFileError(tooBig, file));
    const decoded = decodeFlowBytes(bytes);
    if (!decoded.ok) return refuse(formatFileError(decoded.error, file));
    text = decoded.text;
  } catch (error) {
    return refuse(readError(file, error));
  }

  // The schema level.
  const parsed = parseFlow(text);
  if (!parsed.ok) return refuse(...parsed.errors.map((e) => formatFileError(e, file)));
  let flow = parsed.value;
  const notes = (parsed.warnings ?? []).map((w) => `${formatFileError(w, file)} (warning)`);
  if (parsed.migratedFrom !== undefined)
    notes.push(`${file}: version ${parsed.migratedFrom} file, read as version ${flow.version}; the file itself is left as it was. (note)`);

  // The scenario, if asked for.
  let scenarioName: string | undefined;
  if (args.scenario !== undefined) {
    const scenario = findScenario(flow, args.scenario);
    if (!scenario) {
      const names = (flow.scenarios ?? []).map((s) => `'${s.name}'`);
      return refuse(
        `${file}: there is no scenario '${args.scenario}' in this flow; ${names.length > 0 ? `its scenarios are ${names.join(', ')}` : 'it has no scenarios'}.`,
      );
    }
    if (!context.engine?.applyScenario) return refuse('cost: --scenario is not available in this build of Creditflow.');
    const sameName = (flow.scenarios ?? []).filter((s) => s.name === scenario.name);
    if (scenario.id !== args.scenario && sameName.length > 1)
      notes.push(
        `${file}: ${sameName.length} scenarios are named '${scenario.name}' (ids ${sameName.map((s) => `'${s.id}'`).join(', ')}); ` +
          `--scenario uses the first, '${scenario.id}'. Pass an id to choose another. (warning)`,
      );
    flow = context.engine.applyScenario(flow, scenario);
    scenarioName = scenario.name;
  }

  // The structural level.
  const problems = validateFlow(flow);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) return refuse(...structuralErrors(file, text, flow, errors));

  if (args.samples !== undefined && !context.engine?.simulate)
    return refuse('cost: --samples is not available in this build of Creditflow.');

  let simulation: SimulationReport | undefined;
  if (args.samples !== undefined) {
    const simulated = context.engine!.simulate!(flow, { samples: args.samples, seed: args.seed ?? 1 });
    if (!simulated.ok) return refuse(`${file}: ${simulated.message}`);
    simulation = simulated.report;
  }
  const cost: FlowCost = priceFlow(flow);
  const report = buildReport(cost, mergeWarnings(problems, cost.warnings), {
    ...(scenarioName !== undefined ? { scenario: scenarioName } : {}),
    ...(simulation ? { simulation } : {}),
  });

  const stdout = args.json
    ? `${JSON.stringify(report)}\n`
    : formatTable({
        flowName: flow.name,
        names: namesOf(flow),
        report,
        runsPerMonth: cost.runsPerMonth,
        dollarsPerMonth: cost.dollarsPerMonth,
      });

  const stderr: string[] = [...notes];
  let exitCode = 0;
  if (args.budget !== undefined) {
    const monthP90 = simulation ? simulation.perMonth.p90 : report.perMonth;
    const basis = simulation ? `the month's P90 from ${simulation.samples.toLocaleString('en-US')} simulated runs` : "the month's estimate";
    if (monthP90 > args.budget) {
      stderr.push(
        `${file}: over budget: ${basis} is ${formatCredits(monthP90)} credits, above the budget of ${formatCredits(args.budget)} credits.`,
      );
      exitCode = EXIT_OVER_BUDGET;
    }
  }
  // Names come from the file: no control or bidi character reaches the terminal raw (the
  // JSON stays JSON of the same value: only string contents are escaped).
  return { stdout: terminalText(stdout), stderr: stderr.length > 0 ? terminalText(`${stderr.join('\n')}\n`) : '', exitCode };
}
