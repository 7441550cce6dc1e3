import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const port = Number(process.env.PORT ?? 4173);

/**
 * Security headers of the served app (docs/HOSTING.md gives the same set for nginx and `_headers` hosts).
 * CSP: scripts only from this origin, plus 'wasm-unsafe-eval' to compile TensorFlow.js's wasm backend (no JS eval:
 * zod runs jitless, src/util/zodJitless.ts); the trainer worker from this origin, blob: for wasm's thread workers;
 * data may be loaded from any http(s) URL a person gives; images from blob:/data: (decoded samples, chart export);
 * inline styles for the classroom `hide=` rule and React style props; no plugins, no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' https: http: blob: data:",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port, strictPort: true, headers: SECURITY_HEADERS },
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
