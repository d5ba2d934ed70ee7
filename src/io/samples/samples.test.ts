import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SAMPLE_ID, SAMPLE_FLOWS, defaultSampleFlow } from './index';
import { sampleById } from './sampleById';
import { parseFlow } from '../parse';
import { serializeFlow } from '../serialize';
import { CURRENT_VERSION } from '../migrations';
import { validateFlow } from '../../model/validate';
import { isRange, type Flow } from '../../model/types';

const fileText = (id: string): string => readFileSync(fileURLToPath(new URL(`./${id}.json`, import.meta.url)), 'utf8');

describe('sample flows', () => {
  it('there are at least three, with distinct ids, and the default is one of them', () => {
    expect(SAMPLE_FLOWS.length).toBeGreaterThanOrEqual(3);
    expect(new Set(SAMPLE_FLOWS.map((s) => s.id)).size).toBe(SAMPLE_FLOWS.length);
    expect(sampleById(DEFAULT_SAMPLE_ID)).toBeDefined();
  });

  describe.each(SAMPLE_FLOWS.map((s) => [s.id, s] as const))('%s', (id, sample) => {
    const text = fileText(id);
    let flow: Flow;
    beforeAll(async () => {
      flow = await sample.load();
    });

    it('is a current-version file that parses without warnings to the flow the app loads, the same object each time', async () => {
      const result = parseFlow(text);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.version).toBe(CURRENT_VERSION);
      expect(result.migratedFrom).toBeUndefined();
      expect(result.warnings).toBeUndefined();
      expect(result.value).toEqual(flow);
      expect(sample.name).toBe(flow.name);
      expect(await sample.load()).toBe(flow);
      if (id === DEFAULT_SAMPLE_ID) expect(defaultSampleFlow()).toEqual(flow);
    });

    it('has no validation problems at all', () => {
      expect(validateFlow(flow)).toEqual([]);
    });

    it('round-trips byte for byte', () => {
      expect(serializeFlow(flow)).toBe(text);
    });

    it('is laid out top-down: every edge points down, no two modules share a place', () => {
      const at = new Map(flow.modules.map((m) => [m.id, m.position]));
      for (const e of flow.edges) expect(at.get(e.target)!.y).toBeGreaterThan(at.get(e.source)!.y);
      const places = flow.modules.map((m) => `${m.position.x},${m.position.y}`);
      expect(new Set(places).size).toBe(places.length);
    });

    it('uses version 2: some ranges and a scenario', () => {
      const ranges = flow.modules.flatMap((m) => Object.values(m.assumptions ?? {})).filter(isRange);
      expect(ranges.length + (isRange(flow.settings.runsPerMonth) ? 1 : 0)).toBeGreaterThan(0);
      expect(flow.scenarios?.length).toBeGreaterThan(0);
    });
  });

  it('cover what each is described to show', async () => {
    const flows = new Map(await Promise.all(SAMPLE_FLOWS.map(async (s) => [s.id, await s.load()] as const)));
    const types = (id: string) => new Set(flows.get(id)!.modules.map((m) => m.type));
    expect([...types('lead-enrichment')]).toEqual(
      expect.arrayContaining(['trigger', 'router', 'iterator', 'search', 'ai_agent', 'aggregator', 'action', 'response']),
    );
    expect([...types('support-ticket-triage')]).toEqual(expect.arrayContaining(['ai_agent', 'router', 'code', 'action', 'octopus', 'response']));
    expect([...types('nightly-sync')]).toEqual(expect.arrayContaining(['trigger', 'iterator', 'aggregator', 'search', 'code', 'variables']));
    const lead = flows.get('lead-enrichment')!;
    expect(lead.modules.find((m) => m.type === 'router')).toMatchObject({ config: { mode: 'exclusive' } });
    expect(lead.edges.some((e) => e.route?.fallback)).toBe(true);
    expect(lead.edges.some((e) => e.filter?.mode === 'break')).toBe(true);
    const nightly = flows.get('nightly-sync')!;
    expect(nightly.modules.filter((m) => m.type === 'iterator')).toHaveLength(2);
    expect(nightly.edges.some((e) => e.filter?.mode === 'skip')).toBe(true);
    const support = flows.get('support-ticket-triage')!;
    expect(support.modules.find((m) => m.type === 'router')).toMatchObject({ config: { mode: 'standard' } });
    expect(support.modules.some((m) => m.type === 'ai_agent' && m.assumptions?.retries !== undefined && m.assumptions.extraCredits !== undefined)).toBe(true);
  });
});
