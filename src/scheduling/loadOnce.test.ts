import { describe, expect, it } from 'vitest';
import { loadOnce } from './loadOnce';

describe('loadOnce', () => {
  it('makes the value once for every ask, and has it at hand once made', async () => {
    let loads = 0;
    const once = loadOnce(async () => ++loads);
    expect(once.loaded()).toBeUndefined();
    const [a, b] = await Promise.all([once.get(), once.get()]);
    expect([a, b, loads, once.loaded()]).toEqual([1, 1, 1, 1]);
  });

  it('forgets a failed attempt, so the next ask tries again; forget() drops what was made', async () => {
    let loads = 0;
    const once = loadOnce(async () => {
      loads++;
      if (loads === 1) throw new Error('Failed to fetch dynamically imported module');
      return 'code';
    });
    await expect(once.get()).rejects.toThrow(/Failed to fetch/);
    expect(once.loaded()).toBeUndefined();
    expect(await once.get()).toBe('code');
    once.forget();
    expect(once.loaded()).toBeUndefined();
    expect(await once.get()).toBe('code');
    expect(loads).toBe(3);
  });
});
