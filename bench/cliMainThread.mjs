/**
 * Preloaded by bench/cliWall.ts into the cost command's process (`NODE_OPTIONS=--import=…`): at
 * exit, appends the main thread's CPU time in ms (Linux: /proc/self/task/<pid>/schedstat) to the
 * file CLI_MAIN_CPU_FILE names. On a machine shared with other work the wall time is mostly
 * waiting for a core; the main thread's CPU is what a quiet machine's wall time is made of
 * (the compiler's and the garbage collector's threads run beside it on another core). Other
 * node processes started on the way (npm, tsx's launcher) write nothing: only the one running
 * src/cli/cost.ts does. The heap's teardown after the exit event is not counted.
 */
import { appendFileSync, readFileSync } from 'node:fs';

const file = process.env.CLI_MAIN_CPU_FILE;
if (file && /src[\\/]cli[\\/]cost\.ts$/.test(process.argv[1] ?? '')) {
  process.on('exit', () => {
    try {
      const nanoseconds = Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
      appendFileSync(file, `${nanoseconds / 1e6}\n`);
    } catch {
      // Not Linux: no figure.
    }
  });
}
