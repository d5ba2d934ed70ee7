import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SAMPLE_ID, SAMPLE_FLOWS, sampleById } from './index';
import { parseFlow } from '../parse';
import { serializeFlow } from '../serialize';
import { CURRENT_VERSION } from '../migrations';
import { validateFlow } from '../../model/validate';
import { isRange } from '../../model/types';

const fileText = (id: string): string => readFileSync(fileURLToPath(new URL(`./${id}.json`, import.meta.url)), 'utf8');

describe('sample flows', () => {
  it('there are at least three, with distinct ids, and the default is one of them', () => {
    expect(SAMPLE_FLOWS.length).toBeGreaterThanOrEqual(3);
    expect(new Set(SAMPLE_FLOWS.map((s) => s.id)).size).toBe(SAMPLE_FLOWS.length);
    expect(sampleById(DEFAULT_SAMPLE_ID)).toBeDefined();
  });

  describe.each(SAMPLE_FLOWS.map((s) => [s.id, s] as const))('%s', (id, sample) => {
    const text = fileText(id);

    it('is a current-version file that parses without warnings to the flow the app loads', () => {
      const result = parseFlow(text);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.version).toBe(CURRENT_VERSION);
      expect(result.migratedFrom).toBeUndefined();
      expect(result.warnings).toBeUndefined();
      expect(result.value).toEqual(sample.flow);
      expect(sample.name).toBe(sample.flow.name);
    });

    it('has no validation problems at all', () => {
      expect(validateFlow(sample.flow)).toEqual([]);
    });

    it('round-trips byte for byte', () => {
      expect(serializeFlow(sample.flow)).toBe(text);
    });

    it('is laid out top-down: every edge points down, no two modules share a place', () => {
      const at = new Map(sample.flow.modules.map((m) => [m.id, m.position]));
      for (const e of sample.flow.edges) expect(at.get(e.target)!.y).toBeGreaterThan(at.get(e.source)!.y);
      const places = sample.flow.modules.map((m) => `${m.position.x},${m.position.y}`);
      expect(new Set(places).size).toBe(places.length);
    });

    it('uses version 2: some ranges and a scenario', () => {
      const ranges = sample.flow.modules.flatMap((m) => Object.values(m.assumptions ?? {})).filter(isRange);
      expect(ranges.length + (isRange(sample.flow.settings.runsPerMonth) ? 1 : 0)).toBeGreaterThan(0);
      expect(sample.flow.scenarios?.length).toBeGreaterThan(0);
    });
  });

  it('cover what each is described to show', () => {
    const types = (id: string) => new Set(sampleById(id)!.flow.modules.map((m) => m.type));
    expect([...types('lead-enrichment')]).toEqual(
      expect.arrayContaining(['trigger', 'router', 'iterator', 'search', 'ai_agent', 'aggregator', 'action', 'response']),
    );
    expect([...types('support-ticket-triage')]).toEqual(expect.arrayContaining(['ai_agent', 'router', 'code', 'action', 'octopus', 'response']));
    expect([...types('nightly-sync')]).toEqual(expect.arrayContaining(['trigger', 'iterator', 'aggregator', 'search', 'code', 'variables']));
    const lead = sampleById('lead-enrichment')!.flow;
    expect(lead.modules.find((m) => m.type === 'router')).toMatchObject({ config: { mode: 'exclusive' } });
    expect(lead.edges.some((e) => e.route?.fallback)).toBe(true);
    expect(lead.edges.some((e) => e.filter?.mode === 'break')).toBe(true);
    const nightly = sampleById('nightly-sync')!.flow;
    expect(nightly.modules.filter((m) => m.type === 'iterator')).toHaveLength(2);
    expect(nightly.edges.some((e) => e.filter?.mode === 'skip')).toBe(true);
    const support = sampleById('support-ticket-triage')!.flow;
    expect(support.modules.find((m) => m.type === 'router')).toMatchObject({ config: { mode: 'standard' } });
    expect(support.modules.some((m) => m.type === 'ai_agent' && m.assumptions?.retries !== undefined && m.assumptions.extraCredits !== undefined)).toBe(true);
  });
});
