/**
 * Issue 18, items 8 and 11: extreme but valid numbers whose result is not a finite number are
 * refused (exit 2, nothing on stdout) with a located message naming the module and the
 * assumption that overflowed, also with --samples and --budget; never "total": null.
 */
import { describe, expect, it } from 'vitest';
import { runCost, type CliEngine } from './run';
import { REAL_FILES, exampleFileWith, tempDir, writeTemp } from './testing';
import { applyScenario } from '../model/scenario';
import { simulateForCli } from './simulation';

const dir = tempDir();
const engine: CliEngine = { applyScenario, simulate: simulateForCli };

function refused(content: string, ...more: string[]): string {
  writeTemp(dir, 'flow.json', content);
  const out = runCost({ argv: ['flow.json', '--json', ...more], cwd: dir, files: REAL_FILES, engine });
  expect(out.stdout).toBe('');
  expect(out.exitCode).toBe(2);
  return out.stderr;
}

type Example = Parameters<Parameters<typeof exampleFileWith>[0]>[0];
const moduleOf = (f: Example, id: string) => f.modules.find((m) => m.id === id)! as { assumptions?: Record<string, unknown> };

/** A trigger, `depth` nested iterators of `items` each, and one action inside the innermost. */
function nestedLoops(depth: number, items: number): string {
  const modules: unknown[] = [{ id: 't', type: 'trigger', name: 'Start', position: { x: 0, y: 0 } }];
  const edges: unknown[] = [];
  let last = 't';
  for (let i = 1; i <= depth; i++) {
    modules.push({ id: `it${i}`, type: 'iterator', name: `Loop ${i}`, position: { x: 0, y: 100 * i }, assumptions: { iterations: items } });
    edges.push({ id: `e${i}`, source: last, target: `it${i}` });
    last = `it${i}`;
  }
  modules.push({ id: 'a', type: 'action', name: 'Send email', position: { x: 0, y: 100 * (depth + 1) } });
  edges.push({ id: 'ea', source: last, target: 'a' });
  return JSON.stringify({ format: 'creditflow', version: 2, name: 'Deep', settings: {}, modules, edges });
}

describe('cost CLI: a result too large for a number is refused where it overflows', () => {
  it('extraCredits 1e308: names the module and its extra credits, with a line and column', () => {
    const stderr = refused(exampleFileWith((f) => (moduleOf(f, 'm4').assumptions!.extraCredits = 1e308)));
    expect(stderr).toMatch(/^flow\.json:\d+:\d+: module m4, assumptions\.extraCredits: Search 'Find company': the extra credits \(1e\+308\) makes .* too large to compute/);
    expect(stderr).toMatch(/\[overflow\]\n$/);
  });

  it("a rate card reference time of 5e-324 s: names the first module with a duration and the rate card's reference time", () => {
    const stderr = refused(exampleFileWith((f) => ((f.settings as { rateCard: Record<string, unknown> }).rateCard.time = { referenceSec: 5e-324 })));
    expect(stderr).toMatch(/module m4, settings\.rateCard\.time\.referenceSec: Search 'Find company': the rate card's reference time \(5e-324\) makes its time part too large/);
  });

  it('runsPerMonth 1e308: names runs per month', () => {
    const stderr = refused(exampleFileWith((f) => ((f.settings as Record<string, unknown>).runsPerMonth = 1e308)));
    expect(stderr).toMatch(/^flow\.json:\d+:\d+: settings\.runsPerMonth: the runs per month \(1e\+308\) makes the total per month too large to compute/);
  });

  it("baseCredits 1e308: names a module of that kind and the rate card's base credits", () => {
    const stderr = refused(exampleFileWith((f) => ((f.settings as { rateCard: { baseCredits: Record<string, number> } }).rateCard.baseCredits.search = 1e308)));
    expect(stderr).toMatch(/module m4, settings\.rateCard\.baseCredits\.search: Search 'Find company': the rate card's base credits of search \(1e\+308\)/);
  });

  it('60 nested loops of 10^6 items: names the loop where the executions overflow and its iterations (also with --samples)', () => {
    const text = nestedLoops(60, 1e6);
    const stderr = refused(text);
    // 10^6 to the 52nd overflows: the body of loop 52 is where the executions leave the numbers
    expect(stderr).toMatch(/module it52, assumptions\.iterations: Iterator 'Loop 52': the iterations \(1,000,000\) makes the executions .* too large to compute/);
    expect(refused(text, '--samples', '100')).toBe(stderr);
  });

  it('ranges with max 1e200: the point estimate is fine, the simulated runs overflow: refused naming the range, never "internal error"', () => {
    const text = exampleFileWith((f) => {
      f.version = 2;
      moduleOf(f, 'm4').assumptions!.extraCredits = { min: 0, likely: 1, max: 1e200 };
    });
    writeTemp(dir, 'flow.json', text);
    expect(runCost({ argv: ['flow.json', '--json'], cwd: dir, files: REAL_FILES, engine }).exitCode).toBe(0);
    const stderr = refused(text, '--samples', '2000');
    expect(stderr).toMatch(/module m4, assumptions\.extraCredits: Search 'Find company': the extra credits \(1e\+200\) makes .* too large to compute .*simulated runs draw up to the maximum/);
    expect(stderr).not.toMatch(/internal error/);
  });

  it('--budget never passes a month that is not a finite number (exit 2, not 0 or 3)', () => {
    const text = exampleFileWith((f) => {
      f.version = 2;
      moduleOf(f, 'm4').assumptions!.extraCredits = { min: 0, likely: 1, max: 1e200 };
    });
    expect(refused(text, '--samples', '2000', '--budget', '100')).toMatch(/\[overflow\]/);
    const runs = exampleFileWith((f) => ((f.settings as Record<string, unknown>).runsPerMonth = 1e308));
    expect(refused(runs, '--budget', '100')).toMatch(/runs per month/);
  });
});
