/**
 * `npm run pretrain -- --data FILE_OR_URL … [--split train|evaluation] --out DIR`: a model pack's training data
 * from real BeaverTails-V files, read like the runner's --data. The tokenizer is learned from the training split's
 * text (`--tokenizer subword`, the default, `--vocab-size N` ids) or is the shipped word vocabulary
 * (`--tokenizer shipped`, so the weights also fit the bundled sample's). `--split` names the split to train on
 * (files whose name does not say count as it); the other split, if loaded, is held out for the figures.
 */
import type { ExperimentConfig } from '../../src/config/params';
import { vocabularyTexts, type EncodedDataset } from '../../src/data/encode';
import type { SampleRecord } from '../../src/data/record';
import { SubwordTokenizer } from '../../src/data/subwordTokenizer';
import type { Tokenizer } from '../../src/data/tokenizer';
import { parseExtraFlag, type ExtraArgs } from './extraArgs';
import { loadRealData, reportLines } from './realData';
import { shippedVocabulary, WEIGHTS_DIR } from './setup';

/** --data and --split from a command line that also has other flags. */
export function dataFlags(argv: readonly string[]): Pick<ExtraArgs, 'data' | 'split'> {
  const args: ExtraArgs = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data' || argv[i] === '--split') i = parseExtraFlag(argv, i, args);
  }
  return { data: args.data, split: args.split };
}

export type TokenizerChoice = { kind: 'subword'; size: number } | { kind: 'shipped' };

/** --tokenizer subword|shipped and --vocab-size N (260 + at least one piece … 32,000). */
export function tokenizerFlags(argv: readonly string[]): TokenizerChoice {
  const at = argv.indexOf('--tokenizer');
  const kind = at >= 0 ? argv[at + 1] : 'subword';
  if (kind !== 'subword' && kind !== 'shipped') throw new Error(`--tokenizer must be subword or shipped, not "${kind ?? ''}"`);
  if (kind === 'shipped') return { kind };
  const sizeAt = argv.indexOf('--vocab-size');
  const raw = sizeAt >= 0 ? argv[sizeAt + 1] : '2000';
  if (!/^\d+$/.test(raw ?? '') || Number(raw) < 300 || Number(raw) > 32_000) throw new Error(`--vocab-size must be a whole number from 300 to 32000, not "${raw ?? ''}"`);
  return { kind, size: Number(raw) };
}

/** A subword tokenizer learned from the training split's questions and responses only (held-out text unseen). */
export function learnTokenizer(records: readonly SampleRecord[], split: 'train' | 'evaluation', size: number): SubwordTokenizer {
  return SubwordTokenizer.build(vocabularyTexts(records.filter((r) => r.split === split || r.split === 'unknown')), { size });
}

export async function pretrainRealData(
  config: ExperimentConfig,
  sources: readonly string[],
  split: 'train' | 'evaluation',
  log: (line: string) => void,
  choice: TokenizerChoice = { kind: 'subword', size: 2000 },
): Promise<{ vocab: Tokenizer; encoded: EncodedDataset; records: SampleRecord[] }> {
  let vocab: Tokenizer | ((records: SampleRecord[]) => Tokenizer);
  if (choice.kind === 'shipped') {
    const shipped = await shippedVocabulary(WEIGHTS_DIR);
    if (!shipped) throw new Error(`${WEIGHTS_DIR}/vocab.json is missing: --tokenizer shipped keeps the shipped vocabulary`);
    vocab = shipped;
  } else {
    vocab = (records) => {
      const started = performance.now();
      const learned = learnTokenizer(records, split, choice.size);
      log(`learned a ${learned.size}-id subword tokenizer from the ${split} split in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return learned;
    };
  }
  const sizes = { imageSize: config.imageSize, maxQuestionTokens: config.maxQuestionTokens, maxResponseTokens: config.maxResponseTokens };
  const real = await loadRealData({ sources, defaultSplit: split, sizes, vocab, log });
  for (const line of reportLines(real.report)) log(line);
  const encoded = real.data;
  if (split === 'evaluation') {
    // The trainers learn from split code 0 and hold out code 1: swap them to train on the evaluation split.
    for (let i = 0; i < encoded.count; i++) if (encoded.split[i] < 2) encoded.split[i] = 1 - encoded.split[i];
    log('training on the evaluation split; train-split rows, if any, are held out');
  }
  let pairs = 0;
  for (let i = 0; i < encoded.count; i++) if (encoded.split[i] === 0 && encoded.trainable[i]) pairs++;
  log(`${pairs} trainable preference pairs in the ${split} split (single-response rows train the guard only)`);
  return { vocab: real.vocab, encoded, records: real.records };
}
