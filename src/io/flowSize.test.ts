import { describe, expect, it } from 'vitest';
import { parseFlow } from './parse';
import { importFlow } from './import';
import { flowTooLarge, MAX_EDGES, MAX_MODULES } from './limits';
import type { Flow } from '../model/types';
import { chainFlow } from '../../bench/largeFiles';

/** A chain of `modules` modules, with `extraEdges` more edges from the trigger. */
function chain(modules: number, extraEdges = 0): Flow {
  const flow = chainFlow(modules);
  for (let i = 0; i < extraEdges; i++) flow.edges.push({ id: `x${i}`, source: 'm1', target: `m${2 + (i % (modules - 1))}` });
  return flow;
}

describe('the module and edge limits of a flow (issue 18 item 9)', () => {
  it('the limits themselves are within, one more is past them', () => {
    expect(flowTooLarge(MAX_MODULES, MAX_EDGES)).toBeNull();
    expect(flowTooLarge(MAX_MODULES + 1, 0)?.message).toBe(
      `The flow has ${(MAX_MODULES + 1).toLocaleString('en-US')} modules; the limit is ${MAX_MODULES.toLocaleString('en-US')} modules in one flow. Split it into smaller flows.`,
    );
    expect(flowTooLarge(2, MAX_EDGES + 1)?.path).toBe('edges');
  });

  it('a file with one module too many is refused at once, located at "modules", with its count and the limit', () => {
    const text = JSON.stringify(chain(MAX_MODULES + 1), null, 2);
    const parsed = parseFlow(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([
      {
        path: 'modules',
        line: expect.any(Number),
        column: expect.any(Number),
        message: `The flow has 20,001 modules; the limit is 20,000 modules in one flow. Split it into smaller flows. It was not opened.`,
      },
    ]);
    expect(text.split('\n')[parsed.errors[0]!.line! - 1]).toContain('"modules"');
  });

  it('so is a file with one connection too many', () => {
    const parsed = parseFlow(JSON.stringify(chain(10, MAX_EDGES + 1 - 9)));
    expect(parsed.ok ? null : parsed.errors[0]!.message).toBe(
      'The flow has 40,001 connections; the limit is 40,000 in one flow. Split it into smaller flows. It was not opened.',
    );
  });

  it('an n8n workflow that makes too large a flow is refused, not imported', () => {
    const nodes = Array.from({ length: MAX_MODULES + 1 }, (_, i) => ({ id: `n${i}`, name: `Node ${i}`, type: 'n8n-nodes-base.set', parameters: {}, position: [i, 0] }));
    const result = importFlow({ nodes, connections: {} });
    expect(result.ok ? null : result.errors[0]!.message).toMatch(/^The flow has 20,00\d modules; the limit is 20,000 modules in one flow\. .* It was not imported\.$/);
  });

});
