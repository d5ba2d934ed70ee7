import { describe, expect, it } from 'vitest';
import { MAX_CONDITION_DEPTH, MAX_CONDITION_JSON_DEPTH } from './limits';
import { conditionDepth } from '../model/conditions';
import { nestingDepth } from './schema';

/** A rule inside groups, `levels` levels in all; its value a list or a single value. */
function deepest(levels: number, list: boolean): unknown {
  let c: unknown = { '{{[m1].a}}': { _in: list ? ['x'] : 'x' } };
  for (let i = 1; i < levels; i++) c = { '@and': [c] };
  return c;
}

function emptyGroups(levels: number): unknown {
  let c: unknown = { '@or': [] };
  for (let i = 1; i < levels; i++) c = { '@and': [c] };
  return c;
}

describe('the JSON depth the file reader allows for conditions (issue 18 item 3)', () => {
  it('is exactly that of the deepest conditions the editor can make', () => {
    expect(conditionDepth(deepest(MAX_CONDITION_DEPTH, true))).toBe(MAX_CONDITION_DEPTH);
    expect(nestingDepth(deepest(MAX_CONDITION_DEPTH, true), 1000)).toBe(MAX_CONDITION_JSON_DEPTH);
    expect(nestingDepth(emptyGroups(MAX_CONDITION_DEPTH), 1000)).toBeLessThanOrEqual(MAX_CONDITION_JSON_DEPTH);
  });

  it('and one level more, of either shape, is past it', () => {
    expect(nestingDepth(deepest(MAX_CONDITION_DEPTH + 1, false), 1000)).toBeGreaterThan(MAX_CONDITION_JSON_DEPTH);
    expect(nestingDepth(emptyGroups(MAX_CONDITION_DEPTH + 1), 1000)).toBeGreaterThan(MAX_CONDITION_JSON_DEPTH);
  });
});
