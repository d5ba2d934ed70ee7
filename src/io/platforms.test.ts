import { describe, expect, it } from 'vitest';
import { parseFlow, type ParseResult } from './parse';
import { serializeFlow } from './serialize';
import { exampleFile } from './testing/exampleFlow';

/** The example file at version 2 with a platform table in its settings. */
function fileWith(platforms: unknown, version = 2): string {
  const file = exampleFile();
  file.version = version;
  (file.settings as Record<string, unknown>).platforms = platforms;
  return JSON.stringify(file);
}

const messages = (result: ParseResult) => (result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`));

describe('settings.platforms in the flow file', () => {
  const table = {
    make: { unitsPerKind: { code: 3 }, plans: [{ name: 'Core', monthlyUnits: 20_000, monthlyPrice: 18 }], date: '2026-01', source: 'price page', note: 'kept' },
    n8n: { unitsPerRun: 1 },
    altan: { date: '2026-02' },
  };

  it('is read in version 2, and written back the same with unknown fields kept', () => {
    const result = parseFlow(fileWith(table));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.settings.platforms).toEqual(table);
    const again = parseFlow(serializeFlow(result.value));
    expect(again.ok && again.value.settings.platforms).toEqual(table);
  });

  it('refuses a number out of its rule or a plan without its price, naming the field', () => {
    const result = parseFlow(fileWith({ make: { unitsPerKind: { action: -1 }, plans: [{ name: 'Core', monthlyUnits: 10 }] } }));
    const errors = messages(result);
    expect(errors.some((m) => m.includes('platforms') && m.includes('action') && m.includes('-1'))).toBe(true);
    expect(errors.some((m) => m.includes('plans') && m.includes('monthlyPrice') && m.includes('missing'))).toBe(true);
  });

  it('a version 1 file that carries one is read once migrated to version 2, with the same checks', () => {
    const good = parseFlow(fileWith({ n8n: { unitsPerRun: 2 } }, 1));
    expect(good.ok && good.value.settings.platforms).toEqual({ n8n: { unitsPerRun: 2 } });
    expect(messages(parseFlow(fileWith({ n8n: { unitsPerRun: 'x' } }, 1)))).toHaveLength(1);
  });
});
