import { describe, expect, it } from 'vitest';
import { parseFlow } from './parse';
import { importFlow } from './import';
import { flowTooLarge, MAX_EDGES, MAX_FILE_BYTES, MAX_MODULES } from './limits';
import type { Flow } from '../model/types';
import { generateFlow } from '../model/generate';
import { serializeFlow } from './serialize';
import { chainFlow } from '../../bench/largeFiles';

const count = (n: number) => n.toLocaleString('en-US');

/** A chain of `modules` modules, with `extraEdges` more edges from the trigger. */
function chain(modules: number, extraEdges = 0): Flow {
  const flow = chainFlow(modules);
  for (let i = 0; i < extraEdges; i++) flow.edges.push({ id: `x${i}`, source: 'm1', target: `m${2 + (i % (modules - 1))}` });
  return flow;
}

// Files at the limits are large (100,000 modules): slow on a busy machine.
describe('the module and edge limits of a flow (issue 18 item 9)', { timeout: 120_000 }, () => {
  it('the limits themselves are within, one more is past them', () => {
    expect(flowTooLarge(MAX_MODULES, MAX_EDGES)).toBeNull();
    expect(flowTooLarge(MAX_MODULES + 1, 0)?.message).toBe(
      `The flow has ${count(MAX_MODULES + 1)} modules; the limit is ${count(MAX_MODULES)} modules in one flow. Split it into smaller flows.`,
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
        message: `${flowTooLarge(MAX_MODULES + 1, 0)!.message} It was not opened.`,
      },
    ]);
    expect(text.split('\n')[parsed.errors[0]!.line! - 1]).toContain('"modules"');
  });

  it('a file of exactly the module limit is read (a chain of that many modules)', () => {
    const parsed = parseFlow(JSON.stringify(chain(MAX_MODULES)));
    expect(parsed.ok && parsed.value.modules.length).toBe(MAX_MODULES);
  });

  it("the size cap holds the app's own text of a generated flow at the module limit, so what it saves opens again", () => {
    const text = serializeFlow(generateFlow({ modules: MAX_MODULES, seed: 1 }));
    expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(MAX_FILE_BYTES);
    expect(parseFlow(text).ok).toBe(true);
  });

  it('so is a file with one connection too many', () => {
    const parsed = parseFlow(JSON.stringify(chain(10, MAX_EDGES + 1 - 9)));
    expect(parsed.ok ? null : parsed.errors[0]!.message).toBe(
      `The flow has ${count(MAX_EDGES + 1)} connections; the limit is ${count(MAX_EDGES)} in one flow. Split it into smaller flows. It was not opened.`,
    );
  });

  it('an n8n workflow that makes too large a flow is refused, not imported', () => {
    const nodes = Array.from({ length: MAX_MODULES + 1 }, (_, i) => ({ id: `n${i}`, name: `Node ${i}`, type: 'n8n-nodes-base.set', parameters: {}, position: [i, 0] }));
    const result = importFlow({ nodes, connections: {} });
    expect(result.ok ? null : result.errors[0]!.message).toMatch(
      new RegExp(`^The flow has [\\d,]+ modules; the limit is ${count(MAX_MODULES)} modules in one flow\\. .* It was not imported\\.$`),
    );
  });

});
