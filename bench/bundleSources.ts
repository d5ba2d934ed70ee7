// What the page's first download holds, by source (issue 13: initial JS back toward 255af77's 199.1 kB):
// builds with source maps, takes the entry script and its module preloads from dist/index.html, gives each
// byte of them to the source the map names for it, and prints each source's bytes gzipped alone, summed by
// folder of src/ or by package. The sum is more than the files' gzip (pieces compress better together), so
// read the figures as "about this much would leave the first download", not as parts of a total.
//
//   npx tsx bench/bundleSources.ts                  # by folder / package, then the 40 largest sources
//   BS_DIST=dist-bs BS_NOBUILD=1 BS_TOP=80 npx tsx bench/bundleSources.ts
//
// Not part of `npm run bench`.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { SourceMapConsumer } from 'source-map-js';
import { build } from 'vite';
import { initialJsGzipKB, round } from './browser/measure';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(process.env.BS_DIST ?? join(root, 'dist-bs'));
const TOP = Number(process.env.BS_TOP ?? 40);

function initialFiles(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const m of html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)) files.add(m[1]!.replace(/^\//, ''));
  return [...files];
}

/** Each source's text in one built file, from its map: the code between one mapping and the next is the first one's. */
function bytesBySource(dir: string, file: string, into: Map<string, string[]>) {
  const code = readFileSync(join(dir, file), 'utf8');
  if (!existsSync(join(dir, `${file}.map`))) {
    into.set(file, [...(into.get(file) ?? []), code]); // the bundler's own runtime has no map
    return;
  }
  const map = new SourceMapConsumer(JSON.parse(readFileSync(join(dir, `${file}.map`), 'utf8')));
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  const marks: { at: number; source: string }[] = [];
  map.eachMapping((m) => marks.push({ at: lineStarts[m.generatedLine - 1]! + m.generatedColumn, source: m.source ?? '(none)' }));
  marks.sort((a, b) => a.at - b.at);
  for (let i = 0; i < marks.length; i++) {
    const piece = code.slice(marks[i]!.at, i + 1 < marks.length ? marks[i + 1]!.at : code.length);
    const list = into.get(marks[i]!.source) ?? [];
    list.push(piece);
    into.set(marks[i]!.source, list);
  }
}

/** `src/store/derived.ts` → `src/store`; a package's files → its name. */
function groupOf(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return pkg[1]!;
  const own = /(?:^|\/)(src\/[^/]+)\//.exec(source);
  return own ? own[1]! : source.replace(/^.*\/src\//, 'src/');
}

const gzipKB = (text: string) => round(gzipSync(text).length / 1024, 1);

async function main() {
  if (!process.env.BS_NOBUILD) await build({ root, logLevel: 'warn', build: { outDir, sourcemap: true, emptyOutDir: true } });
  const files = initialFiles(outDir);
  const pieces = new Map<string, string[]>();
  for (const f of files) bytesBySource(outDir, f, pieces);
  const sources = [...pieces].map(([source, list]) => ({ source: source.replace(/^.*?(node_modules|src)\//, '$1/'), text: list.join('') }));
  const groups = new Map<string, string>();
  for (const s of sources) groups.set(groupOf(s.source), (groups.get(groupOf(s.source)) ?? '') + s.text);
  const byGroup = [...groups].map(([group, text]) => ({ group, kB: gzipKB(text) })).sort((a, b) => b.kB - a.kB);
  const bySource = sources.map((s) => ({ source: s.source, kB: gzipKB(s.text) })).sort((a, b) => b.kB - a.kB).slice(0, TOP);
  console.log(JSON.stringify({ initialJsGzipKB: initialJsGzipKB(outDir), files, byGroup, bySource }, null, 1));
}

void main();
