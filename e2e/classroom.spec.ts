import { expect, test, type Page } from './fixtures';

// Classroom and first-visit paths: links open on Train and start only where students can see it; projector layouts.
test.describe.configure({ timeout: 300_000 });

const PROJECTORS = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
];

const num = async (page: Page, testId: string) => Number((await page.getByTestId(testId).textContent())?.trim());

/** How many lines the longest-wrapping text of each header button takes (1 = no wrapping). */
function headerButtonLines(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const lines: Record<string, number> = {};
    for (const button of document.querySelectorAll<HTMLElement>('.app-header button')) {
      if (button.offsetParent === null) continue;
      const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
      let most = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        most = Math.max(most, tops.size);
      }
      lines[button.textContent?.trim() ?? '?'] = most;
    }
    return lines;
  });
}

test('a classroom link opened cold at 1024×768 shows Train with λ moving', async ({ page, browser }) => {
  // The teacher builds the link in the dialog (autoplay on), the student opens it in a fresh browser context.
  await page.goto('/');
  await page.getByTestId('classroom-link').click();
  await page.getByTestId('classroom-autoplay').check();
  await page.getByTestId('hide-nav-data').check();
  const url = await page.getByTestId('classroom-url').inputValue();
  expect(url).toMatch(/#v=4&tab=train&hide=nav-data&autoplay=1&class=1$/);

  const student = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const room = await student.newPage();
  await room.goto(url);
  await expect(room.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await expect(room.getByTestId('nav-data')).toBeHidden();
  // Students cannot overwrite the teacher's settings with a preset.
  await expect(room.getByTestId('train-preset')).toBeDisabled();
  await expect(room.getByTestId('preset-locked')).toBeVisible();
  await expect(room.getByTestId('train-preset-apply')).toHaveCount(0);

  // It starts by itself, and the λ chart is on screen without scrolling while λ moves off λ₀ = 10.
  await expect(room.getByTestId('train-state')).toHaveAttribute('data-state', /initialising|running/, { timeout: 120_000 });
  await expect(room.getByTestId('chart-lambda')).toBeInViewport();
  await expect
    .poll(
      async () => {
        const lambda = await num(room, 'metric-lambda'); // '—' (NaN) until the first iteration is recorded
        return Number.isFinite(lambda) && lambda !== 10;
      },
      { timeout: 180_000 },
    )
    .toBe(true);
  await expect
    .poll(async () => Number(await room.getByTestId('chart-lambda').getAttribute('data-points')))
    .toBeGreaterThan(1);
  await expect(room.getByTestId('chart-lambda')).toBeInViewport();
  await room.getByTestId('train-stop').click();
  await student.close();
});

test('autoplay waits until Train is on screen, then starts from iteration 0', async ({ page, context }) => {
  // Hold the bundled sample so the page cannot be ready before the student wanders off to another area.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await context.route('**/sample/manifest.json', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/#v=3&it=3&autoplay=1');
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('autoplay-status')).toHaveAttribute('data-state', 'waiting');

  await page.getByTestId('nav-runs').click();
  release();
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await page.getByTestId('nav-data').click();
  await expect.poll(() => num(page, 'dataset-row-count'), { timeout: 90_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(1500);
  // Out of sight nothing trained: back on Train it is still at iteration 0, and only now starts.
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('metric-iteration')).toHaveText('0');
  await expect.poll(() => num(page, 'metric-iteration'), { timeout: 180_000 }).toBeGreaterThanOrEqual(1);
});

test('autoplay never starts on values that fell back to defaults, and says so beside Start', async ({ page }) => {
  await page.goto('/#v=3&thr=banana&autoplay=1&class=1');
  const status = page.getByTestId('autoplay-status');
  await expect(status).toHaveAttribute('data-state', 'held');
  await expect(status).toContainText('thr: "banana" is not a number');
  await expect(status).toContainText('press Start');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await page.waitForTimeout(3000);
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'uninitialised');
  await expect(page.getByTestId('param-threshold')).toHaveValue('-1.75');
});

test('a first visit lands on Train with one obvious Start; it moves at once and keeps keyboard focus', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  const primary = page.locator('.train-area button.primary:visible');
  await expect(primary).toHaveCount(1);
  await expect(primary).toHaveAttribute('data-testid', 'train-start');

  // Skip link: the first Tab stop, it moves focus to the main content without touching the link hash.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip-link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
  expect(new URL(page.url()).hash).not.toContain('main');

  // Start from the keyboard: within 2 s something visibly moves, and focus stays on the run controls.
  await page.getByTestId('train-start').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('train-activity')).toHaveAttribute('data-active', 'true', { timeout: 2000 });
  await expect(page.getByTestId('train-activity').locator('progress')).toBeVisible({ timeout: 2000 });
  await expect(page.locator('body')).not.toBeFocused();
  await expect(page.getByTestId('train-pause')).toBeFocused({ timeout: 120_000 });
  await page.keyboard.press('Enter'); // Pause, from where focus went; then focus moves on to Resume, and back
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'paused', { timeout: 60_000 });
  await expect(page.getByTestId('train-resume')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('train-pause')).toBeFocused({ timeout: 60_000 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'paused', { timeout: 60_000 });

  // Data stays one click away.
  await page.getByTestId('nav-data').click();
  await expect(page.getByTestId('dataset-row-count')).toBeVisible();
});

