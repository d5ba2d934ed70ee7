/**
 * The command line split into files, flags and options with values, shared by the commands
 * (args.ts for cost, diffArgs.ts for diff); each command then checks its own values.
 * Options take their value as the next argument or after '=' (`--samples=20000`); after `--`
 * everything is a file; `-` alone is a file.
 */

export interface ArgvSpec {
  /** Options without a value (`--json`). */
  flags: ReadonlySet<string>;
  /** Options with a value (`--samples N`). */
  valued: ReadonlySet<string>;
}

export type SplitArgv =
  | { ok: true; help: true }
  | { ok: true; help: false; files: string[]; flags: Set<string>; values: Map<string, string> }
  | { ok: false; message: string };

/** Splits `argv`; `-h`/`--help` anywhere asks for help, unless a bad option comes first. */
export function splitArgv(argv: readonly string[], spec: ArgvSpec): SplitArgv {
  const files: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyFiles || !arg.startsWith('-') || arg === '-') {
      files.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyFiles = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') return { ok: true, help: true };
    if (spec.flags.has(arg)) {
      flags.add(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!spec.valued.has(name)) return { ok: false, message: `Unknown option ${name}.` };
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '') return { ok: false, message: `${name} needs a value.` };
    if (values.has(name)) return { ok: false, message: `${name} is given twice.` };
    values.set(name, value);
  }
  return { ok: true, help: false, files, flags, values };
}
