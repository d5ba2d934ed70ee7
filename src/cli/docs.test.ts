/**
 * The README and docs/ read by a new user who copies what they show: every JSON example is JSON, every
 * flow file shown is priced by the real `cost` command, the options the docs give exist (and every option
 * of the help is documented), the JSON shapes shown are the ones printed, and every link between the docs
 * lands on a file and a heading that exist (GitHub's anchors).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCost } from './run';
import { runDiff } from './diffRun';
import { USAGE } from './args';
import { DIFF_USAGE } from './diffArgs';
import { REAL_FILES, tempDir, writeTemp } from './testing';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DOC_FILES = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const text = (file: string) => readFileSync(join(root, file), 'utf8');

interface Block {
  file: string;
  line: number;
  lang: string;
  body: string;
}

function codeBlocks(file: string): Block[] {
  const source = text(file);
  const blocks: Block[] = [];
  for (const match of source.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)) {
    blocks.push({ file, line: source.slice(0, match.index).split('\n').length, lang: match[1]!, body: match[2]! });
  }
  return blocks;
}

const ALL_BLOCKS = DOC_FILES.flatMap(codeBlocks);
const JSON_BLOCKS = ALL_BLOCKS.filter((b) => b.lang === 'json');
const where = (b: Block) => `${b.file}:${b.line}`;

/** A JSON example: a whole value, or members (`"platforms": { … }`) read inside braces. */
function readExample(block: Block): unknown {
  try {
    return JSON.parse(block.body);
  } catch {
    return JSON.parse(`{${block.body}}`);
  }
}

const isFlowFile = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && (value as { format?: unknown }).format === 'creditflow';

const dir = tempDir();
function cost(flowText: string, ...options: string[]) {
  writeTemp(dir, 'example.json', flowText);
  return runCost({ argv: ['example.json', ...options], cwd: dir, files: REAL_FILES });
}

/** The flow file of flow-format.md, the one the docs' commands (`flow.json`, "Black Friday") are about. */
function formatExample(): Record<string, unknown> {
  const block = JSON_BLOCKS.find((b) => b.file === 'docs/flow-format.md' && isFlowFile(readExample(b)));
  if (!block) throw new Error('docs/flow-format.md shows no flow file');
  return readExample(block) as Record<string, unknown>;
}

describe('the docs’ JSON examples', () => {
  it('are found (README and docs/ hold several)', () => {
    expect(JSON_BLOCKS.length).toBeGreaterThanOrEqual(5);
  });

  it.each(JSON_BLOCKS.map((b) => [where(b), b] as const))('%s is JSON', (_, block) => {
    expect(() => readExample(block)).not.toThrow();
  });

  const flows = JSON_BLOCKS.filter((b) => isFlowFile(readExample(b)));
  it('include at least one whole flow file', () => {
    expect(flows.length).toBeGreaterThanOrEqual(1);
  });

  it.each(flows.map((b) => [where(b), b] as const))('the flow file at %s is priced by `cost --json`: exit 0, no warning', (_, block) => {
    const out = cost(block.body, '--json');
    expect(out.stderr.split('\n').filter((l) => l !== '' && !l.endsWith('(note)'))).toEqual([]);
    expect(out.exitCode).toBe(0);
    expect(JSON.parse(out.stdout).total).toBeGreaterThan(0);
  });

  it('the settings.platforms of platforms.md, put in that flow file, are read and priced', () => {
    const block = JSON_BLOCKS.find((b) => b.file === 'docs/platforms.md' && 'settings' in (readExample(b) as object));
    if (!block) throw new Error('docs/platforms.md shows no settings.platforms');
    const { settings } = readExample(block) as { settings: { platforms: unknown } };
    const flow = formatExample();
    flow.settings = { ...(flow.settings as object), platforms: settings.platforms };
    const out = cost(JSON.stringify(flow), '--json', '--platforms');
    expect(out.exitCode).toBe(0);
    expect(JSON.parse(out.stdout).platforms.zapier.plan).toBe('Team');
  });

  it('the platform table shown in platforms.md is the one `cost` prints for the lead-enrichment sample', () => {
    const block = ALL_BLOCKS.find((b) => b.file === 'docs/platforms.md' && b.body.startsWith('On other platforms'));
    if (!block) throw new Error('docs/platforms.md shows no platform table');
    const sample = readFileSync(join(root, 'src/io/samples/lead-enrichment.json'), 'utf8');
    const printed = cost(sample).stdout;
    const [table, sentence] = block.body.split('\n\n') as [string, string];
    expect(printed).toContain(`${table}\n`);
    // The sentence is wrapped and cut short ("…") in the doc: its words are the start of the printed one.
    const words = sentence.replace(/\s+/g, ' ').replace(/ …\s*$/, '').trim();
    expect(printed.replace(/\s+/g, ' ')).toContain(words);
  });

  it('the `cost --json` output shown in flow-format.md has the keys the command prints', () => {
    const block = JSON_BLOCKS.find((b) => b.file === 'docs/flow-format.md' && !isFlowFile(readExample(b)));
    if (!block) throw new Error('docs/flow-format.md shows no --json output');
    const shown = readExample(block) as Record<string, unknown[]>;
    const printed = JSON.parse(cost(JSON.stringify(formatExample()), '--json').stdout) as Record<string, unknown[]>;
    expect(Object.keys(shown)).toEqual(Object.keys(printed));
    expect(Object.keys(shown.nodes![0] as object)).toEqual(Object.keys(printed.nodes![0] as object));
  });

  it('the `diff --json` output shown in diff.md has the keys the command prints', () => {
    const block = JSON_BLOCKS.find((b) => b.file === 'docs/diff.md');
    if (!block) throw new Error('docs/diff.md shows no --json output');
    const shown = readExample(block) as Record<string, unknown>;
    const before = formatExample();
    const after = structuredClone(before) as { modules: { name: string }[] };
    after.modules[0]!.name = 'Renamed';
    writeTemp(dir, 'old.json', JSON.stringify(before));
    writeTemp(dir, 'new.json', JSON.stringify(after));
    const out = runDiff({ argv: ['old.json', 'new.json', '--json'], cwd: dir, files: REAL_FILES });
    expect(out.exitCode).toBe(0);
    const printed = JSON.parse(out.stdout) as Record<string, unknown>;
    expect(Object.keys(shown)).toEqual(Object.keys(printed));
    expect(Object.keys(shown.before as object)).toEqual(Object.keys(printed.before as object));
  });
});

