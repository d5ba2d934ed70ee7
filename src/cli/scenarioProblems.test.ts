/**
 * Issue 18 item 12: with --scenario, the flow checked is the scenario's, and every problem the
 * scenario brings names it and points at its override in the file, not at the base router.
 */
import { describe, expect, it } from 'vitest';
import { runCost, type CliEngine } from './run';
import { REAL_FILES, exampleFileWith, tempDir, writeTemp } from './testing';
import { applyScenario } from '../model/scenario';
import { simulateForCli } from './simulation';

const dir = tempDir();
const engine: CliEngine = { applyScenario, simulate: simulateForCli };

const text = exampleFileWith((f) => {
  f.version = 2;
  f.modules.push({ id: 'm6', type: 'action', name: 'Notify sales', position: { x: 200, y: 320 } });
  f.edges.push({ id: 'e5', source: 'm2', target: 'm6', route: { priority: 2, passRate: 0.5, fallback: false } });
  f.scenarios = [{ id: 's1', name: 'Trade show', overrides: { edges: { e2: { passRate: 1 } } } }];
});

describe("cost CLI: a scenario that makes an exclusive router's routes sum over 100 %", () => {
  it('is priced without the scenario', () => {
    writeTemp(dir, 'flow.json', text);
    expect(runCost({ argv: ['flow.json', '--json'], cwd: dir, files: REAL_FILES, engine }).exitCode).toBe(0);
  });

  it('is refused with the scenario: named, and located at its override of the route', () => {
    writeTemp(dir, 'flow.json', text);
    const out = runCost({ argv: ['flow.json', '--json', '--scenario', 'Trade show'], cwd: dir, files: REAL_FILES, engine });
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    const lines = text.split('\n');
    const overrideLine = lines.findIndex((l) => l.includes('"e2": {')) + 1;
    const passRateLine = lines.findIndex((l, i) => i >= overrideLine && l.includes('"passRate": 1')) + 1;
    expect(out.stderr).toMatch(
      new RegExp(`^flow\\.json:${passRateLine}:\\d+: module m2, route\\.passRate: Scenario 'Trade show': Router 'By country': routes share 150 %, more than 100 % in exclusive mode\\. \\[routes-exceed-100\\]\\n$`),
    );
  });
});
