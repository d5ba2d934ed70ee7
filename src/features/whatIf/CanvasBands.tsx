/**
 * Keeps the canvas bands (bands.ts) in step with the flow on the canvas: while that flow has
 * ranges, it runs the what-if simulation (the same run the what-if panels read, in the worker)
 * and publishes each module's P10–P90. Renders nothing; App mounts it, after the first paint,
 * while the flow on the canvas has ranges.
 */
import { useEffect } from 'react';
import { hasRunRanges } from '../../model/ranges';
import { bandsOf, useCanvasBands } from './bands';
import { useActiveFlow } from './useWhatIf';
import { useWhatIfSimulation } from './useWhatIfSimulation';

export function CanvasBands() {
  const { flow } = useActiveFlow();
  const ranged = hasRunRanges(flow);
  const simulation = useWhatIfSimulation({ enabled: ranged });
  const { result, status } = simulation;
  useEffect(() => {
    if (!ranged || !result) {
      useCanvasBands.setState({ bands: null, runs: 0, stale: false });
      return;
    }
    useCanvasBands.setState({ bands: bandsOf(result), runs: result.nodeQuantileSamples, stale: status === 'running' });
  }, [ranged, result, status]);
  useEffect(() => () => useCanvasBands.setState({ bands: null, runs: 0, stale: false }), []);
  return null;
}