for (const viewport of PROJECTORS) {
  test(`projector layout ${viewport.width}×${viewport.height}: one-line header, chart titles clear of the run bar`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto('/?backend=cpu');
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
    for (const [label, lines] of Object.entries(await headerButtonLines(page))) {
      expect(lines, `header button "${label}"`).toBe(1);
    }
    // The badge names the backend in use only; a WebGPU adapter that is not in use stays out of it.
    await expect(page.getByTestId('backend-badge')).toHaveText('cpu');
    await expect(page.getByTestId('chart-lambda')).toBeInViewport();

    // Bringing a chart into view (keyboard focus, or scrolling it to the top as a link to it does) keeps its title
    // below the sticky run bar, which stays compact.
    const bar = page.getByTestId('run-bar');
    expect((await bar.boundingBox())!.height, 'run bar height').toBeLessThanOrEqual(viewport.height * 0.2);
    for (const chart of ['chart-cost', 'chart-kl', 'chart-losses', 'chart-eval']) {
      const figure = page.getByTestId(chart);
      for (const bringIntoView of [
        () => figure.locator('button').first().focus(),
        () => figure.evaluate((element) => element.scrollIntoView({ block: 'start' })),
      ]) {
        await bringIntoView();
        const [stuck, title] = [(await bar.boundingBox())!, (await figure.locator('figcaption').boundingBox())!];
        expect(title.y, `${chart} title below the run bar`).toBeGreaterThanOrEqual(stuck.y + stuck.height);
      }
    }
  });
}

test('a classroom link shows the config JSON read-only, like the preset picker', async ({ page }) => {
  await page.goto('/#v=3&tab=train&class=1');
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await page.locator('[data-hide-id="train-json"] summary').click();
  const json = page.getByTestId('train-json-text');
  await expect(json).toBeVisible();
  await expect(json).not.toBeEditable();
  await expect(page.getByTestId('train-json-locked')).toBeVisible();
  await expect(page.getByTestId('train-json-apply')).toHaveCount(0);
  // Typing changes nothing: the shown JSON is still the settings in force.
  const before = await json.inputValue();
  await json.press('End');
  await page.keyboard.type('x');
  await expect(json).toHaveValue(before);
  // A v3 link without `thr` keeps the limit it ran at then (link v4 migration), not today's start-up −1.75.
  expect(JSON.parse(before)).toMatchObject({ threshold: -0.5 });

  // Without class=1 the same editor is editable.
  await page.goto('/#v=3&tab=train');
  await page.reload();
  await page.locator('[data-hide-id="train-json"] summary').click();
  await expect(page.getByTestId('train-json-text')).toBeEditable();
  await expect(page.getByTestId('train-json-apply')).toBeVisible();
  await expect(page.getByTestId('train-json-locked')).toHaveCount(0);
});
