import { expect, test, type Page } from './fixtures';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { encodePng } from '../src/data/nodePng';

// The published BeaverTails-V preference schema, written explicitly (the image column is the HF Image struct).
const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const;
const INT64 = { type: 'INT64', repetition_type: 'OPTIONAL' } as const;
const TEXT_COLUMNS = [
  'question', 'category', 'response_1', 'response_2', 'response_1_from', 'response_2_from',
  'more_helpful_response_id', 'safer_response_id', 'is_response_1_safe', 'is_response_2_safe',
] as const;
const CATEGORIES = ['animal_abuse', 'sexual_crimes', 'horror_and_gore', 'false_information'];
const INT_COLUMNS = [
  'image_severity', 'response_1_harmless_rate', 'response_2_harmless_rate', 'response_1_helpful_rate',
  'response_2_helpful_rate',
] as const;

/**
 * Preference pairs in the exact published schema (string ids, "yes"/"no", int64 ratings, image structs): by default
 * three rows with tiny PNGs; `count` rows without images for the large-list check.
 */
function fixtureParquet(count = 3): ArrayBuffer {
  const png = encodePng(4, 4, new Uint8Array(4 * 4 * 3).fill(200));
  const rows = Array.from({ length: count }, (_, i) => ({
    question: `Fixture question ${i}: what is shown in this picture?`,
    image: count > 3 ? null : { bytes: png, path: i === 2 ? null : `fixture-${i}.png` },
    category: count > 3 ? CATEGORIES[i % CATEGORIES.length] : 'animal_abuse',
    image_severity: BigInt(i % 4),
    response_1: `I am sorry, I cannot help with that (fixture ${i}).`,
    response_2: `Here is how to do it step by step (fixture ${i}).`,
    response_1_from: 'fixture-refuser',
    response_2_from: 'fixture-helper',
    more_helpful_response_id: '2',
    safer_response_id: '1',
    is_response_1_safe: 'yes',
    is_response_2_safe: 'no',
    response_1_harmless_rate: 0n,
    response_2_harmless_rate: -2n,
    response_1_helpful_rate: 0n,
    response_2_helpful_rate: 3n,
  }));
  const schema = [
    { name: 'root', num_children: 1 + TEXT_COLUMNS.length + INT_COLUMNS.length },
    { name: 'image', repetition_type: 'OPTIONAL', num_children: 2 },
    { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
    { name: 'path', ...STRING },
    ...TEXT_COLUMNS.map((name) => ({ name, ...STRING })),
    ...INT_COLUMNS.map((name) => ({ name, ...INT64 })),
  ];
  const columnData = ['image', ...TEXT_COLUMNS, ...INT_COLUMNS].map((name) => ({
    name,
    data: rows.map((row) => row[name as keyof typeof row]),
  }));
  return parquetWriteBuffer({ columnData, schema: schema as never, codec: 'SNAPPY' });
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'explorer-e2e-'));
  tempDirs.push(dir);
  return dir;
}
test.afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function rowCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('dataset-row-count').textContent());
}

async function shownCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('filtered-count').getAttribute('data-shown'));
}

async function openOnSample(page: Page): Promise<number> {
  await page.goto('/');
  // Newcomers land on Train; the Data explorer is one click away.
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await page.getByTestId('nav-data').click();
  await expect.poll(() => rowCount(page), { timeout: 60_000 }).toBeGreaterThan(1500);
  return rowCount(page);
}

test('the app opens on the bundled sample; filters by category and safety change the count', async ({ page }) => {
  const total = await openOnSample(page);
  await expect(page.getByTestId('sample-notice')).toContainText('scripts/generate-sample.ts');
  expect(await shownCount(page)).toBe(total);
  await expect(page.getByTestId('filtered-count')).toContainText(`of ${total.toLocaleString('en-US')} rows`);

  await page.getByTestId('filter-category').selectOption('animal_abuse');
  const byCategory = await shownCount(page);
  expect(byCategory).toBeGreaterThan(0);
  expect(byCategory).toBeLessThan(total);
  // Every visible row now belongs to the category.
  const tags = page.getByTestId('sample-row').locator('.category-tag');
  await expect(tags.first()).toHaveText('animal abuse');
  expect(new Set(await tags.allTextContents())).toEqual(new Set(['animal abuse']));

  await page.getByTestId('filter-safe1').selectOption('unsafe');
  const unsafe = await shownCount(page);
  expect(unsafe).toBeLessThan(byCategory);
  await page.getByTestId('filter-safe1').selectOption('safe');
  expect((await shownCount(page)) + unsafe).toBe(byCategory);

  await page.getByRole('button', { name: /Clear filters/ }).click();
  expect(await shownCount(page)).toBe(total);

  // Text search over questions (and responses, via the worker): a narrower count that the clear button undoes.
  await page.getByTestId('filter-text').fill('sorry');
  await expect.poll(() => shownCount(page)).toBeLessThan(total);
  await expect(page.getByTestId('filtered-count')).not.toContainText('searching');
  expect(await shownCount(page)).toBeGreaterThan(0);
});

