/**
 * The calibration's problems in words, for the problems panel (loaded with it). The dock counts them
 * with calibration.ts's calibrationProblemCount, in the first download.
 */
import type { Problem } from '../model/problems';
import type { LogCalibration } from '../cost/calibrate/fromLog';
import { countsDiffer } from './calibration';

/**
 * The calibration's problems: each module whose observed executions per run the flow's structure
 * cannot reproduce (with the reason), and each whose assumed count (the flow as it is) is off by
 * more than 1 % from the log. Warnings, on the module, for the problems panel.
 */
export function calibrationProblems(result: LogCalibration, assumed: ReadonlyMap<string, number>): Problem[] {
  const problems: Problem[] = [];
  const unexplained = new Set(result.calibration.unexplained.map((u) => u.moduleId));
  for (const u of result.calibration.unexplained) {
    problems.push({ severity: 'warning', code: 'calibration-unexplained', moduleId: u.moduleId, message: `Runs log (${result.logName}): ${u.message}` });
  }
  for (const m of result.calibration.modules) {
    if (unexplained.has(m.id)) continue;
    const a = assumed.get(m.id);
    if (a === undefined || !countsDiffer(m.observedExecutions, a)) continue;
    problems.push({
      severity: 'warning',
      code: 'calibration-mismatch',
      moduleId: m.id,
      message: `Runs log (${result.logName}): ${formatCount(m.observedExecutions)} executions per run observed, ${formatCount(a)} assumed.`,
    });
  }
  return problems;
}


const formatCount = (x: number) => (Math.abs(x - Math.round(x)) < 1e-9 ? String(Math.round(x)) : x.toFixed(2));
