import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The main thread must never bundle TensorFlow.js: it lives only in the worker chunk.
test('the built main chunk does not contain TensorFlow.js', () => {
  const outDir = process.env.OUT_DIR ?? 'dist';
  const assets = join(process.cwd(), outDir, 'assets');
  const html = readFileSync(join(process.cwd(), outDir, 'index.html'), 'utf8');
  const entry = /src="\/assets\/([^"]+\.js)"/.exec(html)?.[1];
  expect(entry, 'entry chunk in dist/index.html').toBeTruthy();
  const mainJs = readFileSync(join(assets, entry!), 'utf8');
  expect(mainJs).not.toMatch(/tensorflow|tfjs-core|registerKernel\(/i);
  const workerChunks = readdirSync(assets).filter((name) => name.includes('worker'));
  expect(workerChunks.length).toBeGreaterThan(0);
});
