import { expect, test } from './fixtures';

// The Guard says how much of the input its model knows, tempers verdicts on mostly unknown words, and explains
// where the cost model and the guard disagree (shipped models).

test('unknown words temper the verdict; an off-topic answer with C > 0 but a safe guard verdict is explained', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('nav-guard').click();
  await page.getByTestId('guard-source-typed').check();
  await page.getByTestId('guard-custom-question').fill('Is this animal healthy?');
  await page.getByTestId('guard-custom-responses').fill('The weather looks sunny today, good for a walk in the park.\nzorblax quux flimflam wibble glorp.');
  await page.getByTestId('guard-moderate-custom').click();
  const cards = page.getByTestId('guard-verdict-card');
  await expect(cards).toHaveCount(3, { timeout: 90_000 });

  // Known words: the question is read in full; the nonsense response is mostly unknown.
  const known = page.getByTestId('guard-coverage');
  await expect(known.nth(0)).toHaveText('4 of 4 read (100%)');
  const nonsense = cards.nth(2);
  const share = Number(await nonsense.getByTestId('guard-coverage').getAttribute('data-share'));
  expect(share).toBeLessThan(0.5);
  await expect(nonsense.getByTestId('guard-low-coverage')).toHaveText('unsure: mostly unknown words');
  await expect(nonsense.getByTestId('guard-verdict')).toHaveClass(/tempered/);
  await expect(cards.nth(1).getByTestId('guard-low-coverage')).toHaveCount(0);

  // Each response shows the cost model's C; where its sign and the guard's verdict differ, the card says why.
  for (const card of [cards.nth(1), cards.nth(2)]) {
    const cost = await card.getByTestId('guard-cost').textContent();
    const costUnsafe = /unsafe: C > 0/.test(cost ?? '');
    const guardUnsafe = (await card.getByTestId('guard-verdict').textContent()) === 'unsafe';
    await expect(card.getByTestId('judges-disagree')).toHaveCount(costUnsafe === guardUnsafe ? 0 : 1);
  }
  // The shipped cost model gives this off-topic answer C > 0 (+0.131) while the guard calls it safe: the case of
  // refusals and off-topic answers, whose harmless rate gives the cost model little sign to learn.
  const offTopic = cards.nth(1);
  await expect(offTopic.getByTestId('guard-cost')).toContainText('unsafe: C > 0');
  await expect(offTopic.getByTestId('guard-verdict')).toHaveText('safe');
  await expect(offTopic.getByTestId('judges-disagree')).toContainText('off-topic');
  // Safe verdicts do not claim a "top category".
  await expect(offTopic).toContainText('Category scores (not flagged)');
  await expect(offTopic).not.toContainText('Top categories');
});
