import { describe, expect, it } from 'vitest';
import { versionLabel, whenText } from './when';

describe('whenText', () => {
  const now = Date.UTC(2026, 11, 6, 12, 0);
  it('says how long ago within a day, and the date after', () => {
    expect(whenText(now - 10_000, now)).toBe('just now');
    expect(whenText(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(whenText(now - 3 * 3600_000 - 1, now)).toBe('3 h ago');
    expect(whenText(Date.UTC(2026, 0, 15, 12), now)).toBe('15 Jan 2026');
    expect(whenText(0, now)).toBe('—');
  });
});

describe('versionLabel', () => {
  it('names a version with when it was saved, and without a time when it has none', () => {
    const at = new Date(2026, 11, 6, 14, 5).getTime();
    expect(versionLabel('Before the sync', at)).toMatch(/^Before the sync, 6 Dec 2026,? 14:05$/);
    expect(versionLabel('Old', 0)).toBe('Old');
  });
});
