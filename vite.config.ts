import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const port = Number(process.env.PORT ?? 4173);

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port, strictPort: true },
  // OUT_DIR lets several builds (e.g. parallel e2e runs) coexist.
  build: { chunkSizeWarningLimit: 4000, outDir: process.env.OUT_DIR ?? 'dist' },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src/test/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
