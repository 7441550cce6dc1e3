import { expect, test, type Page } from './fixtures';

// Teaching mode: step-by-phase shows what each phase produced (real engine in the worker, default sizes).
test.describe.configure({ timeout: 240_000 });

const output = (page: Page) => page.getByTestId('phase-output');

async function stepTo(page: Page, phase: string, timeout = 30_000) {
  await page.getByTestId('train-step-phase').click();
  await expect(page.getByTestId(`phase-${phase}`)).toHaveAttribute('aria-current', 'step', { timeout });
  await expect(output(page)).toHaveAttribute('data-phase', phase);
}

test('each phase shows its output: responses, R and C, shaped streams, old → new λ, losses', async ({ page }) => {
  // No λ update delay, so the rule runs in iteration 0.
  await page.goto('/#v=2&ld=0&rule=upstream&li=10'); // upstream's rule from λ₀ 10, as the Safe RLHF-V preset
  await page.getByTestId('nav-train').click();
  await expect(output(page)).toHaveCount(0);

  await stepTo(page, 'rollout', 120_000);
  const rows = output(page).locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(output(page)).toContainText('Output of Rollout (iteration 0)');
  const firstResponse = (await rows.first().locator('td').nth(1).textContent())?.trim();
  expect(firstResponse?.length).toBeGreaterThan(0);

  await stepTo(page, 'score');
  // The same responses, now with their R and C (numbers).
  await expect(rows.first().locator('td').nth(1)).toHaveText(firstResponse!);
  const reward = Number(await rows.first().locator('td').nth(3).textContent());
  expect(Number.isFinite(reward)).toBe(true);
  await expect(output(page)).toContainText('J_C =');

  await stepTo(page, 'advantages');
  const tokens = output(page).locator('tbody tr');
  expect(await tokens.count()).toBeGreaterThan(0);
  await expect(output(page).locator('thead')).toContainText('A_c');
  const advantage = Number(await tokens.first().locator('td').nth(2).textContent());
  expect(Number.isFinite(advantage)).toBe(true);

  await stepTo(page, 'lambda');
  const change = await page.getByTestId('phase-lambda-change').textContent();
  const [before, after] = (change ?? '').replace('λ:', '').split('→').map((s) => Number(s.trim()));
  expect(before).toBe(10); // λ initial of the default preset
  expect(Number.isFinite(after)).toBe(true);
  const substituted = await page.getByTestId('phase-lambda-substituted').textContent();
  expect(substituted).toContain('log 10 + 0.1·10·(');
  const recorded = Number(await page.getByTestId('phase-lambda-change').getAttribute('data-after'));
  expect(substituted).toMatch(new RegExp(`λ = ${String(Number(recorded.toPrecision(5))).replace('.', '\\.')}`));

  await stepTo(page, 'update');
  await expect(output(page)).toContainText('Actor loss');
  await expect(output(page)).toContainText('Cost-critic loss');
  await expect(output(page)).toContainText('nats/token');
  await expect(page.getByTestId('metric-iteration')).toHaveText('1');
  // The readout's λ is the one the update used.
  await expect(output(page)).toContainText(`λ used${String(after)}`);

  // A full iteration moves past the stepped phases: their output is cleared rather than left stale.
  await page.getByTestId('train-step').click();
  await expect(output(page)).toHaveCount(0);
  await expect(page.getByTestId('metric-iteration')).toHaveText('2', { timeout: 60_000 });
  await expect(output(page)).toHaveCount(0);
});

test('slow mode shows each phase output while the run plays, and a full-speed run hides the stale one', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-slow-mode').check();
  await page.getByTestId('train-start').click();
  await expect(output(page)).toBeVisible({ timeout: 120_000 });
  const seen = new Set<string>();
  await expect
    .poll(async () => {
      const phase = await output(page).getAttribute('data-phase').catch(() => null);
      if (phase) seen.add(phase);
      return seen.size;
    }, { timeout: 60_000, intervals: [200] })
    .toBeGreaterThanOrEqual(3);
  await page.getByTestId('train-slow-mode').uncheck();
  await expect(output(page)).toHaveCount(0);
  await page.getByTestId('train-pause').click();
});

