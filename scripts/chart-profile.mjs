// Main-thread CPU of the Train dashboard's redraws, from Chromium's sampling profiler: a built app (`--dir`, default
// dist) is served, `n` iterations of recorded-style rows are seeded through the ?e2e-hooks test hook, then the table
// grows by one row every 100 ms (the metrics hub's flush rate) for 50 rounds while every Train chart is on screen.
// Prints the sampled busy time per round and the top functions. Measured, never asserted (issue 12).
//   node scripts/chart-profile.mjs --dir dist --rows 2000 [--port 4299]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { resolveChromium } from './chromium-path.mjs';

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const dir = option('dir', 'dist');
const port = Number(option('port', 4299));
const n = Number(option('rows', 2000));
const ROUNDS = 50;

const server = spawn('node', ['node_modules/vite/bin/vite.js', 'preview', '--port', String(port), '--outDir', dir], {
  stdio: 'ignore',
});
try {
  await new Promise((resolve) => setTimeout(resolve, 4000));
  const browser = await chromium.launch({ executablePath: resolveChromium() });
  const page = await browser.newPage({ viewport: { width: 1280, height: 3000 } });
  await page.goto(`http://127.0.0.1:${port}/?e2e-hooks`);
  await page.getByTestId('nav-train').click();
  await page.waitForTimeout(3000);
  let state = 12345;
  const noise = () => ((state = (state * 1103515245 + 12345) % 2 ** 31), state / 2 ** 31 - 0.5);
  const rows = Array.from({ length: n + ROUNDS }, (_, i) => ({
    iteration: i,
    rewardMean: Math.sin(i / 30) + 0.2 * noise(),
    costMean: 0.5 * Math.cos(i / 50) + 0.2 * noise(),
    episodeCost: 0.5 * Math.cos(i / 50),
    lambda: 4 * Math.exp(-(((i - 40) / 25) ** 2)) + 0.2 + 0.05 * noise(),
    threshold: i < n / 2 ? 0 : -0.1,
    kl: 0.3 * Math.log1p(i / 50),
    entropy: 2 - i / 4000,
    responseLength: 8 + noise(),
    unsafeRate: 0.3 * (noise() + 0.5),
    refusalRate: 0.1,
    actorLoss: 0.1 * noise(),
    rewardCriticLoss: 0.5,
    costCriticLoss: 0.4,
    clipFraction: 0.05,
    approxKl: 0.01,
    rewardWithKl: Math.sin(i / 30),
  }));
  const client = await page.context().newCDPSession(page);
  await client.send('Profiler.enable');
  await client.send('Profiler.setSamplingInterval', { interval: 200 });
  await page.evaluate((d) => window.__e2e.seedPpoHistory(d.slice(0, d.length - 50)), rows);
  await page.waitForTimeout(2000);
  await client.send('Profiler.start');
  await page.evaluate(async (d) => {
    for (let k = 1; k <= 50; k++) {
      window.__e2e.seedPpoHistory(d.slice(0, d.length - 50 + k));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, rows);
  await page.waitForTimeout(1000);
  const { profile } = await client.send('Profiler.stop');
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') return;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}`;
    const us = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  });
  console.log(`${dir}, ${n} rows: ${(total / 1000 / ROUNDS).toFixed(1)} ms sampled main-thread time per redraw round`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms  ${key}`);
  }
  await browser.close();
} finally {
  server.kill();
}
