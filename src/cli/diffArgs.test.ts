import { describe, expect, it } from 'vitest';
import { parseDiffArgs } from './diffArgs';

const args = (...argv: string[]) => {
  const parsed = parseDiffArgs(argv);
  if (!parsed.ok || parsed.help) throw new Error(`not parsed: ${JSON.stringify(parsed)}`);
  return parsed.args;
};
const message = (...argv: string[]) => {
  const parsed = parseDiffArgs(argv);
  if (parsed.ok) throw new Error('parsed');
  return parsed.message;
};

describe('parseDiffArgs', () => {
  it('two files, the old one first; a table by default', () => {
    expect(args('old.json', 'new.json')).toEqual({ before: 'old.json', after: 'new.json', format: 'table' });
  });
  it('--json or --markdown, not both', () => {
    expect(args('a', 'b', '--json').format).toBe('json');
    expect(args('--markdown', 'a', 'b').format).toBe('markdown');
    expect(message('a', 'b', '--json', '--markdown')).toBe('Choose one of --json and --markdown.');
  });
  it('--fail-over takes a percentage ≥ 0, with or without a % sign', () => {
    expect(args('a', 'b', '--fail-over', '10').failOver).toBe(10);
    expect(args('a', 'b', '--fail-over=2.5%').failOver).toBe(2.5);
    expect(args('a', 'b', '--fail-over', '0').failOver).toBe(0);
    // Read as a field in % reads it: the one reader's spellings of "%", a space or not.
    expect(args('a', 'b', '--fail-over', '10 %').failOver).toBe(10);
    expect(args('a', 'b', '--fail-over', '10 percent').failOver).toBe(10);
    expect(args('a', 'b', '--fail-over', '1,000%').failOver).toBe(1000);
    expect(message('a', 'b', '--fail-over', '10 s')).toMatch(/^--fail-over: “10 s”: “s” is not this field’s unit/);
    for (const bad of ['abc', '-5', '%'])
      expect(message('a', 'b', `--fail-over=${bad}`)).toBe(`--fail-over must be a percentage ≥ 0 (10 or 10% for 10 %), got '${bad}'.`);
    // The app's number reader words what it refuses for a reason of its own.
    expect(message('a', 'b', '--fail-over=Infinity')).toMatch(/^--fail-over: .*Infinity.* is not a number that can be priced/);
    expect(message('a', 'b', '--fail-over=1,5')).toMatch(/^--fail-over: .*ambiguous/);
    expect(message('a', 'b', '--fail-over')).toBe('--fail-over needs a value.');
  });
  it('--scenario names both sides; --old-scenario and --new-scenario one each', () => {
    expect(args('a', 'b', '--scenario', 'Busy')).toMatchObject({ beforeScenario: 'Busy', afterScenario: 'Busy' });
    const one = args('a', 'b', '--new-scenario', 'Busy');
    expect(one.afterScenario).toBe('Busy');
    expect(one.beforeScenario).toBeUndefined();
    expect(message('a', 'b', '--scenario', 'x', '--old-scenario', 'y')).toMatch(/^--scenario names the scenario of both sides/);
  });
  it('refuses one file, three files and unknown options', () => {
    expect(message()).toBe('Give two flow files, the old version then the new one; got none.');
    expect(message('a')).toBe('Give two flow files, the old version then the new one; got 1: a.');
    expect(message('a', 'b', 'c')).toBe('Give two flow files, the old version then the new one; got 3: a, b, c.');
    expect(message('a', 'b', '--budget', '5')).toBe('Unknown option --budget.');
  });
  it('asks for help', () => {
    expect(parseDiffArgs(['--help'])).toEqual({ ok: true, help: true });
    expect(parseDiffArgs(['a', '-h'])).toEqual({ ok: true, help: true });
  });
  it('files after -- may start with a dash', () => {
    expect(args('--', '-old.json', '-new.json')).toMatchObject({ before: '-old.json', after: '-new.json' });
  });
});
