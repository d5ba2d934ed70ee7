/**
 * Which format a parsed JSON value is, from its content alone:
 *
 * - `creditflow`: an object with `"format": "creditflow"`;
 * - `n8n`: an object with a `nodes` list (and usually `connections`), also inside `{ "data": … }` or
 *   as the one item of a list (n8n's REST API and its `export:workflow` command write them so);
 * - `make`: an object with a `flow` list, or `{ "blueprint": … }` holding one (also inside Make's API
 *   answer, `{ "code": "OK", "response": { "blueprint": … } }`);
 * - `altan`: an object with a `modules` list and no `edges` (a bare flow), or `{ "flow": { "modules": … } }`.
 *
 * Anything else is none of them, and the message says what the top level holds.
 */
import { FLOW_FORMAT } from '../../model/types';
import { fromJsonText, isObject, type Loose } from './values';
import type { SourceFormat } from './report';

/**
 * What holds a Make blueprint and its scheduling: Make's API answers `GET /scenarios/{id}/blueprint`
 * with `{ "code": "OK", "response": { "blueprint": …, "scheduling": … } }`; else the value itself.
 */
export function blueprintHolder(value: Loose): Loose {
  return value.blueprint === undefined && isObject(value.response) && value.response.blueprint !== undefined ? value.response : value;
}

/** The blueprint inside `{ "blueprint": … }` (an object, or its JSON text; also in the API's `response`), or the value itself. */
export function blueprintOf(value: Loose): Loose | undefined {
  const holder = blueprintHolder(value);
  if (isObject(holder.blueprint)) return holder.blueprint;
  if (typeof holder.blueprint === 'string') {
    const parsed = fromJsonText(holder.blueprint);
    return isObject(parsed) ? parsed : undefined;
  }
  return value;
}

/** An n8n workflow: an object with a `nodes` list and no Creditflow `format`. */
const isN8nWorkflow = (v: unknown): v is Loose => isObject(v) && Array.isArray(v.nodes) && v.format === undefined;

/**
 * The n8n workflows a value holds, as n8n writes them: the workflow itself, inside `{ "data": … }`
 * (n8n's REST API), or a list of them (`n8n export:workflow`, which writes a list even for one
 * workflow; also the public API's `{ "data": [ … ] }`). Undefined when it holds none.
 */
export function n8nWorkflowsOf(value: unknown): Loose[] | undefined {
  if (isN8nWorkflow(value)) return [value];
  const inner = isObject(value) && value.format === undefined && (isN8nWorkflow(value.data) || Array.isArray(value.data)) ? value.data : value;
  if (isN8nWorkflow(inner)) return [inner];
  if (Array.isArray(inner) && inner.length > 0 && inner.every(isN8nWorkflow)) return inner;
  return undefined;
}

export type DetectedFormat = SourceFormat | 'creditflow';

export type Detection = { ok: true; format: DetectedFormat } | { ok: false; message: string };

export const NOT_A_FLOW = 'not a Creditflow, Altan, n8n or Make file';

/** An Altan flow has modules and no edges; one with a `version` is a Creditflow file missing its format. */
function isAltanFlow(v: unknown): boolean {
  return isObject(v) && Array.isArray(v.modules) && !Array.isArray(v.edges) && v.format === undefined && v.version === undefined;
}

/** What the top level of a value holds, for the refusal message. */
export function describeTopLevel(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'string') return 'a text';
  if (typeof value !== 'object') return `${typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'true/false' : typeof value}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  const shown = keys.slice(0, 8).map((k) => JSON.stringify(k.length > 30 ? `${k.slice(0, 29)}…` : k));
  return `an object with the key${keys.length === 1 ? '' : 's'} ${shown.join(', ')}${keys.length > 8 ? ` and ${keys.length - 8} more` : ''}`;
}

export function detectFormat(value: unknown): Detection {
  const workflows = n8nWorkflowsOf(value);
  if (workflows?.length === 1) return { ok: true, format: 'n8n' };
  if (workflows) {
    const names = workflows.slice(0, 3).map((w, i) => (typeof w.name === 'string' && w.name !== '' ? `'${w.name.slice(0, 60)}'` : `#${i + 1}`));
    return {
      ok: false,
      message: `This holds ${workflows.length} n8n workflows (${names.join(', ')}${workflows.length > 3 ? ', …' : ''}), as n8n's export:workflow writes them; import one at a time (export it alone, with --id).`,
    };
  }
  if (isObject(value)) {
    if (value.format === FLOW_FORMAT) return { ok: true, format: 'creditflow' };
    if (value.format === undefined) {
      if (Array.isArray(value.nodes)) return { ok: true, format: 'n8n' };
      if (Array.isArray(value.flow)) return { ok: true, format: 'make' };
      if (blueprintHolder(value).blueprint !== undefined && Array.isArray(blueprintOf(value)?.flow)) return { ok: true, format: 'make' };
      if (isAltanFlow(value.flow) || isAltanFlow(value)) return { ok: true, format: 'altan' };
    }
  }
  return { ok: false, message: `This is ${NOT_A_FLOW}: the top level holds ${describeTopLevel(value)}.` };
}
