/**
 * Altan flow-execution records as rows (execution-logs.md §2, formats/altan.md §7). What Altan's
 * frontend reads (its `selectCurrentExecutionByModule` sums these per module): a flow execution
 * `{ id, date_creation, modules: { <module id>: { <module execution id>: ModuleExecution } } }`
 * where a ModuleExecution carries `credits`, `llm_credits`, `api_credits`, `elapsed_time`,
 * `payload_size`, `status` ('success' | 'error' | 'start'), `start_time`, and nested
 * sub-executions under `executions` (iterations). The frontend adds these numbers up without
 * converting them and shows the sums in its ModuleExecutionsOverview.jsx as "Elapsed time: … seconds"
 * and "Payload size: …" through `formatPayloadSize(sizeInKB)` ("… KB"); so `elapsed_time` is read as
 * seconds and `payload_size` as kilobytes (docs/calibration.md), and the bill is
 * `credits + llm_credits + api_credits`.
 *
 * Accepted: one execution, an array of them, `{ executions: [...] }` or `{ executions: { items: [...] } }`
 * (the executions endpoint); module executions may also come as a list `module_executions:
 * [{ module_id, ... }]`. A sub-execution names its module with `module_id`, else it is one more
 * execution of its parent's module. Iterations are counted from the executions of the loop's
 * first module (the records do not say how many items an iterator emitted).
 *
 * Also the execution as Altan stores it (the JSON its frontend downloads from the execution's signed
 * URL and flattens in flows.ts `extractModules`): `modules` keyed by module-execution id, each record
 * naming its module in `module.id`, and the iterations as sub-executions of the execution itself,
 * `executions: { <id>: { modules, executions } }`, read recursively as rows of the same run.
 */
import type { ExecutionRow, ModuleMatcher } from '../../model/executionLog';
import type { LogIssues } from './issues';
import { readNumberValue, readTime } from './plainRow';
import { describeValue } from '../fieldChecks';
import { MAX_DOCUMENT_DEPTH } from '../limits';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const values = (v: unknown): unknown[] => (Array.isArray(v) ? v : isObject(v) ? Object.values(v) : []);

function isExecution(v: unknown): v is Json {
  return isObject(v) && (isObject(v.modules) || Array.isArray(v.module_executions));
}

/** The flow executions of an Altan document, or undefined when it is not one. */
export function altanExecutions(doc: unknown): Json[] | undefined {
  let list: unknown[];
  if (Array.isArray(doc)) list = doc;
  // One execution whose own sub-executions may be a list: they are its iterations, not more runs.
  else if (isExecution(doc)) list = [doc];
  else if (isObject(doc) && Array.isArray(doc.executions)) list = doc.executions;
  else if (isObject(doc) && isObject(doc.executions) && Array.isArray(doc.executions.items)) list = doc.executions.items;
  else list = [doc];
  const executions = list.filter(isExecution);
  return executions.length > 0 && executions.length === list.length ? executions : undefined;
}

/** The fields whose sum is what an execution was billed. */
const CREDIT_KEYS = ['credits', 'llm_credits', 'api_credits'] as const;

/** The module a module execution names: `module_id`, or the id of its `module` (Altan's stored execution). */
function moduleIdOf(rec: Json): string | undefined {
  if (typeof rec.module_id === 'string') return rec.module_id;
  return isObject(rec.module) && typeof rec.module.id === 'string' ? rec.module.id : undefined;
}

/** Fields of a module execution itself, never of a map of them by execution id. */
const OWN_FIELDS = ['status', 'elapsed_time', 'payload_size', 'start_time', 'end_time', ...CREDIT_KEYS] as const;

/**
 * An entry of an execution's `modules` that is one module execution (Altan's stored execution, keyed by
 * module-execution id), not the map of a module's executions by id (the frontend's store).
 */
const isModuleExecution = (v: unknown): v is Json =>
  isObject(v) && (moduleIdOf(v) !== undefined || OWN_FIELDS.some((key) => key in v && (v[key] === null || typeof v[key] !== 'object')));

