/**
 * Apart from index.ts (whose list it reads): only the files' commands (loaded later) look a sample up by
 * id, so the page's first download leaves it out.
 */
import { SAMPLE_FLOWS, type SampleFlow } from './index';

/** A sample by id (undefined when there is none). */
export function sampleById(id: string): SampleFlow | undefined {
  return SAMPLE_FLOWS.find((s) => s.id === id);
}
