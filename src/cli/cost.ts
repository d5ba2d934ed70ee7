/**
 * `npm run --silent cost -- flow.json [--json]`: prices a flow file (see run.ts and args.ts).
 * npm runs scripts from the package root, so relative paths are read from INIT_CWD (the
 * directory npm was started in) when it is set.
 */
import { applyScenario } from '../model/scenario';
import { DISK_FILES } from './files';
import { terminalText } from '../io/visible';
import { runCost } from './run';
import { simulateForCli } from './simulation';

function main(): number {
  try {
    const outcome = runCost({
      argv: process.argv.slice(2),
      cwd: process.env.INIT_CWD || process.cwd(),
      files: DISK_FILES,
      engine: { applyScenario, simulate: simulateForCli },
    });
    if (outcome.stdout) process.stdout.write(outcome.stdout);
    if (outcome.stderr) process.stderr.write(outcome.stderr);
    return outcome.exitCode;
  } catch (error) {
    // A bug, not the user's file: say so, without a stack trace (CREDITFLOW_DEBUG=1 shows it).
    process.stderr.write(terminalText(`cost: internal error: ${error instanceof Error ? error.message : String(error)}\n`));
    if (process.env.CREDITFLOW_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return 1;
  }
}

process.exitCode = main();
