/**
 * The file schema costs nothing until a file is read: the page's start (a generated flow, or an
 * app that opens no file) loads this module without building its zod objects or formatting its
 * messages (docs/performance.md, first paint). The schema itself is tested through parse.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

describe('the file schema', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('formats no message when its module loads, and builds its parts on the first read', async () => {
    // A part's messages say limits with thousands separators (1,000,000): toLocaleString.
    const format = vi.spyOn(Number.prototype, 'toLocaleString');
    vi.resetModules();
    const schema = await import('./schema');
    expect(format).not.toHaveBeenCalled();
    const flow = schema.schemaFor(3)!;
    expect(format).toHaveBeenCalled();
    const read = flow.safeParse({ format: 'creditflow', version: 3, modules: [{ id: 'a', type: 'trigger', position: { x: 1e9, y: 0 } }] });
    expect(read.success).toBe(false);
    expect(read.error?.issues[0]?.message).toMatch(/10,000,000/);
  });
});
