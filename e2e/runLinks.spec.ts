import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';

// Issue 24 items 2, 6 and 7: typed live values apply once; links land where their content is; a run's link replays
// it (edits included, to the bit) and "Fork here" replays it to an iteration, then takes the person's changes.
test.describe.configure({ timeout: 480_000 });

const rows = (page: Page) => page.getByTestId('runs-list').getByTestId('run-row');

/** A run link written by hand: 6 iterations, the cost limit changed after iterations 2 and 4. */
const RUN_LINK = '#v=4&tab=train&it=6&ed=2:thr:-1,4:thr:-1.5';

async function runToEnd(page: Page) {
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'finished', { timeout: 300_000 });
}

async function bundleOf(page: Page, row: ReturnType<Page['locator']>) {
  const download = page.waitForEvent('download');
  await row.getByTestId('export-json').click();
  const file = await download;
  return { name: file.suggestedFilename(), bundle: JSON.parse(readFileSync((await file.path())!, 'utf8')) };
}

/** Metric rows without wall-clock columns (tokens/s and ms per phase depend on the machine, not on the run). */
const comparable = (metrics: Record<string, number>[]) =>
  metrics.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => key !== 'tokensPerSecond' && !/^ms[A-Z]/.test(key))));

test('a run link replays the run, edits included, and ends with the same metrics; links from Runs land on Train', async ({ page, context }) => {
  await page.goto(`/?backend=wasm${RUN_LINK}`);
  await expect(page.getByTestId('scheduled-change')).toHaveCount(2);
  await runToEnd(page);
  await page.getByTestId('nav-runs').click();
  await expect(rows(page)).toHaveCount(1);
  const original = rows(page).first();
  await expect(original.getByTestId('run-live-changes')).toHaveText('2 live changes');
  const first = await bundleOf(page, original);
  expect(first.name).toMatch(/thr_-1\.75_-1_2_-1\.5_4/); // item 12: file names keep their minus signs
  expect(first.bundle.configChanges).toEqual([
    { afterIteration: 2, key: 'threshold', from: -1.75, to: -1 },
    { afterIteration: 4, key: 'threshold', from: -1, to: -1.5 },
  ]);

  // The run's own link carries its settings and its edits at their iterations.
  await original.getByTestId('run-copy-link').click();
  const url = await original.getByTestId('run-copy-link').getAttribute('data-url');
  expect(url).toContain('#v=4&tab=train&it=6&ed=2:thr:-1,4:thr:-1.5');

  // Item 6: the header's link copied on Runs opens on Train, with the settings.
  await page.getByTestId('copy-link').click();
  // The status takes the URL once the copy has settled (async).
  await expect(page.getByTestId('copy-link-status')).toHaveAttribute('data-url', /#v=/);
  const settingsLink = await page.getByTestId('copy-link-status').getAttribute('data-url');
  expect(settingsLink).toContain('tab=train');
  expect(settingsLink).not.toContain('tab=runs');

  // The recipient: the run link replays the run to the bit.
  const recipient = await context.newPage();
  await recipient.goto(url!);
  await expect(recipient.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await expect(recipient.getByTestId('scheduled-change')).toHaveCount(2);
  await runToEnd(recipient);
  await recipient.getByTestId('nav-runs').click();
  await expect(rows(recipient)).toHaveCount(2);
  const replay = await bundleOf(recipient, rows(recipient).filter({ hasNot: recipient.getByText('#1', { exact: false }) }).first());
  expect(replay.bundle.configChanges).toEqual(first.bundle.configChanges);
  expect(replay.bundle.metrics).toHaveLength(6);
  expect(comparable(replay.bundle.metrics)).toEqual(comparable(first.bundle.metrics));
  await recipient.close();
});

test('Fork here replays a run to iteration k, matches it there, then takes the person’s changes', async ({ page }) => {
  await page.goto(`/?backend=wasm${RUN_LINK}`);
  await runToEnd(page);
  await page.getByTestId('nav-runs').click();
  const original = rows(page).first();
  const source = await bundleOf(page, original);

  await original.getByTestId('run-fork').click();
  await original.getByTestId('run-fork-iteration').fill('3');
  await original.getByTestId('run-fork-here').click();
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('fork-note')).toHaveAttribute('data-status', 'waiting');
  await expect(page.getByTestId('scheduled-change')).toHaveCount(1); // the edit after iteration 2 (4 is past the fork)
  await runToEnd(page);
  await expect(page.getByTestId('fork-note')).toHaveAttribute('data-status', 'reached');
  await expect(page.getByTestId('metric-iteration')).toHaveText('3');
  await expect(page.getByTestId('param-iterations')).toHaveValue('6');

  // The person's change at the fork (item 2: typed key by key, applied once when complete), then Resume.
  await page.getByTestId('param-threshold').fill('');
  await page.getByTestId('param-threshold').pressSequentially('-1.5', { delay: 120 });
  await page.getByTestId('param-threshold').press('Enter');
  await expect(page.getByTestId('live-applied')).toContainText('Cost limit');
  await page.getByTestId('train-resume').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'finished', { timeout: 300_000 });
  await expect(page.getByTestId('metric-iteration')).toHaveText('6');

  await page.getByTestId('nav-runs').click();
  await expect(rows(page)).toHaveCount(2);
  const forkRow = rows(page).filter({ has: page.getByTestId('run-forked-from') });
  await expect(forkRow.getByTestId('run-forked-from')).toHaveText(/forked from “.*” at iteration 3/);
  const fork = await bundleOf(page, forkRow);
  expect(fork.bundle.forkedFrom).toMatchObject({ iteration: 3 });
  expect(fork.bundle.metrics).toHaveLength(6);
  // Rows 0 … 2 are the original's, to the bit.
  expect(comparable(fork.bundle.metrics.slice(0, 3))).toEqual(comparable(source.bundle.metrics.slice(0, 3)));
  // The fork's record: the replayed edit at 2, the run length back to 6 and the one typed change, all at 3.
  expect(fork.bundle.configChanges).toEqual([
    { afterIteration: 2, key: 'threshold', from: -1.75, to: -1 },
    { afterIteration: 3, key: 'iterations', from: 3, to: 6 },
    { afterIteration: 3, key: 'threshold', from: -1, to: -1.5 },
  ]);
});
