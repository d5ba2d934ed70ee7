import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------
// Layers (docs/architecture.md): each folder of src/ may import only the folders below it.
//
//   app (App.tsx, main.tsx)
//     └─ canvas, features      (never each other)
//          └─ editor, ui
//               └─ commands, workers
//                    └─ store
//                         └─ model, cost, io (the engine), and cli beside the app, on the engine only
//   scheduling (work in slices, idle callbacks): imports nothing of src/; every app folder may use it, the engine and the CLI not
//
// In flat config a later block that matches the same files REPLACES an earlier block's
// options for the same rule, so each folder gets ONE block with its complete list.
// src/layers.test.ts checks, for every folder, that an import of each folder it may not reach fails lint
// and an import of each folder it may reach passes.

/** An import of the folder `name` of src/, from anywhere below src/ (../name, ../../name/x …), or from src/ itself (./name). */
const folder = (name, atRoot) => (atRoot ? `^\\./${name}(/|$)` : `^(\\.\\./)+${name}(/|$)`);
const FOLDERS = ['store', 'commands', 'editor', 'workers', 'ui', 'canvas', 'features', 'cli', 'scheduling'];
const ENGINE = ['model', 'cost', 'io'];
const REACT = ['react', 'react/*', 'react-dom', 'react-dom/*', 'lucide-react', '@testing-library/react'];
const REACT_FLOW = ['@xyflow/*'];
const ZUSTAND = ['zustand', 'zustand/*'];

/** The no-restricted-imports rule forbidding these packages and these src folders, with a reason. */
function forbid({ packages = [], folders = [], why, atRoot = false }) {
  const patterns = [];
  if (packages.length > 0) patterns.push({ group: packages, message: why });
  for (const name of folders) patterns.push({ regex: folder(name, atRoot), message: `${why} (no import of src/${name})` });
  return { 'no-restricted-imports': ['error', { patterns }] };
}

const allBut = (...allowed) => FOLDERS.filter((f) => !allowed.includes(f));

const LAYERS = [
  {
    files: ['src/model/**', 'src/cost/**', 'src/io/**'],
    rules: forbid({
      packages: [...REACT, ...REACT_FLOW, ...ZUSTAND],
      folders: FOLDERS,
      why: 'The engine (model, cost, io) is plain TypeScript: no React, no store, no UI; the CLI and the worker run it.',
    }),
  },
  {
    files: ['src/cli/**'],
    rules: forbid({ packages: [...REACT, ...REACT_FLOW, ...ZUSTAND], folders: allBut('cli'), why: 'The CLI runs the engine only.' }),
  },
  {
    files: ['src/store/**'],
    rules: forbid({
      packages: [...REACT, ...REACT_FLOW],
      folders: allBut('store', 'scheduling'),
      why: 'The store is the document and its history on the engine: no React, no commands, no UI.',
    }),
  },
  {
    files: ['src/commands/**'],
    rules: forbid({
      packages: [...REACT, ...REACT_FLOW],
      folders: allBut('store', 'commands', 'scheduling'),
      why: 'Commands act on the store and reach the canvas only through the slots of their host.',
    }),
  },
  {
    files: ['src/workers/**'],
    rules: forbid({
      packages: [...REACT_FLOW, ...ZUSTAND],
      folders: allBut('workers', 'scheduling'),
      why: 'The simulation worker and its client run the engine only.',
    }),
  },
  {
    files: ['src/editor/**'],
    rules: forbid({
      packages: [...REACT_FLOW, 'lucide-react'],
      folders: allBut('store', 'commands', 'workers', 'editor', 'scheduling'),
      why: 'The editor instance composes store, commands and workers; the canvas and the panels read it, not the other way round.',
    }),
  },
  {
    files: ['src/ui/**'],
    rules: forbid({
      packages: [...REACT_FLOW, ...ZUSTAND],
      folders: allBut('ui', 'scheduling'),
      why: 'The UI kit is shared by the canvas and the panels, and knows neither them nor the editor.',
    }),
  },
  {
    files: ['src/canvas/**'],
    rules: forbid({
      folders: ['features', 'workers', 'cli'],
      why: 'The canvas and the panels never import each other: the app composes them through the editor instance.',
    }),
  },
  {
    files: ['src/features/**'],
    rules: forbid({
      packages: REACT_FLOW,
      folders: ['canvas', 'cli'],
      why: 'Only the canvas talks to React Flow; the panels never import the canvas (they share the editor instance).',
    }),
  },
  {
    files: ['src/*.{ts,tsx}'],
    rules: forbid({ folders: ['cli'], why: 'The app does not run the CLI.', atRoot: true }),
  },
  {
    files: ['src/scheduling/**'],
    rules: forbid({
      packages: [...REACT, ...REACT_FLOW, ...ZUSTAND],
      folders: [...allBut('scheduling'), ...ENGINE],
      why: 'Work in slices and idle callbacks sit below every app folder: they import nothing of src/.',
    }),
  },
  {
    files: ['src/testing/**'],
    rules: forbid({
      folders: [...FOLDERS, ...ENGINE],
      why: 'The seed of the property tests is set up before any test: it imports nothing of src/.',
    }),
  },
];

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'test-results', 'playwright-report', 'bench/results'] },
  // AssemblyScript sources (compiled by asc, not tsc); their vitest tests are plain TypeScript and linted.
  { ignores: ['src/cost/simulation/assembly/**/*', '!src/cost/simulation/assembly/**/*.test.ts', 'bench/*.as.ts'] },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...LAYERS,
  {
    // No mutable state at module level: it belongs to an editor instance (src/editor), so two
    // editors, or two tests, never share it. Constants and memo tables keyed by input are fine.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Program > VariableDeclaration[kind=/^(let|var)$/], Program > ExportNamedDeclaration > VariableDeclaration[kind=/^(let|var)$/]',
          message: 'No `let` or `var` at module level: keep state in the editor instance (createEditor) or in a function.',
        },
        {
          // A static field is module state too (shared by every instance, reset by hand in tests).
          selector: 'PropertyDefinition[static=true][readonly!=true]',
          message: 'No mutable static field: keep state in an instance (or make it `static readonly` for a constant).',
        },
      ],
    },
  },
);
