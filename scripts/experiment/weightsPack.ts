// The runner's use of a model pack (--weights DIR with pack.json): the pack must have been built from the --data
// it is given (every loaded split matches the pack's data fingerprint, so its tokenizer and figures fit the
// data), and its held-out figures are measured again on that data with the code the app runs (evaluatePack).
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../../src/config/params';
import type { EncodedDataset } from '../../src/data/encode';
import type { SampleRecord } from '../../src/data/record';
import { GuardModel } from '../../src/models/guardModel';
import { dataFingerprint, packDataMismatch, type LoadedPack, type PackManifest } from '../../src/models/modelPack';
import { ScoreModel } from '../../src/models/scoreModel';
import { evaluatePack, type HeldOut } from '../../src/train/pretrainPack';

export function checkPackData(manifest: PackManifest, records: readonly SampleRecord[], dir: string): void {
  const problem = packDataMismatch(manifest, dataFingerprint(records));
  if (problem) throw new Error(`--weights ${dir}: ${problem}`);
}

/** The pack's reward, cost and guard figures on `encoded`'s held-out split; disposes the pack's tensors. */
export async function packFigures(pack: LoadedPack, encoded: EncodedDataset, config: ExperimentConfig): Promise<HeldOut> {
  const sizes = pack.models.reward.metadata.sizes;
  let models: { reward: ScoreModel; cost: ScoreModel; guard: GuardModel } | null = null;
  try {
    tf.tidy(() => {
      models = {
        reward: ScoreModel.fromWeights(sizes, pack.models.reward.weights),
        cost: ScoreModel.fromWeights(sizes, pack.models.cost.weights),
        guard: GuardModel.fromWeights(sizes, pack.models.guard.weights),
      };
    });
    return await evaluatePack(models!, encoded, config);
  } finally {
    for (const loaded of Object.values(pack.models)) tf.dispose(Object.values(loaded.weights));
    if (models) Object.values(models as Record<string, { dispose(): void }>).forEach((m) => m.dispose());
  }
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

export function figuresLine(h: HeldOut): string {
  return (
    `reward pairwise ${pct(h.reward?.pairwiseAccuracy)} (${h.reward?.pairs ?? 0} pairs); cost pairwise ${pct(h.cost?.pairwiseAccuracy)}, sign ${pct(h.cost?.signAccuracy)}; ` +
    `guard unsafe precision ${pct(h.guard?.precision)}, recall ${pct(h.guard?.recall)} (${h.guard?.examples ?? 0} examples)`
  );
}
