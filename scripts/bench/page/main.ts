// Browser side of the PPO bench: the engine at the default size with the shipped weights on each backend.
// Prompts are random images/questions at the default sizes (timing does not depend on their content).
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { configureWasmThreads } from '../../../src/compute/browserBackends';
import { defaultConfig } from '../../../src/config/params';
import { isRefusal, Vocabulary, type VocabularyJson } from '../../../src/data/tokenizer';
import { GuardModel } from '../../../src/models/guardModel';
import { Policy } from '../../../src/models/policy';
import { ScoreModel } from '../../../src/models/scoreModel';
import { sizesFromConfig } from '../../../src/models/sizes';
import { buildModel as build } from './buildModel';
import { tinyPromptData } from '../../../src/train/ppo/testing/fixtures';
import { benchEngine, type PpoBenchResult } from '../ppoCore';
import { describeAdapters, runScaledBench } from './scaled';

/** A result (wasm: with its thread count and whether the page was cross-origin isolated) or an error. */
export type BrowserBenchEntry =
  | (PpoBenchResult & { threads?: number; crossOriginIsolated: boolean })
  | { backend: string; error: string };

async function runBench(backends: string[], iterations: number, warmup = 2, threads?: number): Promise<BrowserBenchEntry[]> {
  configureWasmThreads(threads ?? null);
  const config = defaultConfig();
  const vocab = Vocabulary.fromJSON((await (await fetch('/weights/vocab.json')).json()) as VocabularyJson);
  const sizes = sizesFromConfig(config, vocab.size);
  const results: BrowserBenchEntry[] = [];
  for (const backend of backends) {
    try {
      if (!(await tf.setBackend(backend))) throw new Error('setBackend returned false (not available here)');
      await tf.ready();
      const policy = await build('/weights/policy-sft/model.json', (w) => Policy.fromWeights(sizes, w));
      const rewardModel = await build('/weights/reward/model.json', (w) => ScoreModel.fromWeights(sizes, w));
      const costModel = await build('/weights/cost/model.json', (w) => ScoreModel.fromWeights(sizes, w));
      const guard = await build('/weights/guard/model.json', (w) => GuardModel.fromWeights(sizes, w)).catch(() => null);
      const data = tinyPromptData(256, sizes, 'bench');
      try {
        const result = await benchEngine(
          { config, sftPolicy: policy, rewardModel, costModel, guard, codec: vocab, isRefusal, data },
          iterations,
          { warmup },
        );
        results.push({
          ...result,
          threads: backend === 'wasm' ? getThreadsCount() : undefined,
          crossOriginIsolated: Boolean(globalThis.crossOriginIsolated),
        });
      } finally {
        [policy, rewardModel, costModel, guard].forEach((m) => m?.dispose());
      }
    } catch (error) {
      results.push({ backend, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}

(globalThis as unknown as { runBench: typeof runBench }).runBench = runBench;

(globalThis as unknown as { runScaledBench: typeof runScaledBench; describeAdapters: typeof describeAdapters }).runScaledBench =
  runScaledBench;
(globalThis as unknown as { describeAdapters: typeof describeAdapters }).describeAdapters = describeAdapters;
