/**
 * Import benchmark for the foreign formats (issue 14): parse + detect + map + repair +
 * validate (no layout) of a generated n8n workflow of a given size, the text the user drops.
 * Run by `npm run bench` through bench/importFormats.bench.ts.
 */
import { importText } from '../src/io/import';
import { validateFlow } from '../src/model/validate';
import { measure, type Timing } from './registry';

/**
 * An n8n workflow of about `nodes` nodes, repeating a block that exercises the importer:
 * an HTTP call with an error output, an IF with both branches merged again, a Split Out loop
 * closed by an Aggregate, a Filter, a fan-out to two nodes, an agent with a chat model, and a
 * sticky note.
 */
export function generateN8nWorkflow(nodes: number): { name: string; nodes: object[]; connections: Record<string, object> } {
  const list: object[] = [];
  const connections: Record<string, { main?: object[][]; ai_languageModel?: object[][] }> = {};
  const add = (name: string, type: string, x: number, y: number, extra: object = {}) => list.push({ id: name, name, type: `n8n-nodes-base.${type}`, typeVersion: 2, position: [x, y], parameters: {}, ...extra });
  const link = (from: string, to: string, output = 0, kind: 'main' | 'ai_languageModel' = 'main') => {
    const outs = ((connections[from] ??= {})[kind] ??= []);
    while (outs.length <= output) outs.push([]);
    (outs[output] as object[]).push({ node: to, type: kind, index: 0 });
  };
  add('Start', 'manualTrigger', 0, 0);
  let prev = 'Start';
  let block = 0;
  while (list.length + 13 <= nodes) {
    const b = `b${block}`;
    const x = (block + 1) * 2000;
    add(`${b} fetch`, 'httpRequest', x, 0, { onError: 'continueErrorOutput' });
    add(`${b} log`, 'code', x, 300);
    add(`${b} if`, 'if', x + 200, 0, {
      parameters: { conditions: { combinator: 'and', conditions: [{ leftValue: '={{ $json.n }}', rightValue: 1, operator: { type: 'number', operation: 'gt' } }] } },
    });
    add(`${b} yes`, 'set', x + 400, -100);
    add(`${b} no`, 'set', x + 400, 100);
    add(`${b} merge`, 'merge', x + 600, 0);
    add(`${b} each`, 'splitOut', x + 800, 0);
    add(`${b} filter`, 'filter', x + 1000, 0, {
      parameters: { conditions: { combinator: 'and', conditions: [{ leftValue: '={{ $json.ok }}', rightValue: true, operator: { type: 'boolean', operation: 'true' } }] } },
    });
    add(`${b} agent`, 'agent', x + 1200, 0, { type: '@n8n/n8n-nodes-langchain.agent' });
    add(`${b} model`, 'lmChatOpenAi', x + 1200, 200, { type: '@n8n/n8n-nodes-langchain.lmChatOpenAi' });
    add(`${b} all`, 'aggregate', x + 1400, 0);
    add(`${b} slack`, 'slack', x + 1600, -100);
    add(`${b} note`, 'stickyNote', x, -300);
    link(prev, `${b} fetch`);
    link(`${b} fetch`, `${b} if`);
    link(`${b} fetch`, `${b} log`, 1);
    link(`${b} if`, `${b} yes`, 0);
    link(`${b} if`, `${b} no`, 1);
    link(`${b} yes`, `${b} merge`);
    link(`${b} no`, `${b} merge`);
    link(`${b} merge`, `${b} each`);
    link(`${b} each`, `${b} filter`);
    link(`${b} filter`, `${b} agent`);
    link(`${b} model`, `${b} agent`, 0, 'ai_languageModel');
    link(`${b} agent`, `${b} all`);
    link(`${b} all`, `${b} slack`);
    link(`${b} all`, `${b} log`); // a second edge out of the aggregate: fan-out, and fan-in at log
    prev = `${b} slack`;
    block++;
  }
  while (list.length < nodes) {
    const name = `tail ${list.length}`;
    add(name, 'set', (block + 1) * 2000 + list.length * 200, 0);
    link(prev, name);
    prev = name;
  }
  return { name: `Generated ${nodes}-node workflow`, nodes: list, connections };
}

export interface ForeignImportTiming extends Timing {
  nodes: number;
  modules: number;
  bytes: number;
}

/** Median (p90, min) ms of importText + validateFlow on a generated n8n workflow. */
export function measureForeignImport(options: { nodes?: number; runs?: number; warmup?: number } = {}): ForeignImportTiming {
  const { nodes = 1000, runs = 15, warmup = 3 } = options;
  const text = JSON.stringify(generateN8nWorkflow(nodes));
  const check = importText(text);
  if (!check.ok) throw new Error(`generated workflow does not import: ${check.errors[0]?.message ?? ''}`);
  const timing = measure(
    () => {
      const result = importText(text);
      if (!result.ok) throw new Error('import failed');
      return validateFlow(result.flow);
    },
    { runs, warmup },
  );
  return { nodes, modules: check.flow.modules.length, bytes: new TextEncoder().encode(text).length, ...timing };
}
