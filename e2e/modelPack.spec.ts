import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { writePairsParquet } from '../src/data/testing/parquetFixtures';
import { realShapedRows } from '../src/data/testing/realShapedRows';
import { expect, test } from './fixtures';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** dir/<name>/{train,evaluation}.parquet with real-shaped rows (seeded by `seed`). */
function writeDataset(dir: string, name: string, seed: string, train: number, evaluation: number): { train: string; evaluation: string } {
  mkdirSync(join(dir, name), { recursive: true });
  const paths = { train: join(dir, name, 'train.parquet'), evaluation: join(dir, name, 'evaluation.parquet') };
  writeFileSync(paths.train, new Uint8Array(writePairsParquet(realShapedRows(train, `${seed}-train`))));
  writeFileSync(paths.evaluation, new Uint8Array(writePairsParquet(realShapedRows(evaluation, `${seed}-evaluation`, 16, 1_000_000))));
  return paths;
}

async function loadOnly(page: Page, files: string[]): Promise<void> {
  await page.goto('/');
  await page.getByTestId('nav-data').click();
  await expect.poll(async () => Number(await page.getByTestId('dataset-row-count').textContent()), { timeout: 60_000 }).toBeGreaterThan(0);
  // Remove the bundled sample so the loaded data is exactly the files.
  const remove = page.getByRole('button', { name: /^Remove / });
  while ((await remove.count()) > 0) {
    const before = await remove.count();
    await remove.first().click();
    await expect(remove).toHaveCount(before - 1, { timeout: 30_000 });
  }
  await page.getByTestId('dataset-file-input').setInputFiles(files);
  for (const file of files) await expect(page.getByTestId('dataset-sources')).toContainText(file.split('/').pop()!, { timeout: 60_000 });
}

