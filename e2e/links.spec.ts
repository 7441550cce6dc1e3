import { expect, test, type Page } from '@playwright/test';

async function openTrain(page: Page) {
  await page.getByTestId('nav-train').click();
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
  await expect(page).toHaveURL(/\?backend=cpu#v=2&alg=reward-shaping&thr=0\.35&llr=0\.05$/);

  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link-status')).toHaveText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await page.getByTestId('copy-link-status').getAttribute('data-url'));
  expect(copied).toMatch(
    /^http:\/\/127\.0\.0\.1:\d+\/\?backend=cpu#v=2&alg=reward-shaping&thr=0\.35&llr=0\.05$/,
  );

  const other = await context.newPage();
  await other.goto(copied);
  await openTrain(other);
  await expect(other.getByTestId('param-threshold')).toHaveValue('0.35');
  await expect(other.getByTestId('param-lambdaLr')).toHaveValue('0.05');
  await expect(other.getByTestId('param-algorithm')).toHaveValue('reward-shaping');
  await expect(other.getByTestId('param-lambdaMax')).toHaveValue('20'); // untouched settings keep their defaults
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
  expect(url).toMatch(/#v=2&hide=nav-data,train-params$/);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  const student = await context.newPage();
  await student.goto(url);
  await expect(student.getByTestId('nav-data')).toBeHidden();
  await expect(student.getByTestId('nav-runs')).toBeVisible();
  await student.getByTestId('nav-train').click();
  await expect(student.getByTestId('train-start')).toBeVisible();
  await expect(student.locator('[data-hide-id="train-params"]')).toBeHidden();
  await expect(student.getByTestId('param-threshold')).toBeHidden();
  await expect(student.locator('[data-hide-id="train-presets"]')).toBeVisible();
});

test('an invalid or hostile link falls back to defaults with a notice naming the key and value', async ({
  page,
}) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  await page.goto('/#v=1&thr=banana&lm=7&alg=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&__proto__=1');
  await expect(
    page.getByText('Link: thr: "banana" is not a number from -20 to 20; using the default -0.5.'),
  ).toBeVisible();
  await expect(page.getByText(/Link: alg: "<img src=x onerror=alert\(1\)>" is not one of/)).toBeVisible();
  await openTrain(page);
  await expect(page.getByTestId('param-threshold')).toHaveValue('-0.5');
  await expect(page.getByTestId('param-lambdaMax')).toHaveValue('7');
  await expect(page.getByTestId('param-algorithm')).toHaveValue('ppo-lag');
  expect(dialogs).toBe(0);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
});

test('editing the hash in the address bar re-applies it (hashchange)', async ({ page }) => {
  await page.goto('/');
  await openTrain(page);
  await page.evaluate(() => (window.location.hash = '#v=1&thr=1.5'));
  await expect(page.getByTestId('param-threshold')).toHaveValue('1.5');
});

test('autoplay=1 starts training once the backend and the data are ready', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/#v=1&it=2&autoplay=1');
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('param-iterations')).toHaveValue('2');
  await expect
    .poll(async () => Number(await page.getByTestId('metric-iteration').textContent()), { timeout: 240_000 })
    .toBeGreaterThanOrEqual(1);
  await expect(page).toHaveURL(/autoplay=1/); // kept, so a reload of a classroom link starts again
});
