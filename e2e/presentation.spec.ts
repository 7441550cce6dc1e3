import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';

// Issue 24 items 4 and 5: the teacher's projector (1024×768, 150 % zoom) and the student's phone (390×844).
test.describe.configure({ timeout: 240_000 });

/** The element's box in viewport pixels. */
async function box(page: Page, testId: string) {
  const found = await page.getByTestId(testId).boundingBox();
  if (!found) throw new Error(`${testId} has no box`);
  return found;
}

async function fullyInViewport(page: Page, testId: string) {
  const b = await box(page, testId);
  const { width, height } = page.viewportSize()!;
  expect(b.x, `${testId} left`).toBeGreaterThanOrEqual(0);
  expect(b.y, `${testId} top`).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width, `${testId} right`).toBeLessThanOrEqual(width);
  expect(b.y + b.height, `${testId} bottom`).toBeLessThanOrEqual(height);
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

/** Smallest computed font size (px) of the matched elements that show text. */
async function smallestFont(page: Page, selector: string): Promise<number> {
  return page.evaluate((css) => {
    let min = Infinity;
    for (const element of document.querySelectorAll(css)) {
      if (!(element.textContent ?? '').trim() || (element as HTMLElement).offsetParent === null && element.tagName !== 'text') continue;
      min = Math.min(min, parseFloat(getComputedStyle(element).fontSize));
    }
    return min;
  }, selector);
}

test('presentation view at 1024×768: λ, J_C with its limit and reward on one screen, large type', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/?backend=wasm#v=3&tab=train&autoplay=1&class=1&view=present');
  await expect(page.getByTestId('app')).toHaveAttribute('data-view', 'present');
  await expect(page.getByTestId('present-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('chart-lambda')).toHaveAttribute('data-points', /^[2-9]|\d\d/, { timeout: 180_000 });
  for (const chart of ['chart-lambda', 'chart-cost', 'chart-reward']) await fullyInViewport(page, chart);
  // The cost chart draws the limit in force; the other charts and the settings step aside.
  await expect(page.getByTestId('threshold-history')).toHaveAttribute('data-values', /^0:-0\.5/);
  await expect(page.getByTestId('chart-kl')).toHaveCount(0);
  await expect(page.getByTestId('param-threshold')).toBeHidden();
  // Readouts ≥ 24 px; every chart text (axes, titles, notes, legends) ≥ 16 px.
  expect(await smallestFont(page, '.live-readouts .value')).toBeGreaterThanOrEqual(24);
  expect(await smallestFont(page, '.train-charts svg text')).toBeGreaterThanOrEqual(16);
  expect(await smallestFont(page, '.train-charts :is(figcaption, .chart-note, .legend-item)')).toBeGreaterThanOrEqual(16);
  expect(await seriousViolations(page)).toEqual([]);

  // The button leaves it (and the link no longer says view=present); and goes back.
  await page.getByTestId('present-toggle').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-view', 'normal');
  await expect(page.getByTestId('chart-kl')).toBeVisible();
  await expect.poll(() => page.evaluate(() => location.hash)).not.toContain('view=present');
  await page.getByTestId('present-toggle').click();
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('view=present');
});

test('150 % zoom (1440×900 at 1.5 = 960×600 CSS px): the λ chart comes before the settings, no sticky bar over it', async ({ page }) => {
  await page.setViewportSize({ width: 960, height: 600 });
  await page.goto('/#v=3&tab=train');
  await expect(page.getByTestId('chart-lambda')).toBeVisible();
  const lambda = await box(page, 'chart-lambda');
  const settings = await box(page, 'param-threshold');
  expect(lambda.y).toBeLessThan(settings.y);
  // The run bar scrolls with the page: scrolled to the λ chart, nothing covers it.
  await page.getByTestId('chart-lambda').scrollIntoViewIfNeeded();
  const bar = await box(page, 'run-bar');
  const shown = await box(page, 'chart-lambda');
  expect(bar.y + bar.height <= shown.y || bar.y >= shown.y + shown.height).toBe(true);
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('.train-top')!).position)).toBe('static');
});

test('phone 390×844: a classroom link shows a moving λ chart in the viewport; nothing is wider than the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?backend=wasm#v=3&tab=train&autoplay=1&class=1');
  const lambda = page.getByTestId('chart-lambda');
  await expect(lambda).toBeVisible();
  // The λ plot is on the first screen without scrolling, and the run bar (not sticky here) never covers it.
  const plot = await lambda.locator('.chart-plot').boundingBox();
  expect(plot!.y).toBeLessThan(844 - 120);
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('.train-top')!).position)).toBe('static');
  // Moving: from the first drawn iteration, more points arrive within 10 s.
  await expect(lambda).toHaveAttribute('data-points', /^[1-9]/, { timeout: 180_000 });
  const first = Number(await lambda.getAttribute('data-points'));
  await expect.poll(async () => Number(await lambda.getAttribute('data-points')), { timeout: 10_000 }).toBeGreaterThan(first);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  expect((await lambda.locator('.chart-plot').boundingBox())!.y).toBeLessThan(844 - 120);

  // Nothing sideways: the page, the header's share buttons and badge, the Classroom dialog.
  await expect(lambda).toHaveAttribute('data-points', /^([3-9]|\d\d)/, { timeout: 120_000 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  for (const id of ['copy-link', 'classroom-link', 'backend-badge']) {
    const b = await box(page, id);
    expect(b.x, id).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width, id).toBeLessThanOrEqual(390);
  }
  await page.getByTestId('classroom-link').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const d = (await dialog.boundingBox())!;
  expect(d.x).toBeGreaterThanOrEqual(0);
  expect(d.x + d.width).toBeLessThanOrEqual(390);
  await page.keyboard.press('Escape');
  expect(await seriousViolations(page)).toEqual([]);
});
