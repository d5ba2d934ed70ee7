/**
 * Keeps the canvas bands (bands.ts) in step with the flow on the canvas: while that flow has
 * ranges, it runs the what-if simulation (the same run the what-if panels read, in the worker)
 * and publishes each module's P10–P90. Renders nothing; App mounts it, after the first paint,
 * while the flow on the canvas has ranges.
 *
 * It asks for a run only in a quiet moment after a change (whenIdle): a worker busy simulating
 * a large flow takes a core that a drag or a pan on a small machine needs, so the bands wait
 * for the gesture to end. The what-if panels, when open, ask at once; one run serves both.
 */
import { useEffect, useState } from 'react';
import type { Flow } from '../../model/types';
import { hasRunRanges } from '../../model/ranges';
import { useSimulation } from '../../workers/simulationClient';
import { whenIdle } from '../layout/preloadable';
import { bandsOf, useCanvasBands } from './bands';
import { useActiveFlow } from './useWhatIf';
import { sharedSimulationClient, useWhatIfSettings } from './useWhatIfSimulation';

export function CanvasBands() {
  const { flow } = useActiveFlow();
  const ranged = hasRunRanges(flow);
  const [quiet, setQuiet] = useState<Flow | null>(null);
  useEffect(() => whenIdle(() => setQuiet(flow)), [flow]);
  const samples = useWhatIfSettings((s) => s.samples);
  const seed = useWhatIfSettings((s) => s.seed);
  const { result, status } = useSimulation(ranged ? quiet : null, { samples, seed, client: sharedSimulationClient() });
  const upToDate = quiet === flow && status !== 'running';
  useEffect(() => {
    if (!ranged || !result) {
      useCanvasBands.setState({ bands: null, runs: 0, stale: false });
      return;
    }
    useCanvasBands.setState({ bands: bandsOf(result), runs: result.nodeQuantileSamples, stale: !upToDate });
  }, [ranged, result, upToDate]);
  useEffect(() => () => useCanvasBands.setState({ bands: null, runs: 0, stale: false }), []);
  return null;
}