export function readAltanExecutions(executions: Json[], matcher: ModuleMatcher, issues: LogIssues, add: (row: ExecutionRow) => void): void {
  executions.forEach((execution, e) => {
    const details = isObject(execution.details) ? execution.details : {};
    const idValue = execution.id ?? details.id;
    const runId = typeof idValue === 'string' || typeof idValue === 'number' ? String(idValue) : `execution ${e + 1}`;
    const at = executions.length > 1 ? `[${e}].` : '';
    const runStart = readTime(execution.date_creation ?? details.date_creation);
    const record = (rec: unknown, moduleId: string, path: string, depth: number): void => {
      if (depth > MAX_DOCUMENT_DEPTH) {
        issues.add({ kind: 'bad-row', path, message: `module executions nested deeper than ${MAX_DOCUMENT_DEPTH} levels; left out` });
        return;
      }
      if (!isObject(rec)) {
        issues.add({ kind: 'bad-row', path, message: 'a module execution is not an object' });
        return;
      }
      const own = moduleIdOf(rec) ?? moduleId;
      const children = values(rec.executions);
      children.forEach((child, c) => record(child, own, `${path}.executions[${c}]`, depth + 1));
      if (rec.status === 'start') {
        issues.add({ kind: 'bad-value', path, message: 'this module execution had not finished (status start)' });
        return;
      }
      // A number, or one written as decimal text (as the credits may be); absent or null is 0, as
      // Altan's frontend sums them (`?? 0`; a NaN it wrote is null by then); anything else leaves
      // the execution out. Read ×1,000 (ms, bytes): a value too large for that is left out too.
      const measure = (key: 'elapsed_time' | 'payload_size'): number | undefined => {
        const value = rec[key];
        if (value === undefined || value === null) return 0;
        const n = readNumberValue(value);
        if (n >= 0 && n * 1000 < Infinity) return n;
        const shown = JSON.stringify(value)?.slice(0, 40);
        issues.add({ kind: 'bad-number', path, message: n >= 0 ? `${key} ${shown} is too large to be read` : `${key} must be a number ≥ 0, got ${shown}` });
        return undefined;
      };
      const elapsed = measure('elapsed_time');
      if (elapsed === undefined) return;
      const payload = measure('payload_size');
      if (payload === undefined) return;
      const module = matcher.match(own);
      if (module < 0) {
        issues.unknownModule(own, { path }, module === -2);
        return;
      }
      // What was billed: null or absent is none; a number ≥ 0, or one written as decimal text, counts;
      // anything else leaves the execution out with a message (counted as 0 it would lower the bill).
      let billed = 0;
      const hasCredits = CREDIT_KEYS.some((key) => rec[key] !== undefined);
      for (const key of CREDIT_KEYS) {
        const value = rec[key];
        if (value === undefined || value === null) continue;
        const n = readNumberValue(value);
        if (!(n >= 0)) {
          issues.add({ kind: 'bad-number', path, message: `${key} must be a number ≥ 0, got ${JSON.stringify(value)?.slice(0, 40)}` });
          return;
        }
        billed += n;
      }
      const started = readTime(rec.start_time ?? rec.timestamp);
      add({
        run: runId,
        module,
        durationMs: elapsed * 1000,
        // Kilobytes, as Altan shows them; 1 KB = 1,000 bytes (execution-logs.md §1).
        payloadBytes: payload * 1000,
        failed: rec.status === 'error' || rec.status === 'failed' || (rec.error !== undefined && rec.error !== null),
        attempts: 1,
        pages: NaN,
        items: NaN,
        credits: hasCredits ? billed : NaN,
        startedAt: Number.isNaN(started) ? runStart : started,
      });
    };
    const read = (ex: Json, at: string, depth: number): void => {
      if (depth > MAX_DOCUMENT_DEPTH) {
        issues.add({ kind: 'bad-row', path: at.replace(/\.$/, ''), message: `sub-executions nested deeper than ${MAX_DOCUMENT_DEPTH} levels; left out` });
        return;
      }
      if (isObject(ex.modules)) {
        for (const [key, execs] of Object.entries(ex.modules)) {
          const path = `${at}modules[${JSON.stringify(key)}]`;
          // Keyed by module-execution id: the entry is the one execution, and names its module.
          if (isModuleExecution(execs)) {
            record(execs, key, path, depth);
            continue;
          }
          if (!Array.isArray(execs) && !isObject(execs)) {
            // A module's executions are a map by execution id (or a list); anything else holds none to count.
            issues.add({ kind: 'bad-row', path, message: `module '${key}': its executions must be a map by execution id or a list, got ${describeValue(execs)}; it was left out` });
            continue;
          }
          values(execs).forEach((rec, i) => record(rec, key, `${path}[${i}]`, depth));
        }
      } else {
        values(ex.module_executions).forEach((rec, i) => record(rec, '', `${at}module_executions[${i}]`, depth));
      }
      // The execution's own sub-executions (its iterations), as Altan stores them: rows of the same run.
      const subs = isObject(ex.executions) ? Object.entries(ex.executions) : Array.isArray(ex.executions) ? ex.executions.map((v, i) => [String(i), v] as const) : [];
      for (const [key, sub] of subs) {
        const path = `${at}executions[${JSON.stringify(key)}]`;
        if (isExecution(sub)) read(sub, `${path}.`, depth + 1);
        else issues.add({ kind: 'bad-row', path, message: `a sub-execution must hold its module executions (modules), got ${describeValue(sub)}; it was left out` });
      }
    };
    read(execution, at, 0);
  });
}
