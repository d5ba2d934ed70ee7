import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCost } from './run';
import { REAL_FILES, tempDir, writeTemp } from './testing';
import { parseFlow } from '../io/parse';
import { serializeFlow } from '../io/serialize';
import { generateLog, rowsToCsv } from '../cost/calibrate/logGenerator';
import { applyScenario } from '../model/scenario';
import { priceFlow } from '../cost/price';
import { simulateForCli } from './simulation';

const sampleText = readFileSync(fileURLToPath(new URL('../io/samples/lead-enrichment.json', import.meta.url)), 'utf8');
const parsed = parseFlow(sampleText);
if (!parsed.ok) throw new Error('sample');
const flow = parsed.value;
const dir = tempDir();
writeTemp(dir, 'flow.json', sampleText);
writeTemp(dir, 'runs.csv', `${rowsToCsv(generateLog(flow, { runs: 300, seed: 4 }))}run-x,no-such-module,1,1,ok,,,,\n`);
const engine = { applyScenario, simulate: simulateForCli };
const run = (...argv: string[]) => runCost({ argv, cwd: dir, files: REAL_FILES, engine });

describe('cost --calibrate', () => {
  it('adds the calibration object of the contract and prices with the calibrated scenario', () => {
    const out = run('flow.json', '--calibrate', 'runs.csv', '--json');
    expect(out.exitCode).toBe(0);
    const report = JSON.parse(out.stdout);
    const c = report.calibration;
    expect(c).toMatchObject({ runs: 300, unmatched: 1, format: 'csv' });
    expect(Object.keys(c)).toEqual(expect.arrayContaining(['runs', 'rows', 'unmatched', 'modules', 'predicted', 'observed', 'backtest']));
    expect(Object.keys(c.predicted)).toEqual(['mean', 'p90']);
    expect(Object.keys(c.backtest)).toEqual(expect.arrayContaining(['meanError', 'p90Error']));
    // The backtest per module too (execution-logs.md §4: "per module and in total, … in the CLI").
    expect(c.backtest.modules.map((m: { id: string }) => m.id)).toEqual(flow.modules.map((m) => m.id));
    for (const m of c.backtest.modules) {
      expect(Object.keys(m)).toEqual(['id', 'meanError', 'p90Error']);
      expect(m.meanError === null || Number.isFinite(m.meanError)).toBe(true);
    }
    expect(c.backtest.modules.some((m: { meanError: number | null }) => m.meanError !== null && m.meanError !== 0)).toBe(true);
    expect(c.modules[0]).toMatchObject({ id: 'm1', observedExecutions: 1, rows: 300 });
    expect(report.scenario).toBe(c.scenario);
    expect(report.scenario).toMatch(/^Calibrated from 300 runs, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d$/);
    // Priced with the calibrated scenario: each module's executions are the observed ones.
    for (const node of report.nodes) {
      const m = c.modules.find((x: { id: string }) => x.id === node.id);
      if (m.explained) expect(Math.abs(node.executions - m.observedExecutions)).toBeLessThanOrEqual(0.01 * m.observedExecutions + 1e-12);
    }
    // The row of a module the flow lacks is on stderr with its line.
    expect(out.stderr).toMatch(/runs\.csv: line \d+: module 'no-such-module': the flow has no module with this id or name \(row left out\)/);
  });

  it('--write saves the flow with the scenario added, in stable bytes the reader accepts', () => {
    const out = run('flow.json', '--calibrate', 'runs.csv', '--write', 'calibrated.json');
    expect(out.exitCode).toBe(0);
    const written = readFileSync(join(dir, 'calibrated.json'), 'utf8');
    const again = parseFlow(written);
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(serializeFlow(again.value)).toBe(written);
    const scenario = again.value.scenarios!.at(-1)!;
    expect(scenario.name).toMatch(/^Calibrated from 300 runs/);
    // Pricing the saved scenario gives the figures --calibrate printed.
    const json = JSON.parse(run('flow.json', '--calibrate', 'runs.csv', '--json').stdout);
    expect(priceFlow(applyScenario(again.value, scenario)).total).toBeCloseTo(json.total, 9);
    // The base flow is unchanged.
    expect(again.value.modules).toEqual(flow.modules);
    // Calibrating the written flow again from the same log adds a scenario of its own name, not a second of the same.
    expect(run('calibrated.json', '--calibrate', 'runs.csv', '--write', 'calibrated.json').exitCode).toBe(0);
    const twice = parseFlow(readFileSync(join(dir, 'calibrated.json'), 'utf8'));
    if (!twice.ok) throw new Error('not read');
    expect(twice.value.scenarios!.map((s) => s.name).slice(-2)).toEqual([scenario.name, `${scenario.name} 2`]);
    expect(JSON.parse(run('calibrated.json', '--json').stdout).warnings).toEqual([]);
  });

  it('refuses what it cannot use, with exit 2 and nothing on stdout', () => {
    const missing = run('flow.json', '--calibrate', 'nope.csv');
    expect(missing).toMatchObject({ exitCode: 2, stdout: '' });
    expect(missing.stderr).toBe('nope.csv: cannot open the log: there is no such file.\n');
    writeTemp(dir, 'prices.csv', 'name,price\nx,1\n');
    expect(run('flow.json', '--calibrate', 'prices.csv').stderr).toMatch(/^prices\.csv: this is not an execution log: its first line is 'name,price'/);
    // A log none of whose rows can be used says why, row by row, not only how many were left out.
    writeTemp(dir, 'unusable.csv', 'run,module,durationMs,payloadBytes,status\nr1,m1,-5,10,ok\nr1,zz,1,1,ok\n');
    const unusable = run('flow.json', '--calibrate', 'unusable.csv');
    expect(unusable).toMatchObject({ exitCode: 2, stdout: '' });
    expect(unusable.stderr).toMatch(/^unusable\.csv: no row of this plain log \(CSV\) could be used \(2 left out: /);
    expect(unusable.stderr).toContain('line 2: durationMs must be a number ≥ 0');
    expect(unusable.stderr).toContain("line 3: module 'zz': the flow has no module with this id or name");
    // A log with its header and no row says so, not "no row could be used (0 left out)"; so do execution records without module executions.
    writeTemp(dir, 'empty-exec.json', '{"id":"ex1","modules":{}}');
    expect(run('flow.json', '--calibrate', 'empty-exec.json').stderr).toBe('empty-exec.json: there are no rows in the Altan execution records; nothing to calibrate from.\n');
    writeTemp(dir, 'header.csv', 'run,module,durationMs,payloadBytes,status\r\n\r\n');
    expect(run('flow.json', '--calibrate', 'header.csv')).toMatchObject({ exitCode: 2, stdout: '', stderr: 'header.csv: there are no rows in the plain log (CSV), only its header; nothing to calibrate from.\n' });
    expect(run('flow.json', '--write', 'x.json').stderr).toMatch(/--write only makes sense with --calibrate/);
    expect(run('flow.json', '--calibrate', 'runs.csv', '--scenario', 'x').stderr).toMatch(/--calibrate makes its own scenario/);
  });

  it('--write to a folder or into a folder that does not exist says why in words, not with the system error', () => {
    const intoFolder = run('flow.json', '--calibrate', 'runs.csv', '--write', '.');
    expect(intoFolder).toMatchObject({ exitCode: 2, stdout: '' });
    expect(intoFolder.stderr).toBe('.: cannot write the flow: it is a folder; give a file name, as in --write calibrated.json.\n');
    const missing = run('flow.json', '--calibrate', 'runs.csv', '--write', 'no-such-folder/out.json');
    expect(missing).toMatchObject({ exitCode: 2, stdout: '' });
    expect(missing.stderr).toBe("no-such-folder/out.json: cannot write the flow: the folder 'no-such-folder' does not exist.\n");
  });

  it('--write NAME/ (ending in a path separator) names a folder: refused with the folder message, no file written or overwritten', () => {
    const sep = process.platform === 'win32' ? ['/', '\\'] : ['/'];
    for (const end of sep) {
      const out = run('flow.json', '--calibrate', 'runs.csv', '--write', `out-folder${end}`);
      expect(out).toMatchObject({ exitCode: 2, stdout: '' });
      expect(out.stderr).toBe(`out-folder${end}: cannot write the flow: a name ending in '${end}' is a folder; give a file name, as in --write calibrated.json.\n`);
      expect(existsSync(join(dir, 'out-folder'))).toBe(false);
    }
    // An existing file named with a trailing separator is not overwritten.
    writeTemp(dir, 'keep.json', 'precious');
    const over = run('flow.json', '--calibrate', 'runs.csv', '--write', 'keep.json/');
    expect(over).toMatchObject({ exitCode: 2, stdout: '' });
    expect(over.stderr).toBe("keep.json/: cannot write the flow: a name ending in '/' is a folder; give a file name, as in --write calibrated.json.\n");
    expect(readFileSync(join(dir, 'keep.json'), 'utf8')).toBe('precious');
  });

  it('a log given as the flow is refused with how to calibrate from it (the app drops it into calibration by the same rule)', () => {
    const out = run('runs.csv', '--json');
    expect(out).toMatchObject({ exitCode: 2, stdout: '' });
    expect(out.stderr).toMatch(/\nruns\.csv: this is an execution log of runs, not a flow; to calibrate a flow from it: cost FLOW\.json --calibrate runs\.csv\n$/);
    // A file that is neither gets the import's own message only.
    writeTemp(dir, 'notes.txt', 'just some notes\n');
    expect(run('notes.txt').stderr).not.toMatch(/execution log/);
  });
});
