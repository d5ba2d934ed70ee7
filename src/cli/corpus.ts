/**
 * `npm run --silent corpus -- <folder>`: imports every `.json` file of a folder as the commands
 * read files (regular file, size cap, UTF-8/UTF-16 decoding: readLikeTheCli) and through the
 * import they will share (importText: parse + detect + map + repair), validates each flow as
 * imported (error edges included, as the cost command does) and prints one JSON summary: files, imported,
 * refused with reasons, structural problems left, crashes, the slowest file and its time.
 * Exit 0 when every file imports with no crash and no structural error, else 1; 2 when the
 * folder cannot be read.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { importText } from '../io/import';
import { validateFlow } from '../model/validate';
import { DISK_FILES } from './files';
import { readFileText } from './flowFile';

export interface CorpusFile {
  name: string;
  /** The file's text; throws a RefusedFile when the file is refused before it is parsed (too large, not text). */
  read(): string;
}

/** A file the command's reader refuses before parsing, with its message. */
export class RefusedFile extends Error {}

/** Reads a file as the commands do: a regular file, the size cap, then UTF-8 or UTF-16 decoded. */
export function readLikeTheCli(folder: string, name: string): string {
  const read = readFileText({ cwd: folder, files: DISK_FILES }, name);
  if (!read.ok) throw new RefusedFile(read.message);
  return read.text;
}

export interface CorpusSummary {
  folder: string;
  files: number;
  imported: number;
  formats: Record<string, number>;
  refused: { file: string; reason: string }[];
  structuralProblems: { file: string; problems: string[] }[];
  crashes: { file: string; error: string }[];
  modules: number;
  dropped: number;
  repairs: Record<string, number>;
  needsLayout: number;
  /**
   * Milliseconds of parse + map + validate (no layout), each file the best of RUNS runs;
   * `coldMs` is the very first run of the first file, before the JavaScript engine warmed up.
   */
  time: { runsPerFile: number; slowest: { file: string; ms: number } | null; medianMs: number; totalMs: number; coldMs?: number };
}

/** Timed runs per file; the best one counts. */
const RUNS = 3;

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

export function runCorpus(folder: string, files: CorpusFile[], now: () => number = () => performance.now()): CorpusSummary {
  const summary: CorpusSummary = {
    folder,
    files: files.length,
    imported: 0,
    formats: {},
    refused: [],
    structuralProblems: [],
    crashes: [],
    modules: 0,
    dropped: 0,
    repairs: {},
    needsLayout: 0,
    time: { runsPerFile: RUNS, slowest: null, medianMs: 0, totalMs: 0 },
  };
  const times: number[] = [];
  for (const file of files) {
    try {
      const text = file.read();
      const once = () => {
        const result = importText(text, { fileName: file.name });
        const problems = result.ok ? validateFlow(result.flow) : [];
        return { result, problems };
      };
      // The best of RUNS timings: the cost of the import itself, without a garbage collection or
      // another process that happened to interrupt one run on a shared machine.
      let ms = Infinity;
      let last: ReturnType<typeof once> | undefined;
      for (let run = 0; run < RUNS; run++) {
        const start = now();
        last = once();
        const took = now() - start;
        summary.time.coldMs ??= round(took);
        ms = Math.min(ms, took);
      }
      const { result, problems } = last!;
      times.push(ms);
      if (!summary.time.slowest || ms > summary.time.slowest.ms) summary.time.slowest = { file: file.name, ms: round(ms) };
      if (!result.ok) {
        summary.refused.push({ file: file.name, reason: result.errors[0]?.message ?? 'refused' });
        continue;
      }
      summary.imported++;
      summary.formats[result.format] = (summary.formats[result.format] ?? 0) + 1;
      const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.code}: ${p.message}`);
      if (errors.length > 0) summary.structuralProblems.push({ file: file.name, problems: errors });
      if (result.report) {
        summary.modules += result.report.modules.length;
        summary.dropped += result.report.dropped.length;
        for (const r of result.report.repairs) summary.repairs[r.kind] = (summary.repairs[r.kind] ?? 0) + 1;
        if (result.report.needsLayout) summary.needsLayout++;
      }
    } catch (error) {
      if (error instanceof RefusedFile) summary.refused.push({ file: file.name, reason: error.message });
      else summary.crashes.push({ file: file.name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  times.sort((a, b) => a - b);
  summary.time.totalMs = round(times.reduce((s, t) => s + t, 0));
  summary.time.medianMs = times.length > 0 ? round(times[Math.floor((times.length - 1) / 2)]!) : 0;
  return summary;
}

export const CORPUS_USAGE = [
  'usage: npm run --silent corpus -- <folder>',
  '',
  'Imports every .json file of the folder as the commands read files (Creditflow, Altan, n8n or Make),',
  'validates each flow and prints one JSON summary on stdout (docs/formats.md, "The corpus run").',
  '',
  'Exit codes: 0 every file imported with no crash and no structural problem, 1 some did not,',
  '2 the folder cannot be read or bad arguments.',
].join('\n');

export type CorpusArgs = { kind: 'help' } | { kind: 'folder'; folder: string } | { kind: 'error'; message: string };

/** The command line: `--help` / `-h`, or exactly one folder; any other option or a second folder is refused. */
export function parseCorpusArgs(argv: readonly string[]): CorpusArgs {
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) return { kind: 'help' };
  const option = argv.find((a) => a.startsWith('-'));
  if (option !== undefined) return { kind: 'error', message: `corpus: unknown option ${option}` };
  if (argv.length !== 1) return { kind: 'error', message: `corpus: give one folder (${argv.length === 0 ? 'none was given' : `${argv.length} were given`})` };
  return { kind: 'folder', folder: argv[0]! };
}

function main(): number {
  const parsed = parseCorpusArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(`${CORPUS_USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`${parsed.message}\n\n${CORPUS_USAGE}\n`);
    return 2;
  }
  const arg = parsed.folder;
  const folder = resolve(process.env.INIT_CWD || process.cwd(), arg);
  let names: string[];
  try {
    names = readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.json')).sort();
  } catch (error) {
    process.stderr.write(`corpus: cannot read ${folder}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const summary = runCorpus(arg, names.map((name) => ({ name, read: () => readLikeTheCli(folder, name) })));
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return summary.crashes.length === 0 && summary.structuralProblems.length === 0 && summary.refused.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === new URL(`file://${resolve(process.argv[1])}`).href) process.exitCode = main();
