/**
 * The sample flows shipped with Creditflow: valid version 2 files, used by the app (the flow
 * it opens first), the tests and the CLI examples. Each file goes through parseFlow at load,
 * exactly as a user's import would.
 */
import type { Flow } from '../../model/types';
import { parseFlow } from '../parse';
import leadEnrichment from './lead-enrichment.json';
import supportTicketTriage from './support-ticket-triage.json';
import nightlySync from './nightly-sync.json';

export interface SampleFlow {
  id: string;
  name: string;
  description: string;
  flow: Flow;
}

function load(id: string, json: unknown): Flow {
  const result = parseFlow(JSON.stringify(json));
  if (!result.ok) throw new Error(`Sample flow '${id}' is not a valid flow file: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.value;
}

export const SAMPLE_FLOWS: readonly SampleFlow[] = [
  {
    id: 'lead-enrichment',
    name: 'Lead enrichment',
    description:
      'A webhook receives new leads; an exclusive router sends North American leads through a loop that searches each contact\'s company and scores it with an AI agent before updating the CRM.',
    flow: load('lead-enrichment', leadEnrichment),
  },
  {
    id: 'support-ticket-triage',
    name: 'Support ticket triage',
    description:
      'An AI agent classifies each new ticket (with retries and LLM credits); a standard router fans out to billing, bug and on-call branches, which merge again before the ticket is updated.',
    flow: load('support-ticket-triage', supportTicketTriage),
  },
  {
    id: 'nightly-sync',
    name: 'Nightly sync',
    description:
      'Every night, loop over active accounts and, inside, over their open orders: normalize each order and upsert only the changed ones, then report the run to Slack.',
    flow: load('nightly-sync', nightlySync),
  },
];

export const DEFAULT_SAMPLE_ID = 'lead-enrichment';

/** A sample by id (undefined when there is none). */
export function sampleById(id: string): SampleFlow | undefined {
  return SAMPLE_FLOWS.find((s) => s.id === id);
}
