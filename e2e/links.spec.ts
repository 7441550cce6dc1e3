import { expect, test, type Page } from './fixtures';

/** Links without a tab open on Train (the default area); other areas are one click away. */
async function openTrain(page: Page) {
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('param-threshold')).toBeVisible();
}

test('copy link → a new page opens with the same settings', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/?backend=cpu');
  await openTrain(page);
  await page.getByTestId('param-threshold').fill('0.35');
  await page.getByTestId('param-lambdaLr').fill('0.05');
  await page.getByTestId('param-algorithm').selectOption('reward-shaping');
  // The address bar follows the edits (debounced replaceState), keeping ?backend=.
  await expect(page).toHaveURL(/\?backend=cpu#v=4&tab=train&alg=reward-shaping&thr=0\.35&llr=0\.05$/);

  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link-status')).toHaveText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await page.getByTestId('copy-link-status').getAttribute('data-url'));
  expect(copied).toMatch(
    /^http:\/\/127\.0\.0\.1:\d+\/\?backend=cpu#v=4&tab=train&alg=reward-shaping&thr=0\.35&llr=0\.05$/,
  );

  const other = await context.newPage();
  await other.goto(copied);
  await openTrain(other);
  await expect(other.getByTestId('param-threshold')).toHaveValue('0.35');
  await expect(other.getByTestId('param-lambdaLr')).toHaveValue('0.05');
  await expect(other.getByTestId('param-algorithm')).toHaveValue('reward-shaping');
  await expect(other.getByTestId('param-lambdaMax')).toHaveValue('20'); // untouched settings keep their defaults
});

test('a link carries the area it was copied from; old links without tab= still open', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/#v=3&thr=0.2');
  await openTrain(page); // an old link (no tab=) opens on the default area with its settings
  await expect(page.getByTestId('param-threshold')).toHaveValue('0.2');
  await page.getByTestId('nav-data').click();
  await expect(page).toHaveURL(/#v=4&tab=data&thr=0\.2$/);
  await page.getByTestId('copy-link').click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/#v=4&tab=data&thr=0\.2$/);

  const other = await context.newPage();
  await other.goto(copied);
  await expect(other.getByTestId('nav-data')).toHaveAttribute('aria-current', 'page');

  // Runs shows this browser's runs, which no link carries: a link copied there lands on Train, with the settings.
  await page.getByTestId('nav-runs').click();
  await expect(page).toHaveURL(/#v=4&tab=train&thr=0\.2$/);
  await page.getByTestId('copy-link').click();
  const fromRuns = await page.evaluate(() => navigator.clipboard.readText());
  expect(fromRuns).toMatch(/#v=4&tab=train&thr=0\.2$/);
  const third = await context.newPage();
  await third.goto(fromRuns);
  await expect(third.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await expect(third.getByTestId('param-threshold')).toHaveValue('0.2');
});

test('a classroom link with hide=train-params hides that panel and nothing else', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await page.getByTestId('classroom-link').click();
  const dialog = page.getByTestId('classroom-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('hide-train-params').check();
  await dialog.getByTestId('hide-nav-data').check();
  const url = await dialog.getByTestId('classroom-url').inputValue();
  expect(url).toMatch(/#v=4&tab=train&hide=nav-data,train-params&class=1$/);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  const student = await context.newPage();
  await student.goto(url);
  await expect(student.getByTestId('nav-data')).toBeHidden();
  await expect(student.getByTestId('nav-runs')).toBeVisible();
  // It lands on Train, not on the hidden Data tab.
  await expect(student.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await expect(student.getByTestId('train-start')).toBeVisible();
  await expect(student.locator('[data-hide-id="train-params"]')).toBeHidden();
  await expect(student.getByTestId('param-threshold')).toBeHidden();
  // The preset picker stays visible but locked.
  await expect(student.locator('[data-hide-id="train-presets"]')).toBeVisible();
  await expect(student.getByTestId('train-preset')).toBeDisabled();
});

test('an invalid or hostile link falls back to defaults with a notice naming the key and value', async ({
  page,
}) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  await page.goto('/#v=3&thr=banana&lm=7&alg=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&__proto__=1');
  await expect(
    page.getByText('Link: thr: "banana" is not a number from -20 to 20; using the default -1.75.'),
  ).toBeVisible();
  await expect(page.getByText(/Link: alg: "<img src=x onerror=alert\(1\)>" is not one of/)).toBeVisible();
  await openTrain(page);
  await expect(page.getByTestId('param-threshold')).toHaveValue('-1.75');
  await expect(page.getByTestId('param-lambdaMax')).toHaveValue('7');
  await expect(page.getByTestId('param-algorithm')).toHaveValue('ppo-lag');
  expect(dialogs).toBe(0);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
});

test('editing the hash in the address bar re-applies it (hashchange)', async ({ page }) => {
  await page.goto('/');
  await openTrain(page);
  await page.evaluate(() => (window.location.hash = '#v=3&thr=1.5'));
  await expect(page.getByTestId('param-threshold')).toHaveValue('1.5');
});

test('autoplay=1 starts training once the backend and the data are ready', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/#v=3&it=2&autoplay=1');
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('param-iterations')).toHaveValue('2');
  await expect
    .poll(async () => Number(await page.getByTestId('metric-iteration').textContent()), { timeout: 240_000 })
    .toBeGreaterThanOrEqual(1);
  await expect(page).toHaveURL(/autoplay=1/); // kept, so a reload of a classroom link starts again
});
