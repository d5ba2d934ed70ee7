/**
 * A worker thread's script as one plain JavaScript file, bundled on demand and kept in a cache, so
 * that a thread of the CLI starts in tens of milliseconds instead of registering tsx and
 * transforming the engine's TypeScript afresh (about 0.25 s of CPU per thread, issue 19).
 *
 * Nothing generated is committed and no build step is to be remembered: the first run that needs a
 * thread bundles its script with esbuild (which tsx and vite bring), and writes it with a manifest
 * of the sources it was made from and a hash of each. Every later run hashes those sources again
 * and uses the bundle only when all of them are unchanged; else it bundles again. A source written
 * while the bundle was being made makes the bundle unused (it may hold the old text), and
 * every file lands whole (written aside, then renamed), so two processes at once are safe. Any
 * failure (no esbuild, a read-only folder) gives null: the caller starts its thread the slow way.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a bundler gives back: the script's text and the source files it read. */
export interface Bundled {
  code: string;
  inputs: string[];
}

/** Bundles `entry` (an absolute path) into one ES module for Node. */
export type Bundler = (entry: string) => Bundled;

/** The cached script of an entry: where it is, and whether this call had to make it. */
export interface ThreadScript {
  path: string;
  built: boolean;
}

interface Manifest {
  entry: string;
  /** The bundle's file name in the cache folder. */
  bundle: string;
  /** Each source the bundle was made from (absolute path) and the sha-256 of its text. */
  inputs: Record<string, string>;
}

/** A source written this recently (ms) before bundling may be written again during it. */
const SETTLE_MS = 2000;

const sha = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/** The part of esbuild used here. */
interface Esbuild {
  buildSync(options: Record<string, unknown>): { outputFiles: { text: string }[]; metafile: { inputs: Record<string, unknown> } };
}

/** esbuild, from this project's modules or else from tsx's own (it is tsx's dependency). */
function loadEsbuild(): Esbuild {
  try {
    return createRequire(import.meta.url)('esbuild') as Esbuild;
  } catch {
    return createRequire(fileURLToPath(import.meta.resolve('tsx/esm/api')))('esbuild') as Esbuild;
  }
}

/** Bundles with esbuild: the engine is pure TypeScript; packages, if any, stay imports. */
export const esbuildBundler: Bundler = (entry) => {
  const workingDir = dirname(entry);
  const out = loadEsbuild().buildSync({
    entryPoints: [entry],
    absWorkingDir: workingDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: out.outputFiles[0]!.text, inputs: Object.keys(out.metafile.inputs).map((input) => resolve(workingDir, input)) };
};

/** Writes a file whole: aside first, then renamed into place. */
function writeWhole(path: string, text: string): void {
  const aside = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(aside, text);
  renameSync(aside, path);
}

/**
 * Removes the entry's earlier bundles. A thread of another process that was about to load one
 * then fails to start, and its share is walked by that process's main thread: same numbers.
 */
function removeOlder(cacheDir: string, prefix: string, keep: string): void {
  for (const file of readdirSync(cacheDir)) {
    if (file !== keep && file.startsWith(`${prefix}-`) && file.endsWith('.mjs')) rmSync(join(cacheDir, file), { force: true });
  }
}

function readManifest(path: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** The bundle the manifest names, when every source it lists has the same text as then. */
function upToDate(manifest: Manifest | null, entry: string, cacheDir: string): string | null {
  if (!manifest || manifest.entry !== entry || typeof manifest.inputs !== 'object') return null;
  for (const [input, hash] of Object.entries(manifest.inputs)) {
    try {
      if (sha(readFileSync(input)) !== hash) return null;
    } catch {
      return null;
    }
  }
  const path = join(cacheDir, basename(manifest.bundle));
  try {
    statSync(path);
  } catch {
    return null;
  }
  return path;
}

/**
 * The script of `entry` bundled, from `cacheDir` when its sources are unchanged, else made now;
 * null when it cannot be had (the caller then loads the TypeScript itself).
 */
export function threadScript(entry: string, cacheDir: string, bundle: Bundler = esbuildBundler): ThreadScript | null {
  try {
    const manifestPath = join(cacheDir, `${basename(entry).replace(/\.[^.]*$/, '')}-${sha(entry).slice(0, 12)}.json`);
    const cached = upToDate(readManifest(manifestPath), entry, cacheDir);
    if (cached) return { path: cached, built: false };
    const startedAt = Date.now();
    const { code, inputs } = bundle(entry);
    const hashes: Record<string, string> = {};
    for (const input of inputs) {
      // A source written since the bundle began may not be in it: neither use nor keep the bundle.
      // (File times lag the clock by a few ms: any write in the last SETTLE_MS counts.)
      if (statSync(input).mtimeMs >= startedAt - SETTLE_MS) return null;
      hashes[input] = sha(readFileSync(input));
    }
    mkdirSync(cacheDir, { recursive: true });
    const prefix = basename(manifestPath, '.json');
    const name = `${prefix}-${sha(code).slice(0, 16)}.mjs`;
    const path = join(cacheDir, name);
    writeWhole(path, code);
    writeWhole(manifestPath, JSON.stringify({ entry, bundle: name, inputs: hashes } satisfies Manifest));
    removeOlder(cacheDir, prefix, name);
    return { path, built: true };
  } catch {
    return null;
  }
}
