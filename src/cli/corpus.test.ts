import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RefusedFile, runCorpus } from './corpus';

const fixture = (name: string) => ({ name, read: () => readFileSync(join(import.meta.dirname, '../io/import/fixtures', name), 'utf8') });

describe('runCorpus', () => {
  it('imports every file, counts formats, and names refusals and unreadable files', () => {
    let clock = 0;
    const summary = runCorpus(
      'folder',
      [
        fixture('n8n-every-row.json'),
        fixture('make-every-row.json'),
        fixture('altan-invoice-chaser.json'),
        { name: 'notes.json', read: () => '{"hello": 1}' },
        { name: 'broken.json', read: () => '{"nodes": [' },
        {
          name: 'utf32.json',
          read: () => {
            throw new RefusedFile('utf32.json: not UTF-8 or UTF-16');
          },
        },
        {
          name: 'gone.json',
          read: () => {
            throw new Error('EACCES');
          },
        },
      ],
      () => (clock += 2),
    );
    expect(summary).toMatchObject({ files: 7, imported: 3, formats: { n8n: 1, make: 1, altan: 1 }, structuralProblems: [] });
    expect(summary.refused.map((r) => r.file)).toEqual(['notes.json', 'broken.json', 'utf32.json']);
    expect(summary.refused[0]!.reason).toMatch(/not a Creditflow, Altan, n8n or Make file/);
    expect(summary.crashes).toEqual([{ file: 'gone.json', error: 'EACCES' }]);
    expect(summary.time.slowest?.ms).toBe(2);
    expect(summary.repairs['router-inserted']).toBeGreaterThan(0);
  });
});
