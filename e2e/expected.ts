/** What the engine says, computed in the test process from the same sources the app uses. */
import { priceFlow } from '../src/cost/price';
import type { FlowCost } from '../src/cost/types';
import { parseFlow } from '../src/io/parse';
import type { Flow } from '../src/model/types';
import { readFileSync } from 'node:fs';

/**
 * A sample flow as the app loads it: the file in src/io/samples read through parseFlow
 * (read from disk here, since Node needs import attributes for JSON modules).
 */
export function sample(id: string): Flow {
  const text = readFileSync(new URL(`../src/io/samples/${id}.json`, import.meta.url), 'utf8');
  const parsed = parseFlow(text);
  if (!parsed.ok) throw new Error(`sample ${id}: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return parsed.value;
}

export function price(flow: Flow): FlowCost {
  return priceFlow(flow);
}

/** Prices a flow file's text as an import would read it. */
export function priceText(text: string): FlowCost {
  const parsed = parseFlow(text);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return priceFlow(parsed.value);
}
