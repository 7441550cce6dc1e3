import { expect, test, type Page } from './fixtures';

// Two tabs of one browser (one context: the same IndexedDB, Web Locks and BroadcastChannel): edits and deletions
// made in one tab while the other records a run must stick, and opening the second tab must not mark the first
// tab's live run interrupted.

async function openRuns(page: Page) {
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('runs-list')).toBeVisible();
}

const rows = (page: Page) => page.getByTestId('runs-list').getByTestId('run-row');

test('a run recording in one tab can be renamed, annotated and deleted from another', async ({ page, context }) => {
  test.setTimeout(420_000);
  // 5,000 iterations: the run must still be training after ~30 s of edits in the other tab, however fast the engine.
  await page.goto('/#v=3&it=5000');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'running', { timeout: 150_000 });
  await expect
    .poll(async () => Number(await page.getByTestId('metric-iteration').textContent()), { timeout: 150_000 })
    .toBeGreaterThanOrEqual(1);

  const other = await context.newPage();
  await other.goto('/');
  await openRuns(other);
  await expect(rows(other)).toHaveCount(1);
  await expect(rows(other).first()).toHaveAttribute('data-status', 'running'); // not "interrupted"

  await rows(other).first().getByTestId('run-edit').click();
  await other.getByTestId('run-name-input').fill('renamed in tab 2');
  await other.getByTestId('run-notes-input').fill('note from tab 2');
  await other.getByTestId('run-save').click();
  await expect(rows(other).first().getByTestId('run-name')).toHaveText('renamed in tab 2');

  // The recorder saves every 2 s: after 7 s its writes must have kept the edit, in both tabs and in storage.
  await other.waitForTimeout(7_000);
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'running');
  await expect(rows(other).first().getByTestId('run-name')).toHaveText('renamed in tab 2');
  await openRuns(page);
  await expect(rows(page).first().getByTestId('run-name')).toHaveText('renamed in tab 2');
  await other.reload();
  await openRuns(other);
  await expect(rows(other).first().getByTestId('run-name')).toHaveText('renamed in tab 2');
  await expect(rows(other).first()).toHaveAttribute('data-status', 'running');
  await expect(other.getByTestId('runs-list')).toContainText('note from tab 2');

  // Deleted in tab 2 while tab 1 still trains: it stays deleted.
  await rows(other).first().getByTestId('run-delete').click();
  await expect(rows(other)).toHaveCount(0);
  await expect(rows(page)).toHaveCount(0);
  await other.waitForTimeout(7_000);
  await other.reload();
  await openRuns(other);
  await expect(rows(other)).toHaveCount(0);
  await expect(rows(page)).toHaveCount(0);

  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'running'); // it trained all along
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', 'stopped', { timeout: 60_000 });
  await other.reload();
  await openRuns(other);
  await expect(rows(other)).toHaveCount(0);
});