/** A number as the panel shows it: '(−0.125)' or '−0.125' → −0.125. */
const shownNumber = (text: string | null) => Number((text ?? '').replace(/[()]/g, '').replace('−', '-').trim());

/** The λ step's terms as shown (symbol → the number in the panel's text, not its data attribute). */
async function shownTerms(page: Page): Promise<Record<string, number>> {
  const terms: Record<string, number> = {};
  for (const item of await page.getByTestId('lambda-term').all()) {
    terms[(await item.getAttribute('data-symbol'))!] = shownNumber(await item.locator('dd').textContent());
  }
  return terms;
}

/** λ recomputed from the shown numbers, as a student would with the rule's formula. */
const RECOMPUTE: Record<string, (t: Record<string, number>, shown: { before: number; cost: number; threshold: number; max: number }) => number> = {
  upstream: (t, s) => Math.min(s.before * Math.exp(t['Δlog λ']), s.max),
  additive: (t, s) => Math.min(Math.max(0, s.before + t.lr * (s.cost - s.threshold)), s.max),
  pid: (t, s) => Math.min(Math.max(0, t.K_p * t.P + t.I + t.K_d * t.D), s.max),
};

for (const rule of ['upstream', 'additive', 'pid'] as const) {
  test(`${rule}: stepping phase by phase, the λ panel's numbers give the new λ and the readouts show the current λ and J_C`, async ({ page }) => {
    await page.goto(`/#v=3&ld=0&rule=${rule}`);
    await page.getByTestId('nav-train').click();
    // pid: one full iteration first, so P, I and the cost history carry state into the explained step.
    const iteration = rule === 'pid' ? 1 : 0;
    if (iteration > 0) {
      await page.getByTestId('train-step').click();
      await expect(page.getByTestId('metric-iteration')).toHaveText('1', { timeout: 120_000 });
    }
    await stepTo(page, 'rollout', 120_000);
    await stepTo(page, 'score');
    const jc = Number(await page.getByTestId('metric-episode-cost').getAttribute('data-value'));
    await expect(page.getByTestId('metric-episode-cost')).toHaveAttribute('data-iteration', String(iteration));
    await stepTo(page, 'advantages');
    await stepTo(page, 'lambda');

    const change = page.getByTestId('phase-lambda-change');
    const before = Number(await change.getAttribute('data-before'));
    const after = Number(await change.getAttribute('data-after'));
    const text = (await output(page).textContent()) ?? '';
    const shown = {
      before,
      cost: shownNumber(/J_C = (\S+),/.exec(text)![1]),
      threshold: shownNumber(/threshold = (\S+),/.exec(text)![1]),
      max: shownNumber(/λ_max = (\S+):/.exec(text)![1]),
    };
    const terms = await shownTerms(page);
    const recomputed = RECOMPUTE[rule](terms, shown);
    expect(Math.abs(recomputed - after)).toBeLessThanOrEqual(Math.max(5e-4 * Math.abs(after), 1e-4));
    if (rule === 'pid') {
      // The gains the step used, and no λ learning rate it does not use.
      for (const symbol of ['P', 'I', 'D', 'K_p', 'K_i', 'K_d']) expect(Number.isFinite(terms[symbol])).toBe(true);
      expect(terms.lr).toBeUndefined();
      await expect(page.getByTestId('phase-lambda-substituted')).not.toContainText('lr');
      await expect(page.getByTestId('lambda-next-step')).toContainText('P is a smoothed J_C − threshold');
    }

    // Readouts and "What is happening" show this iteration's λ and J_C, before its row lands.
    await expect(page.getByTestId('metric-lambda')).toHaveAttribute('data-iteration', String(iteration));
    expect(Math.abs(Number(await page.getByTestId('metric-lambda').getAttribute('data-value')) - after)).toBeLessThanOrEqual(1e-5 * Math.max(1, after));
    expect(Number(await page.getByTestId('metric-episode-cost').getAttribute('data-value'))).toBe(jc);
    const explanation = page.getByTestId('lambda-explanation');
    await expect(explanation).toHaveAttribute('data-iteration', String(iteration));
    expect(Number(await explanation.getAttribute('data-next-lambda'))).toBe(after);
    await expect(page.getByTestId('metric-iteration')).toHaveText(String(iteration));
  });
}
