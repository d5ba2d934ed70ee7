/**
 * The cost command's every output, byte for byte, of two trees side by side: stdout, stderr and exit
 * code for each file of a corpus x each argument set. For a change meant to leave every output as it
 * was (the CLI's read path, issue 19), run it against the tree before the change:
 *
 *   npx tsx bench/cliOutputs.mts --old ../checkout-of-main      # exit 1 and the differing cases if any
 *
 * Both trees need this layout (src/cli/run.ts, files.ts, simulation.ts; src/model/scenario.ts): 255af77 is
 * older. Checked that it can fail: a tree whose "The file is empty." ends in "!" differs in 7 cases.
 *
 * The corpus (written to a temporary folder, the same each run): the sample flows, the import
 * fixtures (Altan, n8n, Make), generated flows of 1 to 2,000 modules written in order, with keys
 * reversed, with unknown keys, and as versions 1 and 2; random flows and random flows with one
 * field set to any JSON value (fast-check, fixed seeds); broken files (empty, not JSON, an array,
 * a byte-order mark, UTF-16, invalid UTF-8, a key given twice, __proto__, a newer version).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { generateFlow } from '../src/model/generate.ts';
import { serializeFlow } from '../src/io/serialize.ts';
import { flowArbitrary } from '../src/io/testing/flowArbitrary.ts';

const at = process.argv.indexOf('--old');
if (at < 0) throw new Error('usage: npx tsx bench/cliOutputs.mts --old <tree> [--new <tree>]');
const here = resolve(import.meta.dirname, '..');
const trees = { old: resolve(process.argv[at + 1]!), new: resolve(process.argv[process.argv.indexOf('--new') + 1] ?? here) };
if (!process.argv.includes('--new')) trees.new = here;

type Json = Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'cf-cli-outputs-'));
let count = 0;
const put = (name: string, data: string | Uint8Array) => writeFileSync(join(dir, `${String(count++).padStart(3, '0')}-${name}.json`), data);

for (const f of readdirSync(join(here, 'src/io/samples'))) put(`sample-${f}`, readFileSync(join(here, 'src/io/samples', f)));
for (const f of readdirSync(join(here, 'src/io/import/fixtures'))) put(`import-${f}`, readFileSync(join(here, 'src/io/import/fixtures', f)));
const reversed = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(reversed) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
for (const [modules, seed, rangeShare] of [[1, 1, 0], [12, 1, 0], [40, 2, 0.5], [90, 3, 0.5], [150, 7, 0], [300, 11, 0.3], [2000, 5, 0.2]] as const) {
  const text = serializeFlow(generateFlow({ modules, seed, rangeShare }));
  const fresh = () => JSON.parse(text) as { modules: Json[]; edges: Json[]; version: number };
  put(`gen-${modules}`, text);
  put(`gen-${modules}-reversed`, JSON.stringify(reversed(fresh())));
  const extra = fresh();
  extra.modules.forEach((m, i) => {
    if (i % 3 === 0) m.note = { a: i };
    if (i % 4 === 0 && m.position) (m.position as Json).z = 1;
  });
  extra.edges.forEach((e, i) => i % 2 === 0 && (e.tag = 'x'));
  put(`gen-${modules}-unknown-keys`, JSON.stringify(extra, null, 2));
  for (const version of [1, 2]) put(`gen-${modules}-v${version}`, JSON.stringify({ ...fresh(), version }));
}
fc.sample(flowArbitrary, { seed: 42, numRuns: 40 }).forEach((flow, i) => put(`random-${i}`, i % 2 ? serializeFlow(flow) : JSON.stringify({ ...flow, version: 3 })));
const fields = ['id', 'type', 'name', 'position', 'assumptions', 'config', 'source', 'target', 'filter', 'route', 'error', 'x', 'mode', 'passRate', 'fallback', 'priority', 'durationSec', 'iteratorId', 'schedule', 'conditions'];
fc.sample(fc.tuple(flowArbitrary, fc.nat(), fc.constantFrom(...fields), fc.option(fc.jsonValue(), { nil: undefined })), { seed: 7, numRuns: 80 }).forEach(
  ([flow, n, field, value], i) => {
    const file = JSON.parse(serializeFlow(flow)) as { modules: Json[]; edges: Json[] };
    const items = [...file.modules, ...file.edges];
    if (items.length === 0) return;
    const item = items[n % items.length]!;
    const inner = Object.values(item).filter((v): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v));
    const target = n % 3 === 0 && inner.length > 0 ? inner[n % inner.length]! : item;
    if (value === undefined) delete target[field];
    else target[field] = value;
    put(`mutated-${i}`, JSON.stringify(file));
  },
);
const sample = readFileSync(join(here, 'src/io/samples/lead-enrichment.json'), 'utf8');
put('empty', '');
put('not-json', '{"format": ');
put('array', '[1,2]');
put('bom', `\ufeff${sample}`);
put('utf16', Buffer.from(`\ufeff${sample}`, 'utf16le'));
put('bad-utf8', Buffer.concat([Buffer.from(sample.slice(0, 200)), Buffer.from([0xc3, 0x28]), Buffer.from(sample.slice(200))]));
put('key-twice', sample.replace('"format"', '"name": "a", "format"'));
put('proto', sample.replace('"format"', '"__proto__": {"polluted": 1}, "format"'));
put('newer', sample.replace(/"version":\s*\d+/, '"version": 9'));

const ARGUMENTS = [['--json'], [], ['--json', '--samples', '300', '--seed', '3'], ['--platforms'], ['--json', '--trace'], ['--budget', '1'], ['--json', '--scenario', 'Black Friday']];
async function outputsOf(tree: string): Promise<Map<string, string>> {
  const { runCost } = await import(join(tree, 'src/cli/run.ts'));
  const { DISK_FILES } = await import(join(tree, 'src/cli/files.ts'));
  const { applyScenario } = await import(join(tree, 'src/model/scenario.ts'));
  const { simulateForCli } = await import(join(tree, 'src/cli/simulation.ts'));
  const out = new Map<string, string>();
  for (const file of readdirSync(dir).sort())
    for (const args of ARGUMENTS)
      out.set(`${file} ${args.join(' ')}`, JSON.stringify(runCost({ argv: [file, ...args], cwd: dir, files: DISK_FILES, engine: { applyScenario, simulate: simulateForCli } })));
  return out;
}
const [before, after] = [await outputsOf(trees.old), await outputsOf(trees.new)];
const differing = [...before.keys()].filter((k) => before.get(k) !== after.get(k));
const exits = new Map<number, number>();
for (const o of before.values()) {
  const code = (JSON.parse(o) as { exitCode: number }).exitCode;
  exits.set(code, (exits.get(code) ?? 0) + 1);
}
console.log(JSON.stringify({ old: trees.old, new: trees.new, files: count, argumentSets: ARGUMENTS.length, cases: before.size, exitCodes: Object.fromEntries(exits), differing: differing.length, first: differing.slice(0, 10) }));
process.exitCode = differing.length > 0 ? 1 : 0;
