/**
 * `npm run pretrain -- --data FILE_OR_URL … [--split train|evaluation] --out DIR`: reward/cost/guard training data
 * from real BeaverTails-V files, encoded with the shipped vocabulary (so the new weights fit the shipped SFT
 * policy and the app) and reported like the runner's --data. `--split` names the split to train on (files whose
 * name does not say count as it); the other split, if loaded, is held out for the metrics.
 */
import type { ExperimentConfig } from '../../src/config/params';
import type { EncodedDataset } from '../../src/data/encode';
import type { Vocabulary } from '../../src/data/tokenizer';
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

export async function pretrainRealData(
  config: ExperimentConfig,
  sources: readonly string[],
  split: 'train' | 'evaluation',
  log: (line: string) => void,
): Promise<{ vocab: Vocabulary; encoded: EncodedDataset }> {
  const vocab = await shippedVocabulary(WEIGHTS_DIR);
  if (!vocab) throw new Error(`${WEIGHTS_DIR}/vocab.json is missing: pretraining on --data keeps the shipped vocabulary`);
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
  return { vocab, encoded };
}
