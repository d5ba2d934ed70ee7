import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { TYPED_NUMBERS } from '../model/testing/typedNumberCases';

const args = (...argv: string[]) => {
  const result = parseArgs(argv);
  if (!result.ok || result.help) throw new Error(JSON.stringify(result));
  return result.args;
};
const error = (...argv: string[]) => {
  const result = parseArgs(argv);
  if (result.ok) throw new Error('expected an error');
  return result.message;
};

describe('parseArgs', () => {
  it('takes a file, and --json anywhere', () => {
    expect(args('flow.json')).toEqual({ file: 'flow.json', json: false });
    expect(args('--json', 'flow.json')).toEqual({ file: 'flow.json', json: true });
    expect(args('flow.json', '--json')).toEqual({ file: 'flow.json', json: true });
  });

  it('takes --platforms anywhere', () => {
    expect(args('flow.json', '--platforms', '--json')).toEqual({ file: 'flow.json', json: true, platforms: true });
    expect(args('--platforms', 'flow.json')).toEqual({ file: 'flow.json', json: false, platforms: true });
  });

  it('takes option values after a space or an =', () => {
    expect(args('f.json', '--samples', '20000', '--seed=7', '--scenario', 'Black Friday', '--budget=5e5')).toEqual({
      file: 'f.json',
      json: false,
      samples: 20000,
      seed: 7,
      scenario: 'Black Friday',
      budget: 500000,
    });
  });

  it('seeds the simulation with 1 by default', () => {
    expect(args('f.json', '--samples', '10').seed).toBe(1);
  });

  it('takes --trace with or without --samples, seeded by --seed (1 by default)', () => {
    expect(args('f.json', '--trace', '--seed', '9')).toMatchObject({ trace: true, seed: 9 });
    expect(args('f.json', '--trace')).toMatchObject({ trace: true, seed: 1 });
    expect(args('f.json', '--trace', '--samples', '5', '--seed=4')).toMatchObject({ trace: true, samples: 5, seed: 4 });
  });

  it('reads files that start with a dash after --', () => {
    expect(args('--', '-odd.json').file).toBe('-odd.json');
  });

  it('asks for help', () => {
    expect(parseArgs(['--help'])).toEqual({ ok: true, help: true });
    expect(parseArgs(['f.json', '-h'])).toEqual({ ok: true, help: true });
  });

  it.each([
    [['f.json', '--jsn'], 'Unknown option --jsn.'],
    [['f.json', '-x'], 'Unknown option -x.'],
    [[], 'Which flow file? Give its path.'],
    [['a.json', 'b.json'], 'One flow file at a time; got 2: a.json, b.json.'],
    [['f.json', '--samples'], '--samples needs a value.'],
    [['f.json', '--samples', '0'], "--samples must be a whole number from 1 to 1,000,000, got '0'."],
    [['f.json', '--samples', '2.5'], "--samples must be a whole number from 1 to 1,000,000, got '2.5'."],
    [['f.json', '--samples', '10', '--seed', 'abc'], "--seed must be a whole number, got 'abc'."],
    [['f.json', '--seed', '3'], '--seed only makes sense with --samples or --trace.'],
    [['f.json', '--budget', '-5'], "--budget must be a number of credits from 0 to 1,000,000,000,000,000, got '-5'."],
    // above the cap: the message says where the cap is (it said "≥ 0", which 1e16 is)
    [['f.json', '--budget', '1e16'], "--budget must be a number of credits from 0 to 1,000,000,000,000,000, got '1e16'."],
    // an empty path (an unset shell variable) is no path, not the current folder
    [[''], 'Which flow file? Give its path.'],
    [['f.json', '--budget', 'lots'], "--budget must be a number of credits from 0 to 1,000,000,000,000,000, got 'lots'."],
    [['f.json', '--scenario', 'a', '--scenario', 'b'], '--scenario is given twice.'],
    // Issue 18 item 17: hex was read as 16, and an inexact seed was "not a whole number".
    [['f.json', '--budget', '0x10'], '--budget: “0x10” is not a decimal number: hexadecimal, octal and binary numbers are not read.'],
    [
      ['f.json', '--samples', '10', '--seed', '9007199254740993'],
      '--seed: “9007199254740993” is larger than the largest whole number that can be kept exactly, 9007199254740991.',
    ],
    [['f.json', '--budget', '1,5'], expect.stringContaining('--budget: “1,5” is ambiguous')],
    [['f.json', '--budget', 'Infinity'], expect.stringContaining('--budget: “Infinity” is not a number that can be priced')],
  ])('refuses %j', (argv, message) => {
    expect(error(...argv)).toEqual(message);
  });

  it('reads digit groups as the app does: "20,000" is 20000 and "600,000" is 600000 (issue 18 item 10)', () => {
    expect(args('f.json', '--samples', '20,000', '--budget', '600,000')).toMatchObject({ samples: 20_000, budget: 600_000 });
  });

  it('--budget reads a number of credits as every credits field of the app does (the shared table of typed numbers)', () => {
    for (const [text, stored] of TYPED_NUMBERS.credits) {
      const result = parseArgs(['f.json', '--budget', text]);
      expect([text, result.ok && !result.help ? result.args.budget : null]).toEqual([text, stored]);
    }
    expect(error('f.json', '--budget', '500 MB')).toMatch(/^--budget: “500 MB”: “MB” is not this field’s unit/);
  });
});
