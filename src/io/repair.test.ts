import { describe, expect, it } from 'vitest';
import { repairFlowText } from './repair';
import { parseFlow } from './parse';
import { serializeFlow } from './serialize';
import { defaultSampleFlow } from './samples/index';

function sampleFile(): Record<string, unknown> & { modules: Record<string, unknown>[]; edges: Record<string, unknown>[] } {
  return JSON.parse(serializeFlow(defaultSampleFlow()));
}

describe('repairFlowText (issue 18 item 6: keep what parses)', () => {
  it('keeps a flow that reads as it is, dropping nothing', () => {
    const text = serializeFlow(defaultSampleFlow());
    const repaired = repairFlowText(text);
    expect(repaired).toEqual({ ok: true, flow: defaultSampleFlow(), dropped: [] });
  });

  it('drops a module the schema refuses, and then the connections to it, and says which', () => {
    const file = sampleFile();
    expect(parseFlow(JSON.stringify(file)).ok).toBe(true);
    const broken = file.modules[1]!;
    broken.type = 'webscraper';
    const touching = file.edges.filter((e) => e.source === broken.id || e.target === broken.id).length;
    expect(touching).toBeGreaterThan(0);
    expect(parseFlow(JSON.stringify(file)).ok).toBe(false);

    const repaired = repairFlowText(JSON.stringify(file));
    if (!repaired.ok) throw new Error(repaired.reason);
    expect(repaired.flow.modules.map((m) => m.id)).toEqual(file.modules.filter((m) => m !== broken).map((m) => m.id));
    expect(repaired.flow.edges).toHaveLength(file.edges.length - touching);
    expect(repaired.dropped[0]).toMatch(new RegExp(`^module '${String(broken.id)}': .*webscraper`));
    expect(repaired.dropped).toHaveLength(1 + touching);
  });

  it('cuts a flow name over the limit and drops a setting the reader refuses, keeping every module (failed before: nothing repaired)', () => {
    const file = sampleFile();
    const settings = file.settings as Record<string, unknown>;
    file.name = `${'📈'.repeat(199)}${'x'.repeat(100)}`;
    settings.runsPerMonth = -5;
    settings.rateCard = { time: { referenceSec: 0 } };
    expect(parseFlow(JSON.stringify(file)).ok).toBe(false);
    const repaired = repairFlowText(JSON.stringify(file));
    if (!repaired.ok) throw new Error(repaired.reason);
    expect(repaired.flow.name).toBe(`${'📈'.repeat(199)}x`);
    expect(repaired.flow.settings.runsPerMonth).toBeUndefined();
    expect(repaired.flow.settings.rateCard).toBeUndefined();
    expect(repaired.flow.settings.budget).toEqual(defaultSampleFlow().settings.budget);
    expect(repaired.flow.modules).toEqual(defaultSampleFlow().modules);
    expect(repaired.dropped).toEqual([
      expect.stringMatching(/^the flow name, cut to 200 characters: name is 299 characters long/),
      expect.stringMatching(/^the setting 'runsPerMonth': settings\.runsPerMonth must be a number ≥ 0, got -5/),
      expect.stringMatching(/^the setting 'rateCard': settings\.rateCard\.time\.referenceSec must be/),
    ]);
  });

  it('drops a scenario the schema refuses and keeps the rest', () => {
    const file = sampleFile();
    file.scenarios = [{ id: 's1', name: 'x'.repeat(500), overrides: {} }];
    const repaired = repairFlowText(JSON.stringify(file));
    if (!repaired.ok) throw new Error(repaired.reason);
    expect(repaired.flow.modules).toHaveLength(file.modules.length);
    expect(repaired.flow.scenarios ?? []).toHaveLength(0);
    expect(repaired.dropped).toHaveLength(1);
    expect(repaired.dropped[0]).toMatch(/^scenario /);
  });

  it('says so when the JSON itself is broken, or the file as a whole is wrong', () => {
    expect(repairFlowText('{"format":"creditflow","modules":[')).toEqual({
      ok: false,
      reason: 'its JSON is broken, so nothing in it can be read',
    });
    const newer = repairFlowText(JSON.stringify({ ...sampleFile(), version: 99 }));
    expect(newer.ok).toBe(false);
  });
});
