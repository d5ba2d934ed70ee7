import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../io/limits';
import { mbOver, ONE_BYTE_OVER } from '../../io/testing/limitWords';
import { errorPlace, ignoredFilesMessage, refuseBySize } from './importFile';

describe('refuseBySize', () => {
  it('refuses only above the cap, naming the size in MB, or in bytes just above it', () => {
    for (const size of [0, 1, MAX_FILE_BYTES]) expect(refuseBySize(size)).toBeNull();
    expect(refuseBySize(mbOver(1).size)?.message).toBe(mbOver(1).message);
    expect(refuseBySize(MAX_FILE_BYTES + 1)?.message).toBe(ONE_BYTE_OVER);
  });
});

describe('errorPlace', () => {
  it('is the line and column, else the path, else "file"', () => {
    expect(errorPlace({ path: 'modules[0]', line: 3, column: 14, message: '' })).toBe('line 3, column 14');
    expect(errorPlace({ path: 'modules[0].name', message: '' })).toBe('modules[0].name');
    expect(errorPlace({ path: '', message: '' })).toBe('file');
  });
});

describe('several files dropped at once', () => {
  it('names every file that was not opened', () => {
    expect(ignoredFilesMessage('a.json', ['b.json'])).toBe('One flow at a time: “a.json” was opened; “b.json” was not. Drop them one by one.');
    const many = ignoredFilesMessage('a.json', ['b.json', 'c.json', 'd.json', 'e.json', 'f.json']);
    expect(many).toContain('“b.json”, “c.json”, “d.json” and 2 more were not');
  });
});
