import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crossCheck, type CrossProblem } from './schema';

/** The cross-check written plainly: a map of where each id is first, one pass per section. */
function plainCrossCheck(raw: { modules: unknown[]; edges: unknown[]; scenarios: unknown[] }): CrossProblem[] {
  const problems: CrossProblem[] = [];
  const firsts = (items: unknown[], what: string, section: string) => {
    const first = new Map<string, number>();
    items.forEach((item, index) => {
      const id = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as { id?: unknown }).id : undefined;
      if (typeof id !== 'string' || id === '') return;
      if (!first.has(id)) first.set(id, index);
      else problems.push({ path: [section, index, 'id'], message: `is already used by ${section}[${first.get(id)}]; ${what} ids must be unique` });
    });
    return first;
  };
  const modules = firsts(raw.modules, 'module', 'modules');
  firsts(raw.edges, 'edge', 'edges');
  firsts(raw.scenarios, 'scenario', 'scenarios');
  raw.edges.forEach((edge, index) => {
    if (typeof edge !== 'object' || edge === null || Array.isArray(edge)) return;
    for (const end of ['source', 'target'] as const) {
      const id = (edge as Record<string, unknown>)[end];
      if (typeof id === 'string' && id !== '' && !modules.has(id)) problems.push({ path: ['edges', index, end], message: `is '${id}', which is not a module of this flow` });
    }
  });
  return problems;
}

describe('crossCheck', () => {
  it('names every repeated id at its place with where it is first, and every edge end that is no module, as a plain map would', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', '', 7, undefined);
    const item = fc.oneof(fc.record({ id }), fc.constant(null), fc.constant('x'));
    const edge = fc.oneof(fc.record({ id, source: id, target: id }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(item, { maxLength: 12 }), fc.array(edge, { maxLength: 12 }), fc.array(item, { maxLength: 5 }), (modules, edges, scenarios) => {
        const raw = { modules, edges, scenarios };
        expect(crossCheck(raw)).toEqual(plainCrossCheck(raw));
      }),
      { numRuns: 500 },
    );
  });
});
