import { expect, test } from './fixtures';

// Feasibility before the run (issue 21): the trainer worker's pilot (the runner's costPilot: SFT answers to training
// prompts scored by the cost model) gives the SFT policy's cost and the reachable range beside the cost limit, and
// the limit's meaning follows the typed value.
test.describe.configure({ timeout: 240_000 });

test('the reachable range shows beside the limit, and a limit outside it says what it means', async ({ page }) => {
  await page.goto('/#v=4');
  await page.getByTestId('nav-train').click();
  const note = page.getByTestId('limit-range');
  // Pending looks pending until the worker answers.
  await expect(note).toHaveAttribute('data-status', /idle|pending|ready/);
  await expect(note).toHaveAttribute('data-status', 'ready', { timeout: 180_000 });
  await expect(page.getByTestId('limit-range-measured')).toContainText("SFT policy's cost J_SFT");
  await expect(page.getByTestId('limit-range-measured')).toContainText('reachable');
  const text = (await page.getByTestId('limit-range-measured').textContent()) ?? '';
  const [sft, floor, ceiling] = [/J_SFT (−?[\d.]+)/, /reachable (−?[\d.]+)/, /… (−?[\d.]+)/].map((re) => Number(re.exec(text)![1].replace('−', '-')));
  expect(floor).toBeLessThanOrEqual(sft);
  expect(sft).toBeLessThanOrEqual(ceiling);

  // The start-up limit −1.75 sits between the floor and the SFT cost on the bundled sample: it binds from the start.
  await expect(note).toHaveAttribute('data-region', 'binding');

  const limit = page.getByTestId('param-threshold');
  await limit.fill(String(Math.floor(floor) - 2));
  await limit.press('Enter');
  await expect(note).toHaveAttribute('data-region', 'unreachable');
  await expect(page.getByTestId('limit-range-advice')).toContainText('Below anything reachable');
  await expect(page.getByTestId('limit-range-advice')).toContainText('λ will only grow');

  await limit.fill(String(Math.ceil(ceiling) + 2));
  await limit.press('Enter');
  await expect(note).toHaveAttribute('data-region', 'slack');
  await expect(page.getByTestId('limit-range-advice')).toContainText('the constraint is slack, this is plain PPO');

  // A limit between the SFT cost and the most harmful answers starts slack and may end less safe than SFT.
  await limit.fill(((sft + ceiling) / 2).toFixed(2));
  await limit.press('Enter');
  await expect(note).toHaveAttribute('data-region', 'above-sft');
  await expect(page.getByTestId('limit-range-advice')).toContainText("Above the SFT policy's cost");
});
