import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_USAGE, parseCorpusArgs, RefusedFile, runCorpus } from './corpus';

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

  it('validates each flow as imported, error edges included: a loop whose error output returns through a module is no problem', () => {
    // Loop → Run sub, whose error output goes through Report failure back to the loop (no trigger:
    // one is added). The CLI prices it (exit 0). Before, the corpus validated the flow with its error
    // edges set aside, so Report failure looked like a start outside the loop, and the loop's "done"
    // aggregator, reached from it first, was listed as a structural problem.
    const node = (name: string, type: string, extra: object = {}) => ({ name, type: `n8n-nodes-base.${type}`, typeVersion: 3, position: [0, 0], parameters: {}, ...extra });
    const to = (...outputs: string[][]) => ({ main: outputs.map((targets) => targets.map((n) => ({ node: n, type: 'main', index: 0 }))) });
    const workflow = {
      nodes: [node('Loop', 'splitInBatches'), node('Run sub', 'executeWorkflow', { onError: 'continueErrorOutput' }), node('Report failure', 'slack')],
      connections: { 'Report failure': to(['Loop']), Loop: to([], ['Run sub']), 'Run sub': to(['Loop'], ['Report failure']) },
    };
    const summary = runCorpus('folder', [{ name: 'loop.json', read: () => JSON.stringify(workflow) }]);
    expect(summary).toMatchObject({ imported: 1, structuralProblems: [], crashes: [] });
  });
});

describe('parseCorpusArgs: the command line as the help and formats.md describe it', () => {
  it('--help and -h print the usage (exit 0) instead of reading a folder named "--help"', () => {
    for (const flag of ['--help', '-h']) expect(parseCorpusArgs([flag])).toEqual({ kind: 'help' });
    expect(CORPUS_USAGE).toMatch(/^usage: npm run --silent corpus -- <folder>/);
    expect(CORPUS_USAGE).toContain('Exit codes: 0');
  });
  it('takes exactly one folder; an option or a second folder is refused with the usage, not ignored', () => {
    expect(parseCorpusArgs(['corpora/n8n'])).toEqual({ kind: 'folder', folder: 'corpora/n8n' });
    expect(parseCorpusArgs([])).toEqual({ kind: 'error', message: 'corpus: give one folder (none was given)' });
    expect(parseCorpusArgs(['a', 'b'])).toEqual({ kind: 'error', message: 'corpus: give one folder (2 were given)' });
    expect(parseCorpusArgs(['a', '--json'])).toEqual({ kind: 'error', message: 'corpus: unknown option --json' });
  });
});
