/**
 * The sample flows shipped with Creditflow: valid flow files, used by the app (the flow it opens
 * first), the tests and the CLI examples. Each file goes through parseFlow the first time it is
 * asked for, exactly as a user's import would (not at start: an app opening a saved flow parses
 * none of them). Only the default sample is in the first bundle: a plain file of the current
 * version, read by readPlainFlow (the same flow as parseFlow's, without zod's code).
 */
import type { Flow } from '../../model/types';
import { readPlainFlow } from '../plainFile';
import leadEnrichment from './lead-enrichment.json';

export interface SampleFlow {
  id: string;
  /** Its name in the File menu's Open sample list. */
  name: string;
  /** The parsed file; the samples other than the default are fetched on first use. */
  load(): Promise<Flow>;
}

async function parseSample(id: string, json: unknown): Promise<Flow> {
  const { parseFlow } = await import('../parse');
  const result = parseFlow(JSON.stringify(json));
  if (!result.ok) throw new Error(`Sample flow '${id}' is not a valid flow file: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.value;
}

/** A sample whose flow `read` gives; kept once read, asked again after a failed fetch (offline). */
function sample(id: string, name: string, read: (id: string) => Promise<Flow>): SampleFlow {
  let flow: Promise<Flow> | undefined;
  const readOnce = () =>
    read(id).catch((error: unknown) => {
      flow = undefined;
      throw error;
    });
  return { id, name, load: () => (flow ??= readOnce()) };
}

/** A sample file outside the first bundle, fetched and parsed on first use. */
const fetched = (file: () => Promise<{ default: unknown }>) => (id: string) => file().then((json) => parseSample(id, json.default));

export const DEFAULT_SAMPLE_ID = 'lead-enrichment';

/** The parsed bundled sample, by id (a memo of a constant: parsed once, on first use). */
const bundled = new Map<string, Flow>();

/** The flow the app opens on a first visit, at hand without waiting (it is in the first bundle). */
export function defaultSampleFlow(): Flow {
  let flow = bundled.get(DEFAULT_SAMPLE_ID);
  if (!flow) {
    // samples.test.ts and plainFile.test.ts check that it reads plainly, as parseFlow reads it.
    const plain = readPlainFlow(JSON.stringify(leadEnrichment));
    if (!plain) throw new Error(`Sample flow '${DEFAULT_SAMPLE_ID}' is not a plain flow file of the current version.`);
    bundled.set(DEFAULT_SAMPLE_ID, (flow = plain));
  }
  return flow;
}

/**
 * What each sample shows (for whoever picks one for a test or a doc; nothing in the app shows these words, so they
 * are not in the page's code):
 * - lead-enrichment: a webhook receives new leads; an exclusive router sends North American leads through a loop
 *   that searches each contact's company and scores it with an AI agent before updating the CRM.
 * - support-ticket-triage: an AI agent classifies each new ticket (with retries and LLM credits); a standard router
 *   fans out to billing, bug and on-call branches, which merge again before the ticket is updated.
 * - nightly-sync: every night, loop over active accounts and, inside, over their open orders: normalize each order
 *   and upsert only the changed ones, then report the run to Slack.
 */
export const SAMPLE_FLOWS: readonly SampleFlow[] = [
  sample(DEFAULT_SAMPLE_ID, 'Lead enrichment', async () => defaultSampleFlow()),
  sample('support-ticket-triage', 'Support ticket triage', fetched(() => import('./support-ticket-triage.json'))),
  sample('nightly-sync', 'Nightly sync', fetched(() => import('./nightly-sync.json'))),
];

