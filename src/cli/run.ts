/**
 * The cost command as a function: arguments and a file system in, stdout, stderr and an exit
 * code out. `cost.ts` only connects it to the process; the tests call it directly too.
 *
 * Exit codes: 0 priced; 1 an internal error (a bug: reported without a stack trace);
 * 2 bad arguments or a bad file (unreadable, not JSON, schema error, structural error, a figure too
 *   large for a number: `overflow`, also of simulated runs and of the budget's P90);
 * 3 priced, but the month's P90 is above --budget.
 * On exit code 2 nothing is printed on stdout.
 */
import { resolve, sep } from 'node:path';
import type { Flow, Scenario } from '../model/types';
import type { Problem } from '../model/problems';
import { comparePlatforms } from '../cost/platforms';
import { crossovers, curvesOf } from '../cost/crossover';
import { describeCheapest } from '../cost/platformText';
import { formatCreditsApart } from '../cost/format';
import { priceFlow } from '../cost/price';
import { overflowOf } from '../cost/check';
import { parseArgs, USAGE, type CostArgs } from './args';
import { readFlowFile, refuse, writeError } from './flowFile';
import { buildReport, mergeWarnings, namesOf, platformsReport, type SimulationReport } from './report';
import { formatTable } from './table';

import { shownFileName, type CliFiles } from './files';
import { terminalText } from '../io/visible';
import { serializeFlow } from '../io/serialize';
import { calibrateForCli, formatCalibration, type CalibrationReport } from './calibration';
import { reportSummary } from '../io/import';
import { sourceLine } from './importReport';
import { traceFlow, type Trace } from '../cost/trace';

export type { CliFiles } from './files';

