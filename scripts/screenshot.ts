/**
 * Saves a screenshot of the Train area during a run, for the README; with `--phase`, of the teaching mode instead:
 * one full iteration, then step-by-phase up to that phase of the next one, capturing the phase strip and its output.
 *
 *   npx vite build && npx vite preview --port 4173 &
 *   npx tsx scripts/screenshot.ts [--url http://127.0.0.1:4173] [--out docs/train.png] [--iterations 25]
 *   npx tsx scripts/screenshot.ts --width 1024 --height 768 --link '#v=3&tab=train&autoplay=1&class=1' \
 *     --out docs/projector-1024x768.png --iterations 12 --pause 0
 *
 *   npx tsx scripts/screenshot.ts --width 1024 --height 768 --out docs/present-1024x768.png --iterations 12 --pause 0 \
 *     --link '#v=3&tab=train&autoplay=1&class=1&view=present'
 *   npx tsx scripts/screenshot.ts --width 390 --height 844 --out docs/phone-390x844.png --iterations 6 --pause 0 \
 *     --link '#v=3&tab=train&autoplay=1&class=1'
 *
 * `--link` opens a shared or classroom link (a hash) instead of pressing Start: with autoplay=1 it starts on its
 * own. `--pause 0` keeps the run going for the shot (the run bar then says "running").
 *   npx tsx scripts/screenshot.ts --phase lambda --out docs/teaching.png
 *
 * Drives the system Chromium through playwright-core (never downloads a browser).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { resolveChromium } from './chromium-path.mjs';
import { cliOption } from './cliOption';

async function main(): Promise<void> {
  const url = cliOption('url', 'http://127.0.0.1:4173');
  const out = cliOption('out', 'docs/train.png');
  const iterations = Number(cliOption('iterations', '25'));
  const width = Number(cliOption('width', '1440'));
  const height = Number(cliOption('height', '1500'));
  const link = cliOption('link', '');
  const pause = cliOption('pause', '1') !== '0';
  const phase = cliOption('phase', '');
  const executablePath = resolveChromium();
  if (!executablePath) throw new Error('No Chromium found: install one (apt-get install chromium) or set CHROMIUM_PATH.');

  const browser = await chromium.launch({ executablePath, args: ['--enable-unsafe-webgpu'] });
  try {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    await page.goto(`${url}${link}`);
    // The presentation view (view=present) hides the area tabs: it is on Train already.
    if (await page.getByTestId('nav-train').isVisible()) await page.getByTestId('nav-train').click();
    if (phase) {
      await teachingShot(page, phase, out);
      return;
    }
    if (!/autoplay=1/.test(link)) await page.getByTestId('train-start').click();
    const started = Date.now();
    for (;;) {
      const text = await page.getByTestId('metric-iteration').textContent();
      if (Number(text) >= iterations) break;
      if (Date.now() - started > 240_000) throw new Error(`Training did not reach ${iterations} iterations in 4 minutes.`);
      await page.waitForTimeout(500);
    }
    // A run that reached its configured length has already stopped (Pause is then disabled).
    if (pause && (await page.getByTestId('train-pause').isEnabled())) await page.getByTestId('train-pause').click();
    await page.waitForTimeout(500);
    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: false });
    console.log(`Saved ${out} at iteration ${await page.getByTestId('metric-iteration').textContent()}.`);
  } finally {
    await browser.close();
  }
}

/** Iteration 0 in one step, then single phases until `phase` of iteration 1 has run; shoots the phase panel. */
async function teachingShot(page: Page, phase: string, out: string): Promise<void> {
  await page.getByTestId('train-step').click();
  await page.getByTestId('metric-iteration').filter({ hasText: /^1$/ }).waitFor({ timeout: 240_000 });
  const phases = ['rollout', 'score', 'advantages', 'lambda', 'update'];
  const stop = phases.indexOf(phase);
  if (stop < 0) throw new Error(`--phase must be one of ${phases.join(', ')} (got "${phase}")`);
  for (const next of phases.slice(0, stop + 1)) {
    await page.getByTestId('train-step-phase').click();
    await page.locator(`[data-testid="phase-output"][data-phase="${next}"]`).waitFor({ timeout: 60_000 });
  }
  mkdirSync(dirname(out), { recursive: true });
  await page.locator('.phase-panel').screenshot({ path: out });
  console.log(`Saved ${out}: the ${phase} phase output of iteration 1.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
