import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dataFlags, tokenizerFlags } from './pretrainData';
import { jpegPairRows, writeJpegDataset } from './testing/jpegFixture';

const run = promisify(execFile);
const TSX = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');

describe('npm run pretrain -- --data', () => {
  it('reads --data and --split among the other flags', () => {
    expect(dataFlags(['--only', 'reward', '--data', 'a.parquet', 'b.parquet', '--split', 'evaluation', '--out', 'x'])).toEqual({
      data: ['a.parquet', 'b.parquet'],
      split: 'evaluation',
    });
    expect(() => dataFlags(['--split', 'test'])).toThrow(/--split must be train or evaluation/);
  });

  it('--tokenizer shipped: a pack of four models on JPEG Parquet files that keeps the shipped vocabulary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srlhfv-pretrain-'));
    const { train, evaluation } = await writeJpegDataset(dir, await jpegPairRows(16, 0), await jpegPairRows(4, 100));
    const out = join(dir, 'weights');
    const { stdout } = await run(process.execPath, [TSX, 'scripts/pretrain.ts', '--tokenizer', 'shipped', '--epochs', '1', '--data', train, evaluation, '--out', out], { timeout: 400_000 });
    expect(stdout).toMatch(/train\.parquet: preference pairs, train split, 16 of 16 rows used/);
    expect(stdout).toMatch(/words .* read as <unk>/);
    expect(stdout).toMatch(/16 trainable preference pairs in the train split/);
    expect(stdout).toMatch(/reward: pairwise \d+\.\d% on 4 held-out pairs/);
    expect(stdout).toMatch(/guard: accuracy \d+\.\d%, unsafe precision/);
    for (const file of ['pack.json', 'reward/model.json', 'reward/weights.bin', 'guard/model.json', 'policy-sft/weights.bin']) expect(existsSync(join(out, file)), file).toBe(true);
    expect(existsSync(`${out}.zip`)).toBe(true);
    expect(await readFile(join(out, 'vocab.json'), 'utf8')).toBe(await readFile('public/weights/vocab.json', 'utf8'));
  }, 500_000);

  it('learns a subword tokenizer from the train split by default: no <unk>', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'srlhfv-pretrain-'));
    const { train, evaluation } = await writeJpegDataset(dir, await jpegPairRows(12, 0), await jpegPairRows(4, 100));
    const out = join(dir, 'pack');
    const { stdout } = await run(process.execPath, [TSX, 'scripts/pretrain.ts', '--epochs', '1', '--vocab-size', '400', '--data', train, evaluation, '--out', out], { timeout: 400_000 });
    expect(stdout).toMatch(/learned a \d+-id subword tokenizer from the train split/);
    expect(stdout).toMatch(/^0 of \d+ words \(0\.0%\) are outside the vocabulary/m);
    const manifest = JSON.parse(await readFile(join(out, 'pack.json'), 'utf8'));
    expect(manifest.tokenizer.kind).toBe('subword-bpe');
    expect(manifest.data.fingerprint.train.records).toBe(12);
    expect(manifest.settings.scoreEpochs).toBe(1);
  }, 500_000);

  it('names a bad --tokenizer, --vocab-size or --epochs', () => {
    expect(() => tokenizerFlags(['--tokenizer', 'bpe'])).toThrow(/--tokenizer must be subword or shipped, not "bpe"/);
    expect(() => tokenizerFlags(['--vocab-size', '12'])).toThrow(/--vocab-size must be a whole number from 300 to 32000, not "12"/);
    expect(tokenizerFlags([])).toEqual({ kind: 'subword', size: 2000 });
  });

  it('refuses --data without --out, so the shipped weights are not overwritten', async () => {
    const result = await run(process.execPath, [TSX, 'scripts/pretrain.ts', '--data', 'x.parquet'], { timeout: 120_000 }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in result ? result.code : 0).toBe(1);
    expect((result as { stderr: string }).stderr).toMatch(/--data needs --out DIR/);
  }, 150_000);
});
