/**
 * n8n execution data as rows (execution-logs.md §2): `data.resultData.runData` holds, per node
 * name, one entry per node run with `executionTime` (ms), `executionStatus` and the output items
 * under `data.main[output][]`. A node run that outputs k items counts as max(1, k) executions,
 * each with executionTime / max(1, k) ms and the JSON size of its items ÷ max(1, k) bytes; except
 * that a run of a node matched to an iterator with one output (Split Out) is one execution that
 * emitted k items (its `items`): counted as k executions, every Split Out was "not explained".
 * The items on the last output of a node whose module has an error edge (n8n's "continue with
 * error output") are failed executions: n8n routes the items that failed there, and the run itself
 * succeeds.
 * Accepted: one execution (as n8n's API or export gives it), an array of them, or `{ data: [...] }`
 * (the API's list). Each execution is one run; node names are matched to the flow's modules by
 * name (or through `aliases`, e.g. the n8n import report: node name → module id).
 */
import type { ExecutionRow, ModuleMatcher } from '../../model/executionLog';
import type { LogIssues } from './issues';
import { describeValue } from '../fieldChecks';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The runData of an execution object, if it has one. */
function runDataOf(execution: unknown): Json | undefined {
  if (!isObject(execution)) return undefined;
  const data = isObject(execution.data) ? execution.data : execution;
  const result = isObject(data.resultData) ? data.resultData : undefined;
  return result && isObject(result.runData) ? result.runData : undefined;
}

/** The executions of an n8n document, or undefined when it is not n8n execution data. */
export function n8nExecutions(doc: unknown): unknown[] | undefined {
  const list = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.data) ? doc.data : [doc];
  if (list.length === 0 || !list.some((e) => runDataOf(e) !== undefined)) return undefined;
  return list;
}

/**
 * An n8n execution (alone, in a list, or in its REST API's `{ "data": [ … ] }`) whose `data` is text: n8n stores execution data serialized ("flatted") in its
 * database and its internal REST API hands it out so; only the public API gives it as JSON.
 */
export function n8nStoredAsText(doc: unknown): boolean {
  const first: unknown = Array.isArray(doc) ? doc[0] : isObject(doc) && Array.isArray(doc.data) ? doc.data[0] : doc;
  if (!isObject(first)) return false;
  const execution = isObject(first.data) ? first.data : first;
  return typeof execution.data === 'string' && ('finished' in execution || 'workflowId' in execution || 'mode' in execution || 'status' in execution);
}

const encoder = new TextEncoder();
/** Bytes of a value written as JSON (UTF-8). */
function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : encoder.encode(text).length;
}

export function readN8nExecutions(executions: unknown[], matcher: ModuleMatcher, issues: LogIssues, add: (row: ExecutionRow) => void): void {
  executions.forEach((execution, e) => {
    const runData = runDataOf(execution);
    const at = Array.isArray(executions) && executions.length > 1 ? `[${e}].` : '';
    if (!runData) {
      issues.add({ kind: 'bad-row', path: `${at}data.resultData.runData`, message: 'this execution has no runData' });
      return;
    }
    const runId = isObject(execution) && (typeof execution.id === 'string' || typeof execution.id === 'number') ? String(execution.id) : `execution ${e + 1}`;
    for (const [node, runs] of Object.entries(runData)) {
      if (!Array.isArray(runs)) {
        // n8n writes a list of runs per node; anything else holds no run this reader can count.
        issues.add({ kind: 'bad-row', path: `${at}runData[${JSON.stringify(node)}]`, message: `node '${node}': runData must hold the list of its runs, got ${describeValue(runs)}; it was left out` });
        continue;
      }
      runs.forEach((nodeRun: unknown, r) => {
        const path = `${at}runData[${JSON.stringify(node)}][${r}]`;
        if (!isObject(nodeRun)) {
          issues.add({ kind: 'bad-row', path, message: 'a node run is not an object' });
          return;
        }
        const time = nodeRun.executionTime;
        if (typeof time !== 'number' || !(time >= 0)) {
          issues.add({ kind: 'bad-number', path, message: `executionTime must be a number of ms ≥ 0, got ${JSON.stringify(time)}` });
          return;
        }
        const module = matcher.match(node);
        if (module < 0) {
          issues.unknownModule(node, { path }, module === -2);
          return;
        }
        const outputs = isObject(nodeRun.data) && Array.isArray(nodeRun.data.main) ? nodeRun.data.main : [];
        let items = 0;
        let bytes = 0;
        for (const output of outputs) {
          if (!Array.isArray(output)) continue;
          items += output.length;
          for (const item of output) bytes += jsonBytes(isObject(item) && 'json' in item ? item.json : item);
        }
        // A node set to "continue with error output" that fails on some items sends them to its last
        // output and its run still succeeds: those items are failed executions (the error edge's share).
        const last: unknown = outputs.length >= 2 ? outputs[outputs.length - 1] : undefined;
        const failedItems = matcher.hasErrorEdge(module) && Array.isArray(last) ? last.length : 0;
        const failed = nodeRun.executionStatus === 'error' || nodeRun.error !== undefined;
        const startedAt = typeof nodeRun.startTime === 'number' ? nodeRun.startTime : NaN;
        if (outputs.length <= 1 && matcher.isIterator(module)) {
          // An iterator with one output (Split Out): its k items are its iterations, not k executions of it.
          add({ run: runId, module, durationMs: time, payloadBytes: bytes, failed, attempts: 1, pages: NaN, items, credits: NaN, startedAt });
          return;
        }
        const k = Math.max(1, items);
        for (let i = 0; i < k; i++)
          add({ run: runId, module, durationMs: time / k, payloadBytes: bytes / k, failed: failed || i >= k - failedItems, attempts: 1, pages: NaN, items: NaN, credits: NaN, startedAt });
      });
    }
  });
}
