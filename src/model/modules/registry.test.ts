import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODULE_TYPES } from '../types';
import { MODULE_KINDS, assumptionOf, isModuleType } from './registry';
import { kindOf } from './kindOf';

describe('module kinds', () => {
  it('has one kind per module type of the file format', () => {
    expect(Object.keys(MODULE_KINDS).sort()).toEqual([...MODULE_TYPES].sort());
    for (const type of MODULE_TYPES) expect(kindOf(type).type).toBe(type);
  });

  it('gives every kind a default for every assumption, all finite and ≥ 0', () => {
    for (const kind of Object.values(MODULE_KINDS)) {
      for (const value of Object.values(kind.defaults)) {
        expect(Number.isFinite(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('lets only octopus merge, only routers branch and nothing enter a trigger', () => {
    for (const kind of Object.values(MODULE_KINDS)) {
      expect(kind.maxIncoming).toBe(kind.type === 'octopus' ? Infinity : kind.type === 'trigger' ? 0 : 1);
      expect(kind.maxOutgoing).toBe(kind.type === 'router' ? Infinity : 1);
    }
  });

  it('takes a module’s own assumption over its kind’s default', () => {
    const module = { id: 'a', type: 'search' as const, name: 'S', position: { x: 0, y: 0 }, assumptions: { durationSec: 3 } };
    expect(assumptionOf(module, 'durationSec')).toBe(3);
    expect(assumptionOf(module, 'payloadKB')).toBe(MODULE_KINDS.search.defaults.payloadKB);
  });

  it('knows the module types and nothing else', () => {
    expect(isModuleType('ai_agent')).toBe(true);
    expect(isModuleType('aiAgent')).toBe(false);
    expect(isModuleType('__proto__')).toBe(false);
  });

  it('documents each kind’s defaults in docs/cost-model.md, matching the code', () => {
    const doc = readFileSync(new URL('../../../docs/cost-model.md', import.meta.url), 'utf8');
    for (const kind of Object.values(MODULE_KINDS)) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${kind.type}\` `));
      expect(row, `docs row for ${kind.type}`).toBeDefined();
      const cells = row!.split('|').map((c) => c.trim());
      const timed = kind.assumptions.includes('durationSec');
      expect(cells[3]).toBe(timed ? String(kind.defaults.durationSec) : '— (time-exempt)');
      expect(cells[4]).toBe(String(kind.defaults.payloadKB));
      expect(cells[5]).toBe(String(kind.defaults.retries));
      expect(cells[6]).toBe(String(kind.defaults.extraCredits));
      expect(cells[7]).toBe(kind.assumptions.includes('iterations') ? String(kind.defaults.iterations) : '—');
    }
  });
});
