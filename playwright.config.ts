import { defineConfig } from '@playwright/test';
import { resolveChromium } from './scripts/chromium-path.mjs';

const port = Number(process.env.PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: process.env.E2E_REPORT ?? 'reports/e2e.json' }]],
  use: {
    baseURL,
    launchOptions: {
      executablePath: resolveChromium(),
      args: ['--enable-unsafe-webgpu', '--disable-background-networking', '--disable-quic'],
    },
  },
  webServer: {
    command: `node node_modules/vite/bin/vite.js preview --port ${port} --outDir ${process.env.OUT_DIR ?? 'dist'}`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 60_000,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
