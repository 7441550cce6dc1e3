// Runs the Playwright suite against the system Chromium, or explains how to get one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolveChromium } from './chromium-path.mjs';

if (!resolveChromium()) {
  let hasPlaywrightBrowser = false;
  try {
    const { chromium } = await import('@playwright/test');
    hasPlaywrightBrowser = existsSync(chromium.executablePath());
  } catch {
    hasPlaywrightBrowser = false;
  }
  if (!hasPlaywrightBrowser) {
    console.error(
      'No Chromium found for the e2e tests. Install one: `apt-get install chromium` on Debian, ' +
        'or set CHROMIUM_PATH to a Chromium/Chrome binary.',
    );
    process.exit(2);
  }
}
const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