export interface CliEngine {
  /** Simulated runs (cost-model §6), or why they were refused (too much work). */
  simulate?: (
    flow: Flow,
    options: { samples: number; seed: number },
  ) => { ok: true; report: SimulationReport } | { ok: false; message: string; problem?: Problem };
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

const EXIT_OVER_BUDGET = 3;

/** The path separator a name ends with ('/', or '\\' on Windows), if any. */
function endsWithSeparator(name: string): string | undefined {
  const last = name.at(-1);
  if (last === '/' || (last === '\\' && sep === '\\')) return last;
  return undefined;
}

export function runCost(context: CliContext): CliOutcome {
  const parsedArgs = parseArgs(context.argv);
  if (!parsedArgs.ok) return refuse(`cost: ${parsedArgs.message}`, '', USAGE);
  if (parsedArgs.help) return { stdout: `${USAGE}\n`, stderr: '', exitCode: 0 };
  const args: CostArgs = parsedArgs.args;
  const loaded = readFlowFile(context, args.file, { scenario: args.scenario, command: 'cost' });
  const file = shownFileName(args.file);
  if (!loaded.ok) return loaded.refused;
  const { notes, problems, locate, source } = loaded;
  let { flow, scenarioName, cost } = loaded;

  // --calibrate: the flow is priced with the scenario the log gives (docs/calibration.md).
  let calibration: CalibrationReport | undefined;
  if (args.calibrate !== undefined) {
    const calibrated = calibrateForCli(context, flow, args.calibrate, { samples: args.samples, seed: args.seed });
    if (!calibrated.ok) return refuse(calibrated.message);
    const calibratedCost = priceFlow(calibrated.flow);
    const overflow = overflowOf(flow, calibrated.scenario, calibratedCost);
    if (overflow) return refuse(`${args.calibrate}: ${overflow.message}`);
    if (args.write !== undefined) {
      if (!context.files.write) return refuse('cost: --write is not available in this build of Creditflow.');
      // resolve() drops a trailing separator: 'out/' would write a file named 'out' (or overwrite one).
      const trailing = endsWithSeparator(args.write);
      if (trailing) return refuse(`${args.write}: cannot write the flow: a name ending in '${trailing}' is a folder; give a file name, as in --write calibrated.json.`);
      const withScenario = { ...flow, scenarios: [...(flow.scenarios ?? []), calibrated.scenario] };
      try {
        context.files.write(resolve(context.cwd, args.write), serializeFlow(withScenario));
      } catch (error) {
        return refuse(writeError(args.write, error));
      }
      notes.push(`${args.write}: written with the scenario '${calibrated.scenario.name}'. (note)`);
    }
    flow = calibrated.flow;
    cost = calibratedCost;
    scenarioName = calibrated.scenario.name;
    calibration = calibrated.report;
    notes.push(...calibrated.notes);
  }

  if (args.samples !== undefined && !context.engine?.simulate)
    return refuse('cost: --samples is not available in this build of Creditflow.');

  let simulation: SimulationReport | undefined;
  if (args.samples !== undefined) {
    const simulated = context.engine!.simulate!(flow, { samples: args.samples, seed: args.seed ?? 1 });
    if (!simulated.ok) return refuse(...(simulated.problem ? locate([simulated.problem]) : [`${file}: ${simulated.message}`]));
    simulation = simulated.report;
  }
  // --trace: the first run of the seed, step by step (docs/engine.md "The trace").
  let trace: Trace | undefined;
  if (args.trace) {
    const traced = traceFlow(flow, { seed: args.seed ?? 1 });
    if (!traced.ok) return refuse(`${file}: ${traced.error.message}`);
    trace = traced.trace;
  }
  // The four platforms: one more linear pass (two with --samples), so the table always shows them.
  const comparison = args.platforms || !args.json ? comparePlatforms(flow, { cost, ...(simulation ? { simulation } : {}) }) : undefined;
  const report = buildReport(cost, mergeWarnings(problems, cost.warnings), {
    ...(scenarioName !== undefined ? { scenario: scenarioName } : {}),
    ...(simulation ? { simulation } : {}),
    ...(args.platforms && comparison ? { platforms: platformsReport(comparison) } : {}),
  });
  const json = { ...report, ...(calibration ? { calibration } : {}), ...(source ? { source: reportSummary(source) } : {}), ...(trace ? { trace } : {}) };

  const stdout = args.json
    ? `${JSON.stringify(json)}\n`
    : formatTable({
        flowName: flow.name,
        names: namesOf(flow),
        report,
        runsPerMonth: cost.runsPerMonth,
        dollarsPerMonth: cost.dollarsPerMonth,
        ...(source ? { source: sourceLine(source) } : {}),
        ...(comparison ? { platforms: { comparison, sentence: describeCheapest(comparison, crossovers(curvesOf(comparison))) } } : {}),
      }) + (calibration ? formatCalibration(calibration) : '');

  const stderr: string[] = [...notes];
  if (trace && !args.json) stderr.push(`--trace: the trace (${trace.steps.length.toLocaleString('en-US')} steps) is part of the JSON output; add --json to see it. (note)`);
  let exitCode = 0;
  if (args.budget !== undefined) {
    const monthP90 = simulation ? simulation.perMonth.p90 : report.perMonth;
    const basis = simulation ? `the month's P90 from ${simulation.samples.toLocaleString('en-US')} simulated runs` : "the month's estimate";
    if (!Number.isFinite(monthP90))
      return refuse(`${file}: ${basis} is not a finite number, so it cannot be checked against the budget.`);
    if (monthP90 > args.budget) {
      const [month, budget] = formatCreditsApart(monthP90, args.budget);
      const credits = (shown: string): string => `${shown} credit${shown === '1' ? '' : 's'}`;
      stderr.push(`${file}: over budget: ${basis} is ${credits(month)}, above the budget of ${credits(budget)}.`);
      exitCode = EXIT_OVER_BUDGET;
    }
  }
  // Names come from the file: no control or bidi character reaches the terminal raw (the
  // JSON stays JSON of the same value: only string contents are escaped).
  return { stdout: terminalText(stdout), stderr: stderr.length > 0 ? terminalText(`${stderr.join('\n')}\n`) : '', exitCode };
}
