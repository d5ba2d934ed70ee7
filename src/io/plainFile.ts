/**
 * A flow file read without the schema's code (zod): the page's first paint restores the autosave
 * and opens the default sample with it, and zod loads after (issue 13: zod and the schemas were
 * about 15 kB of the first download).
 *
 * `readPlainFlow(text)` answers only for a text that `parseFlow` would accept as it is: a file of
 * the current version, not too large, no byte order mark, no key given twice or removed, within
 * the limits, its name, settings, scenarios, modules and edges plainly right (readWellFormed
 * without zod) and no cross-reference broken. It then gives the very flow `parseFlow` gives (no
 * warnings, no migration); for anything else it gives null, and the caller asks `parseFlow`, which
 * says what is wrong. It never accepts a file the schema refuses: it runs the same checks in the
 * same order and gives up wherever `parseFlow` would do more than read (plainFile.test.ts compares
 * the two on generated, random and broken files).
 */
import type { Flow } from '../model/types';
import { FLOW_FORMAT } from '../model/types';
import { writesMoreKeys } from './jsonKeys';
import { flowTooLarge, MAX_FILE_BYTES } from './limits';
import { CURRENT_VERSION } from './fileVersion';
import { sanitizeParsed } from './sanitize';
import { crossCheck } from './fieldChecks';
import { readWellFormed } from './wellFormed';

/** The flow `parseFlow(text)` gives when the text is a plain file of the current version, else null (ask parseFlow). */
export function readPlainFlow(text: string): Flow | null {
  // A text of up to a third of the cap cannot be over it in UTF-8; a longer one is parseFlow's to measure.
  if (typeof text !== 'string' || text.length * 3 > MAX_FILE_BYTES || text.charCodeAt(0) === 0xfeff) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  try {
    const report = sanitizeParsed(parsed);
    if (report.dropped.length > 0 || report.tooDeep !== undefined || writesMoreKeys(text, report.keys)) return null;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    const raw = parsed as Record<string, unknown>;
    if (raw.format !== FLOW_FORMAT || raw.version !== CURRENT_VERSION) return null;
    if (flowTooLarge(Array.isArray(raw.modules) ? raw.modules.length : 0, Array.isArray(raw.edges) ? raw.edges.length : 0)) return null;
    const flow = readWellFormed(raw);
    if (!flow || crossCheck(raw).length > 0) return null;
    return flow as unknown as Flow;
  } catch {
    // Too deep or too large to walk (a RangeError): parseFlow says so.
    return null;
  }
}
