import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, MIGRATIONS, migrate, newerVersionMessage, type Migration } from './migrations';
import { exampleFile } from './testing/exampleFlow';
import { schemaFor } from './schema';

describe('migrations', () => {
  it('form one chain from version 1 to the current version, one step at a time', () => {
    let at = 1;
    for (const step of MIGRATIONS) {
      expect(step.from).toBe(at);
      expect(step.to).toBe(at + 1);
      at = step.to;
    }
    expect(at).toBe(CURRENT_VERSION);
  });

  it('every version has a schema', () => {
    for (let v = 1; v <= CURRENT_VERSION; v++) expect(schemaFor(v)).toBeDefined();
    expect(schemaFor(CURRENT_VERSION + 1)).toBeUndefined();
    expect(schemaFor(CURRENT_VERSION)).toBe(schemaFor(CURRENT_VERSION));
  });

  describe('1 → 2', () => {
    const step = MIGRATIONS.find((m) => m.from === 1)!;
    it('only sets the version, keeping every other key and its place', () => {
      const v1 = exampleFile();
      const v2 = step.migrate(v1);
      expect(v2.version).toBe(2);
      expect(Object.keys(v2)).toEqual(Object.keys(v1));
      expect({ ...v2, version: 1 }).toEqual(v1);
      expect(v1.version).toBe(1); // the input is not changed
    });
    it('gives a file that the version 2 schema accepts', () => {
      expect(schemaFor(2)!.safeParse(step.migrate(exampleFile())).success).toBe(true);
    });
  });

  describe('2 → 3', () => {
    const step = MIGRATIONS.find((m) => m.from === 2)!;
    it('only sets the version, keeping every other key and its place', () => {
      const v2 = MIGRATIONS[0]!.migrate(exampleFile());
      const v3 = step.migrate(v2);
      expect(v3.version).toBe(3);
      expect(Object.keys(v3)).toEqual(Object.keys(v2));
      expect({ ...v3, version: 2 }).toEqual(v2);
      expect(v2.version).toBe(2);
    });
    it('gives a file that the version 3 schema accepts', () => {
      expect(schemaFor(3)!.safeParse(step.migrate(MIGRATIONS[0]!.migrate(exampleFile()))).success).toBe(true);
    });
  });

  it('migrate runs the chain and refuses newer files', () => {
    const result = migrate(exampleFile(), 1);
    expect(result.ok && result.value.version).toBe(CURRENT_VERSION);
    expect(migrate(exampleFile(), 7)).toEqual({ ok: false, message: newerVersionMessage(7) });
    expect(newerVersionMessage(7)).toBe('This file is version 7; this Creditflow reads versions up to 3. Update Creditflow to open it.');
  });

  it('applies steps in order and stops with a message at a gap', () => {
    const seen: number[] = [];
    const chain: Migration[] = [
      { from: 2, to: 3, description: '', migrate: (raw) => (seen.push(2), { ...raw, version: 3, b: 2 }) },
      { from: 1, to: 2, description: '', migrate: (raw) => (seen.push(1), { ...raw, version: 2, a: 1 }) },
    ];
    const result = migrate({ version: 1 }, 1, chain);
    expect(result).toEqual({ ok: true, value: { version: 3, a: 1, b: 2 } });
    expect(seen).toEqual([1, 2]);
    expect(migrate({ version: 1 }, 1, chain.slice(1))).toEqual({ ok: false, message: 'No migration from version 2; this file cannot be opened.' });
    expect(migrate({ version: 1 }, 1, [])).toEqual({ ok: false, message: 'No migration from version 1; this file cannot be opened.' });
  });
});
