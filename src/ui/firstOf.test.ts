import { describe, expect, it } from 'vitest';
import { firstOf, LISTED_AT_MOST, moreLine } from './firstOf';

describe('long lists, cut to their first entries', () => {
  it('keep a list up to the cap whole, and cut a longer one, counting the rest', () => {
    const list = Array.from({ length: LISTED_AT_MOST }, (_, i) => i);
    expect(firstOf(list)).toEqual({ shown: list, more: 0 });
    const long = Array.from({ length: 50_001 }, (_, i) => i);
    const { shown, more } = firstOf(long);
    expect(shown).toEqual(long.slice(0, LISTED_AT_MOST));
    expect(more).toBe(50_001 - LISTED_AT_MOST);
    expect(shown.length + more).toBe(long.length);
  });

  it('say how many are left out, in digit groups', () => {
    expect(moreLine(49_701, 'problem', 'problems')).toBe('…and 49,701 more problems, not listed here.');
    expect(moreLine(1, 'row', 'rows')).toBe('…and 1 more row, not listed here.');
  });
});