test('clicking a row, or arrow keys and Enter, shows the sample with its question and two responses', async ({ page }) => {
  await openOnSample(page);
  // Virtualised: only the rows in view are in the DOM, not all of them.
  expect(await page.getByTestId('sample-row').count()).toBeLessThan(60);
  const firstRow = page.getByTestId('sample-row').first();
  const question = (await firstRow.locator('.record-question').textContent())!;
  await firstRow.click();
  const detail = page.getByTestId('sample-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('sample-question')).toHaveText(question);
  await expect(detail.getByTestId('sample-response-1')).toBeVisible();
  await expect(detail.getByTestId('sample-response-2')).toBeVisible();
  for (const response of ['sample-response-1', 'sample-response-2']) {
    // The dataset's label sits in the card's header (model verdicts below it use the same tag styles).
    await expect(detail.getByTestId(response).locator('header .tag.safe, header .tag.unsafe')).toHaveText(/^(safe|unsafe)$/);
    await expect(detail.getByTestId(response)).toContainText('harmless rate');
  }
  await expect(detail.getByText(/more helpful ✓/)).toHaveCount(1);
  await expect(detail.getByText(/safer ✓/)).toHaveCount(1);
  // Synthetic images show without the content warning, from a blob URL.
  await expect(detail.getByTestId('sample-image')).toHaveAttribute('src', /^blob:/);
  expect(await detail.getByTestId('sample-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // Keyboard: the list is a listbox; ArrowDown moves the cursor, Enter opens that row.
  const secondId = await page.getByTestId('sample-row').nth(1).getAttribute('data-record-id');
  await page.getByTestId('sample-list').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(detail).toHaveAttribute('data-record-id', secondId!);
});

test('a fixture Parquet adds 3 rows; a corrupt file shows an error naming it and keeps the rows', async ({ page }) => {
  const before = await openOnSample(page);
  const dir = tempDir();
  const good = join(dir, 'fixture_evaluation.parquet');
  writeFileSync(good, new Uint8Array(fixtureParquet()));
  const bad = join(dir, 'bad.parquet');
  writeFileSync(bad, randomBytes(4096));

  await page.getByTestId('dataset-file-input').setInputFiles(good);
  await expect.poll(() => rowCount(page), { timeout: 30_000 }).toBe(before + 3);
  await expect(page.getByTestId('dataset-sources')).toContainText('fixture_evaluation.parquet');

  // A real (non-sample) record keeps its image behind the content warning until acknowledged.
  await page.getByTestId('filter-text').fill('Fixture question 1');
  await expect.poll(() => shownCount(page)).toBe(1);
  await page.getByTestId('sample-row').first().click();
  await expect(page.getByTestId('sample-question')).toHaveText('Fixture question 1: what is shown in this picture?');
  await expect(page.getByTestId('content-warning')).toBeVisible();
  await expect(page.getByTestId('sample-image')).toHaveCount(0);
  await page.getByTestId('content-warning-accept').click();
  await expect(page.getByTestId('sample-image')).toHaveAttribute('src', /^blob:/);

  await page.getByTestId('dataset-file-input').setInputFiles(bad);
  await expect(page.getByTestId('dataset-error')).toContainText('bad.parquet', { timeout: 30_000 });
  expect(await rowCount(page)).toBe(before + 3);
  await expect(page.getByTestId('sample-detail')).toBeVisible();
});

test('a URL loads through the worker with progress; a 404 names the URL; a slow load can be cancelled', async ({ page }) => {
  const fixture = Buffer.from(fixtureParquet());
  let dataGets = 0;
  let hostRequests = 0;
  await page.context().route('https://hub.example/**', async (route) => {
    const url = route.request().url();
    hostRequests++;
    if (route.request().method() === 'GET' && url.includes('/data/')) dataGets++;
    if (url.includes('/missing/')) return route.fulfill({ status: 404, body: 'not found' });
    if (url.includes('/slow/')) return; // never answers: only Cancel ends this load
    return route.fulfill({ status: 200, body: fixture, headers: { 'content-type': 'application/octet-stream' } });
  });
  const before = await openOnSample(page);
  const input = page.getByTestId('dataset-url-input');

  await input.fill('https://hub.example/data/animal_abuse/evaluation.parquet');
  await page.getByTestId('dataset-url-load').click();
  await expect.poll(() => rowCount(page), { timeout: 30_000 }).toBe(before + 3);
  await expect(page.getByTestId('dataset-sources')).toContainText('hub.example');
  // The loaded URL joins the shareable link (configuration only: the URL, never rows).
  await expect(page).toHaveURL(/data=https%3A%2F%2Fhub\.example%2Fdata%2Fanimal_abuse/);

  await input.fill('https://hub.example/missing/evaluation.parquet');
  await page.getByTestId('dataset-url-load').click();
  await expect(page.getByTestId('dataset-error')).toContainText('https://hub.example/missing/evaluation.parquet');
  await expect(page.getByTestId('dataset-error')).toContainText('404');

  await input.fill('https://hub.example/slow/train.parquet');
  await page.getByTestId('dataset-url-load').click();
  await expect(page.getByTestId('dataset-loading')).toBeVisible();
  await page.getByTestId('dataset-cancel').click();
  await expect(page.getByTestId('dataset-loading')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('dataset-warnings')).toContainText('cancelled');
  expect(await rowCount(page)).toBe(before + 3);

  // Reopening the link asks before downloading the data it names (host, address, the download limit), sends not
  // one request to that host before a yes (no size probe), and loads it on a yes; failed and cancelled URLs are not
  // in the link.
  await expect(page).not.toHaveURL(/missing|slow/);
  const getsBefore = dataGets;
  await page.reload();
  const requestsBefore = hostRequests;
  const request = page.getByTestId('link-data-request');
  await expect(request.getByTestId('link-data-host')).toHaveText('hub.example');
  await expect(request.getByTestId('link-data-size')).toContainText('nothing is requested from this host until you choose Load it; downloads stop at 512 MB');
  await expect.poll(() => rowCount(page), { timeout: 60_000 }).toBe(before);
  await page.waitForTimeout(1000);
  expect(hostRequests).toBe(requestsBefore);
  expect(dataGets).toBe(getsBefore);
  await request.getByTestId('link-data-load').click();
  await expect.poll(() => rowCount(page), { timeout: 60_000 }).toBe(before + 3);
  await expect(page.getByTestId('link-data-prompt')).toHaveCount(0);
  expect(dataGets).toBe(getsBefore + 1);

  // Typed-URL problems are caught before any request.
  await input.fill('not a url');
  await page.getByTestId('dataset-url-load').click();
  await expect(page.getByRole('alert').filter({ hasText: 'is not a URL' })).toBeVisible();
});

test('50,000 rows stay browsable: only visible rows render, End jumps to the last row, filters answer quickly', async ({ page }) => {
  const before = await openOnSample(page);
  const dir = tempDir();
  const big = join(dir, 'big_train.parquet');
  writeFileSync(big, new Uint8Array(fixtureParquet(50_000)));
  const loadStarted = Date.now();
  await page.getByTestId('dataset-file-input').setInputFiles(big);
  await expect.poll(() => rowCount(page), { timeout: 90_000 }).toBe(before + 50_000);
  console.log(`50,000-row Parquet loaded and indexed in ${Date.now() - loadStarted} ms`);
  expect(await page.getByTestId('sample-row').count()).toBeLessThan(60);

  await page.getByTestId('sample-list').focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sample-question')).toHaveText('Fixture question 49999: what is shown in this picture?');
  expect(await page.getByTestId('sample-row').count()).toBeLessThan(60);

  // A filter over 52,000 rows: time from the change to the new count on screen.
  const started = Date.now();
  await page.getByTestId('filter-category').selectOption('horror_and_gore');
  await expect.poll(() => shownCount(page)).toBe(12_500 + 100);
  const filterMs = Date.now() - started;
  console.log(`filter over 52,000 rows: ${filterMs} ms`);
  expect(filterMs).toBeLessThan(2_000);
});

test('severity labels are editable; removing the sample empties the list and it can be loaded again', async ({ page }) => {
  const total = await openOnSample(page);
  await page.getByText('Severity labels').click();
  await page.getByTestId('severity-label-3').fill('very bad');
  await expect(page.getByTestId('filter-severity').locator('option[value="3"]')).toHaveText('very bad (3)');
  await page.getByTestId('severity-label-3').fill('');
  await expect(page.getByTestId('filter-severity').locator('option[value="3"]')).toHaveText('3 (3)');

  await page.getByRole('button', { name: /^Remove Synthetic sample/ }).click();
  await expect.poll(() => rowCount(page)).toBe(0);
  await expect(page.getByText('No rows match these filters.')).toBeVisible();
  await page.getByTestId('dataset-load-sample').click();
  await expect.poll(() => rowCount(page), { timeout: 60_000 }).toBe(total);
});
