/**
 * Vitest setup (vite.config.ts `setupFiles`): every property test runs with one seed per
 * `vitest` run, a fresh one unless FC_SEED gives it, so CI explores new cases each time and a
 * failure can be replayed:
 *
 *     FC_SEED=1234567 npx vitest run src/cost/format.test.ts
 *
 * The seed is chosen once in vite.config.ts (so all test files of a run share it) and passed
 * here in FC_SEED; it is printed with every failing test. fast-check's own failure message adds
 * the `path` of the failing case (`fc.assert(…, { seed, path })` replays that one case).
 */
import { beforeEach } from 'vitest';
import fc from 'fast-check';
import { freshSeed, seedFrom } from './seed';

const seed = seedFrom(process.env.FC_SEED) ?? freshSeed();
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });

beforeEach((context) => {
  context.onTestFailed(() => {
    console.error(`fast-check seed of this run: ${seed}. Replay with FC_SEED=${seed} npx vitest run ${context.task.file.name}`);
  });
});
