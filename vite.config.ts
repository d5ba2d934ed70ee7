import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Component tests opt into a DOM with `// @vitest-environment happy-dom` at the top of the file;
// the engine's tests run in plain Node, as the CLI does.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});
