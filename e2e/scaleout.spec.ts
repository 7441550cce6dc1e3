import { expect, test } from './fixtures';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';

test('the Runs area exports the current settings for align-anything as a zip of usable files', async ({ page }) => {
  await page.goto('/#v=3&thr=-1&llr=0.05');
  await page.getByTestId('nav-runs').click();
  await page.getByRole('heading', { name: 'Scale out: align-anything export' }).click();
  const preview = page.getByTestId('scale-out-yaml');
  await expect(preview).toContainText('threshold: -1.0  # from the playground: threshold -1');
  await expect(preview).toContainText('ds_cfgs: ds_z3_config.json  # upstream default');

  await page.getByLabel('GPUs').fill('0x2');
  await expect(page.getByRole('alert')).toContainText('GPUs must be a whole number from 1 to 1024');
  await expect(page.getByTestId('scale-out-download')).toBeDisabled();
  await page.getByLabel('GPUs').fill('1');
  await expect(preview).toContainText('episode_cost_window_size: 128  # from the playground');

  const downloading = page.waitForEvent('download');
  await page.getByTestId('scale-out-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('align-anything-saferlhf-v.zip');
  const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  expect(Object.keys(files).sort()).toEqual(
    ['NOTES.md', 'launch.sh', 'saferlhf.yaml', 'train_cost_model.sh', 'train_reward_model.sh'].map((f) => `align-anything-saferlhf-v/${f}`),
  );
  const launch = strFromU8(files['align-anything-saferlhf-v/launch.sh']);
  expect(launch).toContain('--module align_anything.trainers.text_image_to_text.saferlhf');
  expect(launch).toContain('--threshold -1.0');
  expect(launch).toContain('--lambda_lr 0.05');
  expect(launch).toContain('--per_device_prompt_batch_size 32');
  expect(strFromU8(files['align-anything-saferlhf-v/train_cost_model.sh'])).toContain('--scale_coeff 0.5');
});
