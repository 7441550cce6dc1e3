/**
 * Trains the SFT policy on the bundled sample with the default config and writes the shipped weights
 * public/weights/policy-sft/model.json + weights.bin (TF.js format), using the shipped vocabulary
 * public/weights/vocab.json (written by scripts/pretrain.ts), so the policy reads the same token ids as the
 * reward, cost and guard models.
 *
 *   npx tsx scripts/pretrain-sft.ts [--backend wasm|cpu] [--out public/weights] [--epochs N] [--lr X]
 * --epochs / --lr override the default config's sftEpochs / sftLr; the values used are recorded in the metadata.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setNodeBackend, type NodeBackend } from '../src/compute/nodeBackends';
import { defaultConfig } from '../src/config/params';
import { Policy } from '../src/models/policy';
import { makeMetadata } from '../src/models/weightsIO';
import { saveWeightsToDir } from '../src/models/weightsNode';
import { trainSft } from '../src/train/sft';
import { loadNodeData } from './experiment/setup';
import { cliOption } from './cliOption';

async function main(): Promise<void> {
  const backend = cliOption('backend', 'wasm') as NodeBackend;
  const out = cliOption('out', 'public/weights');
  if (!existsSync(join(out, 'vocab.json'))) {
    throw new Error(`${join(out, 'vocab.json')} is missing: run "npx tsx scripts/pretrain.ts" first (it writes the vocabulary).`);
  }
  await setNodeBackend(backend);
  const defaults = defaultConfig();
  const config = {
    ...defaults,
    sftEpochs: Number(cliOption('epochs', String(defaults.sftEpochs))),
    sftLr: Number(cliOption('lr', String(defaults.sftLr))),
  };
  const setup = await loadNodeData(config, out);
  const policy = Policy.create(setup.sizes, config.seed);
  const started = performance.now();
  let lastPrint = 0;
  const result = await trainSft(policy, setup.data, config, {
    onStep: (row) => {
      if (performance.now() - lastPrint > 2000) {
        lastPrint = performance.now();
        console.log(`epoch ${row.epoch.toFixed(2)}  loss ${row.loss.toFixed(3)}  token accuracy ${(row.tokenAccuracy * 100).toFixed(1)}%`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `SFT (${config.sftSource}, ${config.sftEpochs} epochs, ${result.steps} steps, ${seconds.toFixed(1)} s on ${backend}): ` +
      `loss ${result.loss.toFixed(3)}, token accuracy ${(result.tokenAccuracy * 100).toFixed(1)}%`,
  );
  const configRecord = config as unknown as Record<string, unknown>;
  await saveWeightsToDir(
    join(out, 'policy-sft'),
    policy.getWeights(),
    makeMetadata({
      kind: 'policy',
      sizes: setup.sizes,
      vocabulary: setup.vocab.toJSON(),
      config: configRecord,
      metrics: { loss: result.loss, tokenAccuracy: result.tokenAccuracy, steps: result.steps },
    }),
  );
  console.log(`wrote ${join(out, 'policy-sft')}/model.json + weights.bin`);
  policy.dispose();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
