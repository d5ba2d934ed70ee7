/**
 * Keeps the canvas bands (bands.ts) in step with the flow on the canvas: while that flow has
 * ranges, it simulates runs in the worker and publishes each module's P10–P90. Renders nothing;
 * App mounts it, after the first paint, while the flow on the canvas has ranges.
 *
 * - It asks for a run once the user has paused: up to a second after the last change (less for a
 *   small flow), and then in a quiet moment (whenIdle: no frames being drawn). A worker busy
 *   simulating a large flow takes a core that typing, a drag or a pan needs on a small machine.
 * - The bands use only the first ⌊4,000,000 / modules⌋ runs (nodeQuantileRuns), so with no
 *   what-if panel on screen it asks for just those: the same numbers, for less work at 1,000
 *   modules and more. With a panel shown it asks for the panel's run: one run serves both; so
 *   it does for a flow whose panel runs are simulated ahead on opening (AHEAD_MAX_WORK).
 */
import { useEffect } from 'react';
import { hasRunRanges } from '../../model/ranges';
import { nodeQuantileRuns } from '../../cost/simulate';
import { useSimulationOutcome } from '../../workers/useSimulation';
import type { SimulationRequest, SimulationState } from '../../workers/simulationHandle';
import { whenIdle } from '../../ui/preloadable';
import { useEditorInstance } from '../../editor/react';
import { NO_BANDS } from '../../editor/slots';
import { simulatedAhead } from '../../editor/simulationWarmup';
import { bandsOf } from './bands';
import { useActiveFlow } from './useWhatIf';
import { useWhatIfSettings } from './useWhatIfSimulation';

/**
 * How long after the last change the bands ask for their run: 2 ms per module, at most a
 * second. A small flow simulates in milliseconds and gets its bands at once; a large one waits
 * until the user has paused.
 */
export const BANDS_SETTLE_MS_PER_MODULE = 2;
export const BANDS_SETTLE_MAX_MS = 1000;

/**
 * Whether `state` already holds the bands `request` asks for, or its refusal: a finished run of the same flow and
 * seed whose module percentiles come from as many runs (they come from the first runs only, so a
 * longer run of the what-if panel gives the very same bands).
 */
function answers(state: SimulationState, request: SimulationRequest): boolean {
  // A refused run (too large for a number, too much work) is refused again: its answer stands.
  const refused = state.errorOf;
  if (state.status === 'error' && refused && refused.flow === request.flow && refused.seed === request.seed) return true;
  const of = state.resultOf;
  if (state.status === 'running' || !of || of.flow !== request.flow || of.seed !== request.seed) return false;
  const modules = request.flow.modules.length;
  return nodeQuantileRuns(of.samples, modules) === nodeQuantileRuns(request.samples, modules);
}

export function CanvasBands() {
  const editor = useEditorInstance();
  const { bands } = editor;
  const { flow } = useActiveFlow();
  const ranged = hasRunRanges(flow);
  const panelSamples = useWhatIfSettings((s) => s.samples);
  const seed = useWhatIfSettings((s) => s.seed);
  const panelsShown = useWhatIfSettings((s) => s.panelsShown > 0);
  // The panel's runs when a panel shows them, or when they are few enough to be simulated ahead
  // on opening anyway (editor/simulationWarmup.ts): one run then serves both.
  const samples =
    panelsShown || simulatedAhead(flow.modules.length, panelSamples) ? panelSamples : nodeQuantileRuns(panelSamples, flow.modules.length);
  useEffect(() => {
    const client = editor.simulation();
    const request = { flow, samples, seed };
    // An edit stops a run for the flow before it at once (its bands would be stale).
    client.cancelUnlessFor(request);
    let cancelIdle = () => {};
    const settle = Math.min(BANDS_SETTLE_MAX_MS, flow.modules.length * BANDS_SETTLE_MS_PER_MODULE);
    const timer = setTimeout(
      () =>
        (cancelIdle = whenIdle(() => {
          if (hasRunRanges(flow) && !answers(client.getState(), request)) client.run(request);
        })),
      settle,
    );
    return () => {
      clearTimeout(timer);
      cancelIdle();
    };
  }, [flow, samples, seed, editor]);
  // Reads the shared run (this component asks for its runs itself, above), not its progress.
  const state = useSimulationOutcome(editor.simulation());
  const { result } = state;
  const upToDate = answers(state, { flow, samples, seed });
  const refused = state.status === 'error' ? state.error : null;
  useEffect(() => {
    if (ranged && refused) {
      bands.setState({ ...NO_BANDS, refused });
      return;
    }
    if (!ranged || !result) {
      bands.setState(NO_BANDS);
      return;
    }
    bands.setState({
      bands: bandsOf(result),
      runs: result.nodeQuantileSamples,
      stale: !upToDate,
      refused: null,
      simulated: { mean: result.mean, perMonth: result.perMonth, runs: result.runs },
    });
  }, [ranged, result, upToDate, refused, bands]);
  useEffect(() => () => bands.setState(NO_BANDS), [bands]);
  return null;
}