test.describe('model packs', () => {
  test.describe.configure({ mode: 'serial' });
  let dir: string;
  let data: { train: string; evaluation: string };
  let runnerFigures: string;

  test.beforeAll(async () => {
    test.setTimeout(900_000);
    dir = mkdtempSync(join(tmpdir(), 'srlhfv-pack-e2e-'));
    data = writeDataset(dir, 'animal_abuse', 'e2e', 48, 24);
    const pack = join(dir, 'pack');
    await run(process.execPath, [TSX, 'scripts/pretrain.ts', '--data', data.train, data.evaluation, '--out', pack, '--epochs', '1', '--vocab-size', '600'], { timeout: 800_000 });
    // The runner measures the pack's held-out figures on the same files with the code the app runs.
    const { stdout } = await run(process.execPath, [TSX, 'scripts/experiment.ts', '--weights', pack, '--data', data.train, data.evaluation, '--iterations', '1', '--out', join(dir, 'run')], { timeout: 800_000 });
    runnerFigures = /pack held-out figures on --data: (.*)/.exec(stdout)?.[1] ?? '';
    expect(runnerFigures).toMatch(/reward pairwise \d/);
  });

  test('a pack written by npm run pretrain imports (zip) and gives the runner\'s held-out figures on the same data', async ({ page }) => {
    test.setTimeout(300_000);
    await loadOnly(page, [data.train, data.evaluation]);
    await page.getByTestId('nav-models').click();
    await expect(page.getByTestId('pack-summary-empty')).toBeVisible();
    await page.getByTestId('import-pack-zip').setInputFiles(join(dir, 'pack.zip'));
    await expect(page.getByTestId('pack-summary')).toContainText('subword-bpe tokenizer', { timeout: 60_000 });
    await expect(page.getByTestId('pack-mismatch')).toHaveCount(0);
    await expect(page.getByTestId('model-source-reward')).toContainText('imported');
    await page.getByTestId('measure-pack').click();
    await expect(page.getByTestId('pack-measured-reward')).toHaveText(/\d+\.\d%/, { timeout: 120_000 });
    const reward = await page.getByTestId('pack-measured-reward').textContent();
    const [costPairwise, costSign] = (await page.getByTestId('pack-measured-cost').textContent())!.split(' / ');
    const [precision, recall] = (await page.getByTestId('pack-measured-guard').textContent())!.split(' / ');
    expect(runnerFigures).toContain(`reward pairwise ${reward}`);
    expect(runnerFigures).toContain(`cost pairwise ${costPairwise}, sign ${costSign}`);
    expect(runnerFigures).toContain(`guard unsafe precision ${precision}, recall ${recall}`);
    // The recorded figures (from pretraining in Node) match too: same models, same held-out split.
    await expect(page.getByTestId('pack-reward-pairwise')).toHaveText(reward!);
  });

  test('a pack built from other data is refused before PPO with a message naming the difference', async ({ page }) => {
    test.setTimeout(300_000);
    const other = writeDataset(dir, 'other', 'other', 12, 6);
    await loadOnly(page, [other.train, other.evaluation]);
    await page.getByTestId('nav-models').click();
    await page.getByTestId('import-pack-zip').setInputFiles(join(dir, 'pack.zip'));
    await expect(page.getByTestId('pack-mismatch')).toContainText('This model pack was built from other data', { timeout: 60_000 });
    await expect(page.getByTestId('pack-mismatch')).toContainText('the loaded train split (12 records');
    await expect(page.getByTestId('pack-mismatch')).toContainText('PPO will not start');
  });

  test('the app builds a pack from the loaded files with progress, ETA and cancel, offers it for download, and PPO starts from it', async ({ page }) => {
    test.setTimeout(600_000);
    await loadOnly(page, [data.train, data.evaluation]);
    await page.getByTestId('nav-models').click();
    // Cancel (50 epochs, so the build is surely still going): nothing is installed and the shipped models stay.
    await page.getByTestId('param-scoreEpochs').fill('50');
    await page.getByTestId('param-scoreEpochs').blur();
    await page.getByTestId('build-pack').click();
    await expect(page.getByTestId('pack-progress')).toContainText('left', { timeout: 120_000 });
    await page.getByTestId('cancel-pack').click();
    await expect(page.getByTestId('pack-message')).toContainText('Cancelled', { timeout: 60_000 });
    await expect(page.getByTestId('pack-summary-empty')).toBeVisible();
    // Build to the end (one epoch keeps the test short).
    await page.getByTestId('param-scoreEpochs').fill('1');
    await page.getByTestId('param-scoreEpochs').blur();
    await page.getByTestId('build-pack').click();
    await expect(page.getByTestId('pack-progress')).toContainText('%', { timeout: 60_000 });
    await expect(page.getByTestId('pack-summary')).toContainText('subword-bpe tokenizer', { timeout: 480_000 });
    await expect(page.getByTestId('pack-mismatch')).toHaveCount(0);
    await expect(page.getByTestId('pack-reward-pairwise')).toHaveText(/\d+\.\d%/);
    const download = page.waitForEvent('download');
    await page.getByTestId('download-pack').click();
    expect((await download).suggestedFilename()).toMatch(/^srlhfv-model-pack-.*\.zip$/);
    // PPO trains on the loaded files with the pack's models.
    await page.getByTestId('nav-train').click();
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('train-state')).toHaveAttribute('data-state', /running|paused|done/, { timeout: 120_000 });
    await expect.poll(async () => Number((await page.getByTestId('metric-iteration').textContent())?.replace(/\D/g, '') || 0), { timeout: 120_000 }).toBeGreaterThan(0);
  });

  test('a damaged pack is refused by name and the current models stay', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/');
    await page.getByTestId('nav-models').click();
    await expect(page.getByTestId('model-source-reward')).toContainText('pretrained', { timeout: 60_000 });
    const bad = join(dir, 'bad.zip');
    writeFileSync(bad, 'not a zip at all');
    await page.getByTestId('import-pack-zip').setInputFiles(bad);
    await expect(page.getByTestId('pack-message')).toContainText('bad.zip: not a readable zip');
    await expect(page.getByTestId('model-source-reward')).toContainText('pretrained');
  });
});
