import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'dist-bench', 'node_modules', 'test-results', 'playwright-report', 'bench/results'] },
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
  {
    // The engine knows nothing of React, the DOM or the store (docs/architecture.md).
    files: ['src/model/**', 'src/cost/**', 'src/io/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-dom', '@xyflow/*', 'zustand', 'zustand/*', '**/store/**', '**/canvas/**', '**/features/**', '**/commands/**'] },
      ],
    },
  },
  {
    // Only the canvas folder talks to React Flow.
    files: ['src/model/**', 'src/cost/**', 'src/io/**', 'src/store/**', 'src/commands/**', 'src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@xyflow/*', 'react', 'react-dom'] }] },
  },
);
