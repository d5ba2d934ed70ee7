import { describe, expect, it } from 'vitest';
import {
  ASSUMPTION_RULES,
  cutText,
  FIELD_RULES,
  isTooLong,
  keepsRule,
  textLength,
  uniqueText,
} from './fieldRules';
import { MODULE_KINDS } from './modules/registry';
import { ASSUMPTION_KEYS, MODULE_TYPES } from './types';

describe('the table of field rules', () => {
  it('holds each kind’s default assumptions', () => {
    for (const type of MODULE_TYPES)
      for (const key of ASSUMPTION_KEYS) expect(keepsRule(MODULE_KINDS[type].defaults[key], ASSUMPTION_RULES[key])).toBe(true);
  });

  it('says why each number has its bounds', () => {
    for (const rule of [...Object.values(ASSUMPTION_RULES), ...Object.values(FIELD_RULES)]) {
      expect(rule.why.length).toBeGreaterThan(10);
      expect(rule.min).toBeLessThan(rule.max);
    }
  });
});

describe('texts are counted as a person counts characters', () => {
  it('counts an emoji once, and a lone half of one once', () => {
    expect(textLength('abc')).toBe(3);
    expect(textLength('😀😀')).toBe(2);
    expect(textLength('a😀b')).toBe(3);
    expect(textLength('\ud83d')).toBe(1);
    expect(isTooLong('😀'.repeat(200), 200)).toBe(false);
    expect(isTooLong('😀'.repeat(201), 200)).toBe(true);
    expect(isTooLong('x'.repeat(401), 200)).toBe(true);
  });

  it('cuts without splitting an emoji, and makes unique names within the limit', () => {
    expect(cutText('😀'.repeat(5), 3)).toBe('😀😀😀');
    expect(cutText('short', 10)).toBe('short');
    expect(uniqueText('Action', ['Action', 'Action 2'])).toBe('Action 3');
    expect(uniqueText('x'.repeat(10), ['x'.repeat(10)], 10)).toBe(`${'x'.repeat(8)} 2`);
    expect(uniqueText('😀'.repeat(10), ['😀'.repeat(10)], 10)).toBe(`${'😀'.repeat(8)} 2`);
  });
});
