/**
 * Connects a command (a function from a CliContext to a CliOutcome) to the process: argv, the
 * directory to read relative paths from, the real file system and the engine; prints and sets the
 * exit code. npm runs scripts from the package root, so relative paths are read from INIT_CWD
 * (the directory npm was started in) when it is set.
 */
import { applyScenario } from '../model/scenario';
import { terminalText } from '../io/visible';
import { DISK_FILES } from './files';
import type { CliContext, CliOutcome } from './run';
import { simulateForCli } from './simulation';

export function runInProcess(command: string, run: (context: CliContext) => CliOutcome): void {
  let exitCode: number;
  try {
    const outcome = run({
      argv: process.argv.slice(2),
      cwd: process.env.INIT_CWD || process.cwd(),
      files: DISK_FILES,
      engine: { applyScenario, simulate: simulateForCli },
    });
    if (outcome.stdout) process.stdout.write(outcome.stdout);
    if (outcome.stderr) process.stderr.write(outcome.stderr);
    exitCode = outcome.exitCode;
  } catch (error) {
    // A bug, not the user's file: say so, without a stack trace (CREDITFLOW_DEBUG=1 shows it).
    process.stderr.write(terminalText(`${command}: internal error: ${error instanceof Error ? error.message : String(error)}\n`));
    if (process.env.CREDITFLOW_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    exitCode = 1;
  }
  process.exitCode = exitCode;
}
