/**
 * Trains the reward, cost and guard models on the bundled sample with the default config, in Node, and writes the
 * shipped weights: public/weights/{reward,cost,guard}/model.json + weights.bin and public/weights/vocab.json.
 * With --data, learns a tokenizer from the real files' training split and writes a model pack (modelPack.ts):
 * all four models, the tokenizer, the settings, the data's fingerprint and held-out figures, in DIR and DIR.zip.
 *
 *   npx tsx scripts/pretrain.ts [--backend wasm|cpu] [--only reward,cost,guard] [--out public/weights]
 *   npx tsx scripts/pretrain.ts --data FILE_OR_URL ... [--split train|evaluation] --out DIR
 *       [--tokenizer subword|shipped] [--vocab-size 2000] [--epochs N]                                 (real BeaverTails-V)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setNodeBackend, type NodeBackend } from '../src/compute/nodeBackends';
import { defaultConfig } from '../src/config/params';
import { loadEncodedSampleNode } from '../src/data/nodeSample';
import { GuardModel } from '../src/models/guardModel';
import { ScoreModel } from '../src/models/scoreModel';
import { sizesFromConfig } from '../src/models/sizes';
import type { ModelKind } from '../src/models/types';
import { makeMetadata } from '../src/models/weightsIO';
import { saveWeightsToDir } from '../src/models/weightsNode';
import { trainGuard } from '../src/train/guardTraining';
import { trainScoreModel } from '../src/train/scoreTraining';
import { cliOption } from './cliOption';
import { dataFlags, pretrainRealData, tokenizerFlags } from './experiment/pretrainData';
import { writePack } from './pretrainPackNode';

const pct = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

async function main(): Promise<void> {
  const backend = cliOption('backend', 'wasm') as NodeBackend;
  const only = cliOption('only', 'reward,cost,guard').split(',') as ModelKind[];
  const out = cliOption('out', 'public/weights');
  const { data, split } = dataFlags(process.argv.slice(2));
  if (data && !process.argv.includes('--out')) throw new Error('--data needs --out DIR (the default, public/weights, holds the shipped weights)');
  await setNodeBackend(backend);
  let config = defaultConfig();
  if (data) {
    // --epochs N: passes over the data for all four models (the default config's are scoreEpochs / sftEpochs).
    if (process.argv.includes('--epochs')) {
      const epochs = Number(cliOption('epochs', ''));
      if (!Number.isInteger(epochs) || epochs < 1 || epochs > 100) throw new Error(`--epochs must be a whole number from 1 to 100, not "${cliOption('epochs', '')}"`);
      config = { ...config, scoreEpochs: epochs, sftEpochs: epochs };
    }
    await writePack({ config, sources: data, split: split ?? 'train', out, backend, tokenizer: tokenizerFlags(process.argv.slice(2)) });
    return;
  }
  const { vocab, encoded } = data
    ? await pretrainRealData(config, data, split ?? 'train', (line) => console.log(line))
    : await loadEncodedSampleNode({
        imageSize: config.imageSize,
        maxQuestionTokens: config.maxQuestionTokens,
        maxResponseTokens: config.maxResponseTokens,
      });
  const sizes = sizesFromConfig(config, vocab.size);
  const vocabulary = vocab.toJSON();
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'vocab.json'), JSON.stringify(vocabulary));
  console.log(`backend ${backend}; ${encoded.count} pairs; vocabulary ${vocab.size}; sizes ${JSON.stringify(sizes)}`);
  const { dataUrls: _ignored, ...configRecord } = config;

  for (const kind of only) {
    const started = performance.now();
    if (kind === 'guard') {
      const model = GuardModel.create(sizes, config.seed);
      const result = await trainGuard({ model, encoded, config });
      const m = result.metrics;
      console.log(
        `guard: unsafe acc ${pct(m?.unsafeAccuracy)}, question-only ${pct(m?.questionOnlyAccuracy)}, ` +
          `severity ${pct(m?.severity.accuracy)}, category ${pct(m?.category.accuracy)}; ` +
          `${result.examplesPerSecond.toFixed(0)} examples/s; ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      await saveWeightsToDir(join(out, kind), model.getWeights(), makeMetadata({ kind, sizes, vocabulary, config: configRecord, metrics: m }));
      model.dispose();
    } else {
      const model = ScoreModel.create(sizes, kind === 'reward' ? config.seed : config.seed + 1);
      const result = await trainScoreModel({ kind, model, encoded, config });
      const m = result.metrics;
      console.log(
        `${kind}: pairwise acc ${pct(m?.pairwiseAccuracy)}, sign acc ${pct(m?.signAccuracy)} on ${m?.pairs} held-out pairs; ` +
          `${result.pairsPerSecond.toFixed(0)} pairs/s; ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      await saveWeightsToDir(join(out, kind), model.getWeights(), makeMetadata({ kind, sizes, vocabulary, config: configRecord, metrics: m }));
      model.dispose();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
