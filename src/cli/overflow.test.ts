/**
 * Issue 18, items 8 and 11: numbers within every field's cap whose result is still not a finite
 * number (the caps of model/fieldRules.ts keep a single value from overflowing; nested loops
 * multiply) are refused (exit 2, nothing on stdout) with a located message naming the module and
 * the assumption that overflowed, also with --samples and --budget; never "total": null.
 */
import { describe, expect, it } from 'vitest';
import { runCost, type CliEngine } from './run';
import { REAL_FILES, tempDir, writeTemp } from './testing';
import { applyScenario } from '../model/scenario';
import { simulateForCli } from './simulation';
import { nestedLoopsFlow } from '../cost/testing/nestedLoops';

const dir = tempDir();
const engine: CliEngine = { applyScenario, simulate: simulateForCli };

function refused(content: string, ...more: string[]): string {
  writeTemp(dir, 'flow.json', content);
  const out = runCost({ argv: ['flow.json', '--json', ...more], cwd: dir, files: REAL_FILES, engine });
  expect(out.stdout).toBe('');
  expect(out.exitCode).toBe(2);
  return out.stderr;
}

describe('cost CLI: a result too large for a number is refused where it overflows', () => {
  it('60 nested loops of 10^6 items: names the loop where the executions overflow and its iterations (also with --samples)', () => {
    const text = JSON.stringify(nestedLoopsFlow(60, 1e6));
    const stderr = refused(text);
    // 10^6 to the 52nd overflows: the body of loop 52 is where the executions leave the numbers
    expect(stderr).toMatch(
      /^flow\.json:\d+:\d+: module it52, assumptions\.iterations: Iterator 'Loop 52': the iterations \(1,000,000\) make the executions of the modules in its loop too large to compute \(beyond 1\.7976931348623157e\+308\); lower it\. \[overflow\]\n$/,
    );
    expect(refused(text, '--samples', '100')).toBe(stderr);
  });

  it('a month that overflows only through runs per month names the loop, and --budget never passes it (exit 2, not 0 or 3)', () => {
    // 10^294 executions of a step costing 10^12 credits: finite per run, not per month (10^12 runs)
    const flow = nestedLoopsFlow(49, 1e6, { extraCredits: 1e12 });
    flow.settings.runsPerMonth = 1e12;
    const text = JSON.stringify(flow);
    writeTemp(dir, 'flow.json', text);
    const stderr = refused(text, '--budget', '100');
    expect(stderr).toMatch(/module it49, assumptions\.iterations: Iterator 'Loop 49': .* make the total per month too large to compute/);
  });
});
