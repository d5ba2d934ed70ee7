/** Calibration from execution logs (docs/calibration.md): fit a scenario, measure its accuracy, generate test logs. */
export { calibrate, runStarts, type Calibration, type CalibratedModule, type CalibratedEdge, type UnexplainedModule, type CalibrateOptions } from './calibrate';
export { fitOf, backtest, observedCredits, creditsOfRows, ACCURACY_SAMPLES, type Fit, type Backtest, type ModuleAccuracy, type MeanP90, type AccuracyOptions } from './accuracy';
export { observeModules, fitValues, RANGE_MIN_ROWS, type ModuleObservation } from './observe';
export { COUNT_TOLERANCE, type UnexplainedReason } from './solve';
export { generateLog, rowsToCsv, type GeneratedRow, type GenerateLogOptions } from './logGenerator';
