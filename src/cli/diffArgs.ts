/**
 * The diff command's arguments, parsed as a pure function (argv without node and the script).
 *
 *   diff <old.json> <new.json> [--json | --markdown] [--fail-over PCT]
 *        [--scenario NAME | --old-scenario NAME --new-scenario NAME]
 */
import { numberOption } from './args';
import { splitArgv } from './argv';
import { STDIN_ARG } from './files';

export type DiffFormat = 'table' | 'json' | 'markdown';

export interface DiffArgs {
  before: string;
  after: string;
  format: DiffFormat;
  /** Exit with code 4 when credits per month grow by more than this many percent. */
  failOver?: number;
  /** Saved scenarios to price instead of the base flow, on each side. */
  beforeScenario?: string;
  afterScenario?: string;
}

export type DiffArgsResult = { ok: true; help: true } | { ok: true; help: false; args: DiffArgs } | { ok: false; message: string };

export const EXIT_OVER_LIMIT = 4;

export const DIFF_USAGE = `Usage: npm run --silent diff -- <old.json> <new.json> [options]

Compares what two versions of a flow cost: every module's executions and credits per run,
before and after, and the totals per run and per month.

Options:
  --json               print one JSON object on stdout instead of a table
  --markdown           print a Markdown table, ready for a pull-request comment
  --fail-over PCT      exit with code ${EXIT_OVER_LIMIT} when credits per month grow by more than PCT percent
  --scenario NAME      price the scenario NAME (by name or id) on both sides
  --old-scenario NAME  price the scenario NAME of the old flow
  --new-scenario NAME  price the scenario NAME of the new flow
  -h, --help           show this help

Either file may be - to read it from standard input (git show main:flow.json | … diff -- - flow.json).

Exit codes: 0 compared, 2 bad file or arguments, ${EXIT_OVER_LIMIT} credits per month grew by more than --fail-over.`;

const FLAGS = new Set(['--json', '--markdown']);
const VALUED = new Set(['--fail-over', '--scenario', '--old-scenario', '--new-scenario']);

export function parseDiffArgs(argv: readonly string[]): DiffArgsResult {
  const split = splitArgv(argv, { flags: FLAGS, valued: VALUED });
  if (!split.ok || split.help) return split;
  const { files, flags, values } = split;
  if (files.length !== 2)
    return {
      ok: false,
      message: `Give two flow files, the old version then the new one; got ${files.length === 0 ? 'none' : `${files.length}: ${files.join(', ')}`}.`,
    };
  if (files[0] === STDIN_ARG && files[1] === STDIN_ARG) return { ok: false, message: 'Only one of the two files can be read from standard input (-).' };
  if (flags.has('--json') && flags.has('--markdown')) return { ok: false, message: 'Choose one of --json and --markdown.' };

  const args: DiffArgs = {
    before: files[0]!,
    after: files[1]!,
    format: flags.has('--json') ? 'json' : flags.has('--markdown') ? 'markdown' : 'table',
  };
  const failOver = values.get('--fail-over');
  if (failOver !== undefined) {
    const n = numberOption('--fail-over', failOver, 'a percentage ≥ 0 (10 or 10% for 10 %)', { min: 0, unit: '%' });
    if (typeof n === 'string') return { ok: false, message: n };
    args.failOver = n;
  }
  const both = values.get('--scenario');
  const before = values.get('--old-scenario');
  const after = values.get('--new-scenario');
  if (both !== undefined && (before !== undefined || after !== undefined))
    return { ok: false, message: '--scenario names the scenario of both sides; use it alone, or --old-scenario and --new-scenario.' };
  if ((before ?? both) !== undefined) args.beforeScenario = (before ?? both)!;
  if ((after ?? both) !== undefined) args.afterScenario = (after ?? both)!;
  return { ok: true, help: false, args };
}
