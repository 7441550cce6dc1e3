// Which Chromium the e2e tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium,
// else Playwright's own download if one is installed. Never downloads anything.
import { existsSync } from 'node:fs';

export function resolveChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/lib/chromium/chromium'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  return undefined; // Playwright falls back to its own browser, if installed
}
