/**
 * The cost command's arguments, parsed as a pure function (argv without node and the script).
 *
 *   cost <flow.json> [--json] [--platforms] [--samples N] [--seed S] [--trace] [--scenario NAME] [--budget CREDITS]
 *
 * Options take their value as the next argument or after '=' (`--samples=20000`).
 */
import { splitArgv } from './argv';

export interface CostArgs {
  file: string;
  json: boolean;
  /** Add the flow priced on Altan, Make, Zapier and n8n to the JSON (platforms.md). */
  platforms?: boolean;
  /** Simulated runs (Monte Carlo); absent = point estimate only. */
  samples?: number;
  /** Seed of the simulation and of the trace; 1 when --samples or --trace is given without --seed. */
  seed?: number;
  /** Add the trace of one simulated run: the first run of --seed (docs/engine.md "The trace"). */
  trace?: boolean;
  /** Name (or id) of a scenario saved in the flow. */
  scenario?: string;
  /** Monthly budget in credits: exit code 3 when the month's P90 is above it. */
  budget?: number;
  /** An execution log to calibrate the flow from (docs/calibration.md). */
  calibrate?: string;
  /** Where to write the flow with the calibrated scenario added (with --calibrate). */
  write?: string;
}

import { readNumber } from '../model/numberText';
import { FIELD_RULES, FILE_LIMITS, typedRule } from '../model/fieldRules';

export type ArgsResult = { ok: true; help: true } | { ok: true; help: false; args: CostArgs } | { ok: false; message: string };

export const MAX_SAMPLES = 1_000_000;
export const DEFAULT_SEED = 1;

export const USAGE = `Usage: npm run --silent cost -- <flow.json> [options]

Prices a Creditflow flow file in task credits.

Options:
  --json              print one JSON object on stdout instead of a table
  --platforms         add the flow priced on Altan, Make, Zapier and n8n to the JSON
                      (the table always shows the four; docs/platforms.md)
  --samples N         also simulate N runs (1..${MAX_SAMPLES.toLocaleString('en-US')}): mean, P50, P90, P99
  --seed S            seed of the simulation and the trace (a whole number, default ${DEFAULT_SEED})
  --trace             add the trace of one simulated run, step by step, to the JSON: the
                      first run that --samples N --seed S simulates
  --scenario NAME     price a scenario saved in the flow (by name or id)
  --budget CREDITS    exit with code 3 when the month's P90 is above CREDITS
  --calibrate LOG     calibrate the flow from an execution log (CSV, JSON, Altan or n8n) and
                      price it with the calibrated scenario; adds the fit and a backtest
  --write OUT         with --calibrate: write the flow with the calibrated scenario added to OUT
  -h, --help          show this help

The flow file may be - to read it from standard input (git show main:flow.json | … cost -- - --json).

A flow file holds at most ${FILE_LIMITS.modules.toLocaleString('en-US')} modules and ${FILE_LIMITS.edges.toLocaleString('en-US')} connections in ${FILE_LIMITS.bytes / (1024 * 1024)} MB
(docs/flow-format.md#field-rules); a larger one is refused, as in the app.

Exit codes: 0 priced, 2 bad file or arguments, 3 over budget.`;

const FLAGS = new Set(['--json', '--platforms', '--trace']);
const VALUED = new Set(['--samples', '--seed', '--scenario', '--budget', '--calibrate', '--write']);

export function parseArgs(argv: readonly string[]): ArgsResult {
  const split = splitArgv(argv, { flags: FLAGS, valued: VALUED });
  if (!split.ok || split.help) return split;
  const { files, values } = split;
  const json = split.flags.has('--json');
  // An empty path ("" from an unset shell variable) would resolve to the current folder.
  if (files.length === 0 || files.every((f) => f === '')) return { ok: false, message: 'Which flow file? Give its path.' };
  if (files.length > 1) return { ok: false, message: `One flow file at a time; got ${files.length}: ${files.join(', ')}.` };

  const args: CostArgs = { file: files[0]!, json };
  if (split.flags.has('--platforms')) args.platforms = true;
  if (split.flags.has('--trace')) args.trace = true;
  // Numbers are read as the app reads them (model/numberText): "20,000" is 20000, "0x10" is refused.
  const samples = values.get('--samples');
  if (samples !== undefined) {
    const n = numberOption('--samples', samples, `a whole number from 1 to ${MAX_SAMPLES.toLocaleString('en-US')}`, { integer: true, min: 1, max: MAX_SAMPLES });
    if (typeof n === 'string') return { ok: false, message: n };
    args.samples = n;
  }
  const seed = values.get('--seed');
  if (seed !== undefined) {
    const n = numberOption('--seed', seed, 'a whole number', { integer: true });
    if (typeof n === 'string') return { ok: false, message: n };
    if (args.samples === undefined && !args.trace) return { ok: false, message: '--seed only makes sense with --samples or --trace.' };
    args.seed = n;
  } else if (args.samples !== undefined || args.trace) args.seed = DEFAULT_SEED;
  const scenario = values.get('--scenario');
  if (scenario !== undefined) args.scenario = scenario;
  const budget = values.get('--budget');
  if (budget !== undefined) {
    const n = numberOption('--budget', budget, `a number of credits from 0 to ${FIELD_RULES.budget.max.toLocaleString('en-US')}`, typedRule(FIELD_RULES.budget));
    if (typeof n === 'string') return { ok: false, message: n };
    args.budget = n;
  }
  const calibrate = values.get('--calibrate');
  const write = values.get('--write');
  if (calibrate !== undefined) {
    if (scenario !== undefined) return { ok: false, message: '--calibrate makes its own scenario; leave out --scenario.' };
    args.calibrate = calibrate;
  }
  if (write !== undefined) {
    if (calibrate === undefined) return { ok: false, message: '--write only makes sense with --calibrate.' };
    args.write = write;
  }
  return { ok: true, help: false, args };
}

/**
 * A numeric option read with the app's number reader, or the message that refuses it: "must be
 * …, got '…'" for what is plainly not such a number, the reader's own reason for the rest (a
 * decimal comma, hexadecimal, a whole number too large to keep exactly).
 */
export function numberOption(
  name: string,
  text: string,
  what: string,
  rule: { integer?: boolean; min?: number; max?: number; unit?: string },
): number | string {
  // The unit a field of the same quantity reads is read here too: "--budget '500 credits'", "--fail-over 10%".
  const read = readNumber(text, { integer: rule.integer, unit: rule.unit });
  const plain = `${name} must be ${what}, got '${text}'.`;
  if (!read.ok) return read.reason === 'not-a-number' || read.reason === 'fraction' || read.reason === 'empty' ? plain : `${name}: ${read.message}.`;
  if ((rule.min !== undefined && read.value < rule.min) || (rule.max !== undefined && read.value > rule.max)) return plain;
  return read.value;
}