/** The options of a usage text (`--json`, `--samples`, …). */
const usageOptions = (usage: string) => new Set([...usage.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!));

/** The options given after `npm run --silent <command> --` in the docs' shell lines and inline code. */
function optionsUsedWith(command: string): Map<string, string> {
  const used = new Map<string, string>();
  for (const file of DOC_FILES) {
    for (const [lineNo, line] of text(file).split('\n').entries()) {
      for (const m of line.matchAll(new RegExp(`npm run --silent ${command} -- ([^\`#\\n]*)`, 'g'))) {
        for (const option of m[1]!.matchAll(/(?<![\w-])(--[a-z][\w-]*)/g)) used.set(option[1]!, `${file}:${lineNo + 1}`);
      }
    }
  }
  return used;
}

/** The text of a doc from a heading to the next heading of the same or a higher level. */
function section(file: string, heading: string): string {
  const source = text(file);
  const start = source.indexOf(heading);
  if (start < 0) throw new Error(`${file} has no heading ${heading}`);
  const level = /^#+/.exec(heading)![0];
  const next = source.slice(start + heading.length).search(new RegExp(`^#{1,${level.length}} `, 'm'));
  return next < 0 ? source.slice(start) : source.slice(start, start + heading.length + next);
}

describe('the docs’ command lines', () => {
  it.each([
    ['cost', USAGE],
    ['diff', DIFF_USAGE],
  ])('every option the docs give to `%s` exists in its help', (command, usage) => {
    const known = usageOptions(usage);
    const unknown = [...optionsUsedWith(command)].filter(([option]) => !known.has(option)).map(([o, at]) => `${o} (${at})`);
    expect(unknown).toEqual([]);
  });

  it.each([
    ['cost', 'docs/flow-format.md', USAGE, '## The `cost` command'],
    ['diff', 'docs/diff.md', DIFF_USAGE, '# What a change costs'],
  ])('every option of `%s --help` is in its reference, %s', (_, file, usage, heading) => {
    const reference = section(file, heading);
    const missing = [...usageOptions(usage)].filter((option) => option !== '--help' && !reference.includes(`\`${option}`) && !reference.includes(` ${option}`));
    expect(missing).toEqual([]);
  });
});

/** GitHub's anchor of a heading: lower case, punctuation removed (letters, digits, `_`, `-` and spaces stay), spaces as `-`. */
function anchorOf(heading: string): string {
  const plain = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return plain.replace(/[^\p{L}\p{M}\p{N}_\- ]/gu, '').replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const source = text(file).replace(/^```[\s\S]*?^```/gm, '');
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of source.matchAll(/^#+\s+(.*)$/gm)) {
    const base = anchorOf(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

describe('links between the docs', () => {
  it('computes GitHub’s anchors', () => {
    expect(anchorOf('The `cost` command')).toBe('the-cost-command');
    expect(anchorOf("The walk's step (step, 2026-12-07 21:42–22:18 UTC): 3–5 % less")).toBe('the-walks-step-step-2026-12-07-21422218-utc-35--less');
    expect(anchorOf('Error branches, paged searches and schedules (flow file version 3)')).toBe(
      'error-branches-paged-searches-and-schedules-flow-file-version-3',
    );
  });

  it('every relative link lands on a file that exists and, with #anchor, on one of its headings', () => {
    const broken: string[] = [];
    for (const file of DOC_FILES) {
      const source = text(file);
      for (const m of source.matchAll(/\]\(([^)\s]+)\)/g)) {
        const link = m[1]!;
        if (/^[a-z]+:/i.test(link)) continue;
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path === '' ? file : normalize(join(dirname(file), path));
        const at = `${file}:${source.slice(0, m.index).split('\n').length} → ${link}`;
        let exists = true;
        try {
          readFileSync(join(root, target));
        } catch {
          exists = false;
        }
        if (!exists) broken.push(`${at} (no such file)`);
        else if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(target).has(anchor)) broken.push(`${at} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
