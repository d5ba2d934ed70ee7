/**
 * The layers of src/ are enforced, not only written down (docs/architecture.md):
 * - ESLint refuses a forbidden import in each folder (eslint.config.js): the engine importing
 *   React or the store, a panel importing React Flow or the canvas, the canvas importing a panel;
 * - the folders of src/, joined by the imports of their source files (not tests), have no cycle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

/** The rules a file at `filePath` (relative to the repository) breaks with this code. */
async function brokenRules(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('the layer rules of eslint.config.js', () => {
  // The first lint loads the config, its plugins and the TypeScript parser: seconds on a loaded
  // machine, once. Done here with its own allowance, so each case below times only its own lint.
  beforeAll(async () => {
    await eslint.calculateConfigForFile(join(root, 'src/cost/probe.ts'));
    await eslint.lintText('export {};\n', { filePath: join(root, 'src/cost/probe.ts') });
  }, 120_000);

  const refused: [string, string][] = [
    ['src/cost/probe.ts', "import { createEditorStore } from '../store/editor';\nexport const s = createEditorStore;\n"],
    ['src/cost/probe.ts', "import { useState } from 'react';\nexport const s = useState;\n"],
    ['src/model/probe.ts', "import { createStore } from 'zustand/vanilla';\nexport const s = createStore;\n"],
    ['src/io/probe.ts', "import { KindIcon } from '../ui/KindIcon';\nexport const s = KindIcon;\n"],
    ['src/store/probe.ts', "import { createCommands } from '../commands/registry';\nexport const s = createCommands;\n"],
    ['src/commands/probe.ts', "import { useEditor } from '../editor/react';\nexport const s = useEditor;\n"],
    ['src/features/palette/probe.tsx', "import { ReactFlow } from '@xyflow/react';\nexport const s = ReactFlow;\n"],
    ['src/features/palette/probe.tsx', "import { FlowCanvas } from '../../canvas/FlowCanvas';\nexport const s = FlowCanvas;\n"],
    ['src/canvas/probe.tsx', "import { Palette } from '../features/palette/Palette';\nexport const s = Palette;\n"],
    ['src/ui/probe.tsx', "import { useEditor } from '../editor/react';\nexport const s = useEditor;\n"],
    ['src/editor/probe.ts', "import { FlowCanvas } from '../canvas/FlowCanvas';\nexport const s = FlowCanvas;\n"],
  ];
  it.each(refused)('%s: refuses %s', async (filePath, code) => {
    expect(await brokenRules(filePath, code)).toContain('no-restricted-imports');
  });

  const allowed: [string, string][] = [
    ['src/cost/probe.ts', "import { MODULE_KINDS } from '../model/modules/registry';\nexport const s = MODULE_KINDS;\n"],
    ['src/features/palette/probe.tsx', "import { useEditor } from '../../editor/react';\nimport { KindIcon } from '../../ui/KindIcon';\nexport const s = [useEditor, KindIcon];\n"],
    ['src/canvas/probe.tsx', "import { ReactFlow } from '@xyflow/react';\nimport { useEditor } from '../editor/react';\nexport const s = [ReactFlow, useEditor];\n"],
  ];
  it.each(allowed)('%s: allows %s', async (filePath, code) => {
    expect(await brokenRules(filePath, code)).toEqual([]);
  });

  /**
   * The layers as docs/architecture.md draws them: what each folder of src/ may import. Every pair
   * of folders is linted both ways, so a block of eslint.config.js that replaced another's list
   * (flat config keeps the last one) or a folder with no rule fails here.
   */
  // testing/ (the property tests' seed) imports nothing, so any folder may use it.
  const ENGINE = ['model', 'cost', 'io', 'testing'];
  // scheduling/ (work in slices, idle callbacks) imports nothing of src/ but the seed; the app's folders use it, the engine not.
  const APP = [...ENGINE, 'scheduling'];
  const MAY_IMPORT: Record<string, string[]> = {
    model: ENGINE,
    cost: ENGINE,
    io: ENGINE,
    cli: [...ENGINE, 'cli'],
    store: [...APP, 'store'],
    commands: [...APP, 'store', 'commands'],
    workers: [...APP, 'workers'],
    editor: [...APP, 'store', 'commands', 'workers', 'editor'],
    ui: [...APP, 'ui'],
    canvas: [...APP, 'store', 'commands', 'editor', 'ui', 'canvas'],
    features: [...APP, 'store', 'commands', 'workers', 'editor', 'ui', 'features'],
    scheduling: ['testing'],
    testing: [],
  };
  const folders = Object.keys(MAY_IMPORT);
  const pairs = folders.flatMap((from) => folders.filter((to) => to !== from).map((to) => [from, to, MAY_IMPORT[from]!.includes(to)] as const));
  it.each(pairs)('src/%s importing src/%s: allowed %s', async (from, to, allowed) => {
    const broken = await brokenRules(`src/${from}/probe.ts`, `import { x } from '../${to}/x';\nexport const y = x;\n`);
    if (allowed) expect(broken).not.toContain('no-restricted-imports');
    else expect(broken).toContain('no-restricted-imports');
  });

  it('the app (App.tsx, main.tsx) composes every folder but the CLI', async () => {
    for (const to of folders.filter((f) => f !== 'cli')) expect(await brokenRules('src/probe.tsx', `import { x } from './${to}/x';\nexport const y = x;\n`), to).not.toContain('no-restricted-imports');
    expect(await brokenRules('src/probe.tsx', "import { x } from './cli/x';\nexport const y = x;\n")).toContain('no-restricted-imports');
  });

  it('refuses a module-level let in src/, and allows one in a test', async () => {
    expect(await brokenRules('src/store/probe.ts', 'let count = 0;\nexport const next = () => ++count;\n')).toContain('no-restricted-syntax');
    expect(await brokenRules('src/features/palette/probe.ts', 'export let count = 0;\n')).toContain('no-restricted-syntax');
    expect(await brokenRules('src/store/probe.test.ts', 'let count = 0;\nexport const next = () => ++count;\n')).toEqual([]);
  });

  it('refuses module state in other clothes: a module-level var, a mutable static field; allows a static readonly constant', async () => {
    expect(await brokenRules('src/io/probe.ts', 'var count = 0;\nexport const next = () => ++count;\n')).toContain('no-restricted-syntax');
    expect(await brokenRules('src/workers/probe.ts', 'export class Fake {\n  static made: Fake[] = [];\n}\n')).toContain('no-restricted-syntax');
    expect(await brokenRules('src/workers/probe.ts', 'export class Fake {\n  static readonly LIMIT = 3;\n}\n')).toEqual([]);
  });
});

/** Every .ts / .tsx file under `dir`, tests left out (a test may bring layers together to check them). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The folder of src/ a file belongs to ('app' for App.tsx and main.tsx). */
function folderOf(file: string): string {
  const parts = relative(join(root, 'src'), file).split(sep);
  return parts.length === 1 ? 'app' : parts[0]!;
}

/** Folder → the folders its files import (relative imports only; packages are not folders). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(join(root, 'src'))) {
    const from = folderOf(file);
    const targets = graph.get(from) ?? graph.set(from, new Set()).get(from)!;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const to = folderOf(resolve(dirname(file), match[1]!));
      if (to !== from) targets.add(to);
    }
  }
  return graph;
}

/** A cycle of the graph as a path (first = last), or null. */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('the folder graph of src/', () => {
  const graph = folderGraph();

  it('has no cycle', () => {
    expect(findCycle(graph)).toBeNull();
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const withCycle = new Map([...graph].map(([k, v]) => [k, new Set(v)]));
    withCycle.get('store')!.add('features');
    expect(findCycle(withCycle)).not.toBeNull();
  });

  it('keeps the canvas and the panels apart, and the engine on its own', () => {
    expect(graph.get('canvas')?.has('features')).toBe(false);
    expect(graph.get('features')?.has('canvas')).toBe(false);
    for (const engine of ['model', 'cost', 'io']) {
      for (const to of graph.get(engine) ?? []) expect(['model', 'cost', 'io'], `${engine} → ${to}`).toContain(to);
    }
  });
});
