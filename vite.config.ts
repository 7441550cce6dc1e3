import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

const port = Number(process.env.PORT ?? 4173);

/**
 * Security headers of the served app (docs/HOSTING.md gives the same set for nginx and `_headers` hosts).
 * CSP: scripts only from this origin, plus 'wasm-unsafe-eval' to compile TensorFlow.js's wasm backend (no JS eval:
 * zod runs jitless, src/util/zodJitless.ts) and blob: for the script tfjs-wasm's threaded build hands its thread
 * workers (`?threads=N`); the trainer worker from this origin, blob: for those thread workers themselves;
 * data may be loaded from any http(s) URL a person gives; images from blob:/data: (decoded samples, chart export);
 * inline styles for the classroom `hide=` rule and React style props; no plugins, no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
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

/**
 * Cross-origin isolation (SharedArrayBuffer, so tfjs-wasm's threaded build can run with `?threads=N`): the page
 * keeps no opener relation with other origins' windows and loads no cross-origin resource that does not opt in
 * (data URLs are fetched with CORS, which counts as opting in). The dev server sends these too.
 */
export const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  ...ISOLATION_HEADERS,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/**
 * tfjs-wasm's threaded build starts each pthread worker from the source text of its factory function
 * (`factory.toString()`), so that function must not refer to anything outside itself. It refers to one closure
 * variable, `_scriptDir`, guarded by `typeof _scriptDir !== "undefined"`; a minifier that sees the variable declared
 * rewrites the guard as `e !== void 0`, which throws "e is not defined" in the worker, and the backend never
 * initialises (production builds only; the dev server does not minify). In a browser `_scriptDir` is always
 * undefined here (no `document.currentScript` for a module, no `__filename`), so the guarded line is dropped.
 */
export const THREADED_FACTORY = /tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
export const SCRIPT_DIR_LINE = 'if(typeof _scriptDir !== "undefined" && _scriptDir){scriptDirectory=_scriptDir}';

export function selfContainedThreadedWasm(): Plugin {
  return {
    name: 'self-contained-threaded-wasm',
    enforce: 'pre',
    transform(code, id) {
      if (!THREADED_FACTORY.test(id.split('?')[0])) return null;
      if (!code.includes(SCRIPT_DIR_LINE)) {
        // A tfjs upgrade changed the factory: fail the build rather than ship a backend that hangs when isolated.
        throw new Error(`${id}: expected "${SCRIPT_DIR_LINE}" in tfjs-wasm's threaded factory (see selfContainedThreadedWasm in vite.config.ts)`);
      }
      return { code: code.replace(SCRIPT_DIR_LINE, ''), map: null };
    },
  };
}

export default defineConfig({
  plugins: [react(), selfContainedThreadedWasm()],
  // The trainer worker is bundled on its own: it needs the plugin too (it is where tfjs-wasm runs).
  worker: { format: 'es', plugins: () => [selfContainedThreadedWasm()] },
  // No CSP in dev: React's fast refresh injects an inline script.
  server: { host: '127.0.0.1', port: 5173, strictPort: true, headers: ISOLATION_HEADERS },
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
