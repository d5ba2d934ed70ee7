import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { freshSeed, seedFrom } from './src/testing/seed.ts';

// One fast-check seed for the whole run, fresh each time unless FC_SEED is given
// (src/testing/fastCheckSeed.ts; docs/reliability.md, "Property tests").
const fcSeed = seedFrom(process.env.FC_SEED) ?? freshSeed();

// Component tests opt into a DOM with `// @vitest-environment happy-dom` at the top of the file;
// the engine's tests run in plain Node, as the CLI does.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  resolve: {
    // React Flow's d3 (d3-zoom's transitions, d3-interpolate) imports d3-color and never parses a colour:
    // the colours it could read, without d3-color's names table and other colour spaces (4.3 kB gzip of
    // the first download; vendor/d3-color.ts says what differs).
    alias: { 'd3-color': fileURLToPath(new URL('./vendor/d3-color.ts', import.meta.url)) },
  },
  build: {
    // No polyfill for <link rel="modulepreload"> in the entry (0.2 kB gzip): browsers without it
    // (before Firefox 115, Safari 17) load the same modules through the imports, only not ahead.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // The modules of the first paint in one chunk: split over many small chunks (each shared
        // with a lazy one) they compress worse, by about 5 kB gzip (docs/performance.md, issue 13).
        codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] },
      },
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'vendor/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src/testing/fastCheckSeed.ts'],
    env: { FC_SEED: String(fcSeed) },
    // Tests run on shared, busy machines: a test that passes in 1 s on a quiet one took 5.8 s under
    // a load of 18 and failed vitest's 5 s default. A test that hangs still fails, later.
    testTimeout: 30_000,
  },
});
