/**
 * `npm run --silent convert -- any.json`: reads a Creditflow, Altan, n8n or Make file and prints
 * it as a Creditflow flow file on stdout (the stable bytes of export), the import report on
 * stderr. Exit 0 converted; 2 bad arguments or a file that cannot be read or imported (a located
 * message on stderr, nothing on stdout); 1 an internal error (main.ts).
 */
import { basename } from 'node:path';
import { importText } from '../io/import';
import { formatFileError } from '../io/parse';
import { serializeFlow } from '../io/serialize';
import { terminalText } from '../io/visible';
import { readFileText, refuse } from './flowFile';
import { shownFileName, STDIN_ARG } from './files';
import { formatImportReport } from './importReport';
import type { CliContext, CliOutcome } from './run';

export const CONVERT_USAGE = [
  'usage: npm run --silent convert -- <file.json>     (- reads the file from standard input)',
  '',
  'Reads a Creditflow, Altan, n8n or Make file and prints it as a Creditflow flow file on stdout;',
  'the import report (what each node became, what was dropped, the repairs) goes to stderr.',
].join('\n');

export function runConvert(context: CliContext): CliOutcome {
  const args = context.argv;
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) return { stdout: `${CONVERT_USAGE}\n`, stderr: '', exitCode: 0 };
  const files = args.filter((a) => !a.startsWith('-') || a === '-');
  const flags = args.filter((a) => a.startsWith('-') && a !== '-');
  if (flags.length > 0) return refuse(`convert: unknown option ${flags[0]}`, '', CONVERT_USAGE);
  if (files.length !== 1) return refuse(`convert: give one file (${files.length === 0 ? 'none was given' : `${files.length} were given`})`, '', CONVERT_USAGE);
  const read = readFileText(context, files[0]!);
  if (!read.ok) return refuse(read.message);
  const file = shownFileName(files[0]!);
  const result = importText(read.text, files[0] === STDIN_ARG ? {} : { fileName: basename(files[0]!) });
  if (!result.ok) return refuse(...result.errors.map((e) => formatFileError(e, file)));
  // What the reader changed or read anew on the way in (keys removed, names a later version reads): as cost says it.
  const warnings = (result.warnings ?? []).map((w) => `${formatFileError(w, file)} (warning)\n`).join('');
  const stderr =
    (result.report
      ? formatImportReport(result.report, file)
      : `${file}: already a Creditflow flow file${result.migratedFrom !== undefined ? ` (version ${result.migratedFrom}, written as version ${result.flow.version})` : ''}.\n`) + warnings;
  return { stdout: serializeFlow(result.flow), stderr: terminalText(stderr), exitCode: 0 };
}
