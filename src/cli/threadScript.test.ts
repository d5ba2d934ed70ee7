import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { esbuildBundler, threadScript, type Bundler } from './threadScript';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thread-script-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Two sources, the entry importing the other; sets their times in the past (as a checkout leaves them). */
function sources(dir: string, value: string): { entry: string; part: string } {
  const entry = join(dir, 'entry.ts');
  const part = join(dir, 'part.ts');
  writeFileSync(part, `export const value: string = ${JSON.stringify(value)};\n`);
  writeFileSync(entry, `import { value } from './part';\nexport const seen = value;\n`);
  const past = new Date(Date.now() - 60_000);
  utimesSync(part, past, past);
  utimesSync(entry, past, past);
  return { entry, part };
}

/** A bundler that counts its calls and joins the two sources' texts. */
function countingBundler(): Bundler & { calls: number } {
  const bundler = ((entry: string) => {
    bundler.calls++;
    const part = join(entry, '..', 'part.ts');
    return { code: readFileSync(part, 'utf8') + readFileSync(entry, 'utf8'), inputs: [entry, part] };
  }) as Bundler & { calls: number };
  bundler.calls = 0;
  return bundler;
}

describe("a thread's bundled script", () => {
  it('is made once, used while its sources are unchanged, and made again when one changes', () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const { entry, part } = sources(dir, 'one');
    const bundler = countingBundler();
    const first = threadScript(entry, cache, bundler);
    expect(first).toMatchObject({ built: true });
    expect(readFileSync(first!.path, 'utf8')).toContain('"one"');
    expect(threadScript(entry, cache, bundler)).toEqual({ path: first!.path, built: false });
    expect(bundler.calls).toBe(1);

    // An imported source changes (same size, same time: only its text tells).
    writeFileSync(part, readFileSync(part, 'utf8').replace('"one"', '"two"'));
    const past = new Date(Date.now() - 30_000);
    utimesSync(part, past, past);
    const second = threadScript(entry, cache, bundler);
    expect(second).toMatchObject({ built: true });
    expect(readFileSync(second!.path, 'utf8')).toContain('"two"');
    expect(bundler.calls).toBe(2);
    // The earlier bundle is gone; one bundle and its manifest stay.
    const files = readdirSync(cache);
    expect(files.filter((f) => f.endsWith('.mjs'))).toEqual([second!.path.split('/').pop()]);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });

  it('is not used nor kept when a source is written while it is being made', () => {
    const dir = tempDir();
    const cache = join(dir, 'cache');
    const { entry, part } = sources(dir, 'one');
    const racing: Bundler = (e) => {
      const made = { code: 'export const seen = "one";', inputs: [e, part] };
      writeFileSync(part, 'export const value = "two";\n');
      return made;
    };
    expect(threadScript(entry, cache, racing)).toBeNull();
    // Once the source has settled, the next call bundles it afresh.
    const past = new Date(Date.now() - 30_000);
    utimesSync(part, past, past);
    const bundler = countingBundler();
    const next = threadScript(entry, cache, bundler);
    expect(next).toMatchObject({ built: true });
    expect(readFileSync(next!.path, 'utf8')).toContain('"two"');
  });

  it('is null when it cannot be made (the caller loads the TypeScript instead)', () => {
    const dir = tempDir();
    const { entry } = sources(dir, 'one');
    const failing: Bundler = () => {
      throw new Error('no esbuild here');
    };
    expect(threadScript(entry, join(dir, 'cache'), failing)).toBeNull();
    // A cache folder that cannot be made (a file stands in its place).
    writeFileSync(join(dir, 'taken'), '');
    expect(threadScript(entry, join(dir, 'taken', 'cache'), countingBundler())).toBeNull();
  });

  it('is bundled by esbuild into one module that runs', async () => {
    const dir = tempDir();
    const { entry, part } = sources(dir, 'bundled');
    const made = esbuildBundler(entry);
    expect(made.inputs.sort()).toEqual([entry, part].sort());
    const script = threadScript(entry, join(dir, 'cache'));
    const loaded = (await import(/* @vite-ignore */ `file://${script!.path}`)) as { seen: string };
    expect(loaded.seen).toBe('bundled');
  });
});
