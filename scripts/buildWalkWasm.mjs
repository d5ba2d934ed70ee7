/**
 * Compiles the simulation's WebAssembly walk (src/cost/simulation/assembly/walk.ts, AssemblyScript)
 * and writes its bytes as base64 into src/cost/simulation/walkWasm.bytes.ts, which is committed:
 * the app, the CLI and the tests load the walk from there with no build step of their own.
 * `npm run build:wasm` after changing the AssemblyScript; walkWasm.test.ts fails while the
 * committed bytes differ from what this compiles (`compileWalkWasm`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WALK_SOURCE = 'src/cost/simulation/assembly/walk.ts';
export const WALK_BYTES_FILE = 'src/cost/simulation/walkWasm.bytes.ts';

/** The compiler's options: no runtime, no asserts, the memory given by the JS side. */
export const ASC_OPTIONS = ['-O3', '--runtime', 'stub', '--noAssert', '--importMemory', '--use', 'abort=', '--noExportMemory'];

/** The walk's wasm bytes, compiled from the sources in the tree. */
export async function compileWalkWasm() {
  let wasm = null;
  const errors = [];
  const { error } = await asc.main([WALK_SOURCE, ...ASC_OPTIONS, '--outFile', 'walk.wasm'], {
    readFile: async (name, baseDir) => {
      try {
        return await readFile(join(root, baseDir, name), 'utf8');
      } catch {
        return null;
      }
    },
    writeFile: async (name, contents) => {
      if (name === 'walk.wasm') wasm = contents;
    },
    listFiles: async () => [],
    stdout: { write: () => true },
    stderr: { write: (text) => (errors.push(String(text)), true) },
  });
  if (error || !wasm) throw new Error(`AssemblyScript could not compile ${WALK_SOURCE}:\n${errors.join('')}${error ?? ''}`);
  return new Uint8Array(wasm);
}

/** The text of walkWasm.bytes.ts for these bytes. */
export function bytesModule(bytes) {
  const base64 = Buffer.from(bytes).toString('base64');
  const lines = base64.match(/.{1,100}/g) ?? [];
  return `/**
 * The simulation's WebAssembly walk (assembly/walk.ts), compiled by \`npm run build:wasm\`
 * (scripts/buildWalkWasm.mjs): ${bytes.length} bytes, base64. Generated: do not edit.
 */
export const WALK_WASM_BASE64 =
${lines.map((l) => `  '${l}'`).join(' +\n')};
`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const bytes = await compileWalkWasm();
  await writeFile(join(root, WALK_BYTES_FILE), bytesModule(bytes));
  console.log(`${WALK_BYTES_FILE}: ${bytes.length} bytes`);
}
