// A dedicated worker of the Chromium group wall-time bench (scripts/bench/page/groupWall.ts): like the app's trainer
// worker, it loads the shipped models, builds the engine for its seeds (one PpoEngine, or a SeedGroupEngine stepping
// its members in turn) and, on 'go', runs every iteration of the run with its evaluations, then reports its wall
// time and each member's final λ and last metric row (to check that a member is the same wherever it ran).
import * as tf from '@tensorflow/tfjs';
import { configureWasmThreads } from '../../../src/compute/browserBackends';
import { defaultConfig, type ExperimentConfig } from '../../../src/config/params';
import { isRefusal, Vocabulary, type VocabularyJson } from '../../../src/data/tokenizer';
import { GuardModel } from '../../../src/models/guardModel';
import { Policy } from '../../../src/models/policy';
import { ScoreModel } from '../../../src/models/scoreModel';
import { sizesFromConfig } from '../../../src/models/sizes';
import { buildModel as build } from './buildModel';
import { PpoEngine } from '../../../src/train/ppo/engine';
import { createRunEngine, SeedGroupEngine } from '../../../src/train/ppo/seedGroupEngine';
import { tinyPromptData } from '../../../src/train/ppo/testing/fixtures';
import { PPO_METRIC_COLUMNS } from '../../../src/train/ppo/types';
import { memberColumn } from '../../../src/util/groupRows';

export interface GroupWorkerRequest {
  backend: string;
  seed: number;
  seeds: number;
  iterations: number;
}

export interface GroupWorkerReport {
  /** Wall ms from the go message to the last iteration's row (evaluations included). */
  ms: number;
  /** Per member: its seed, final λ and its last metric row's values that do not measure time. */
  members: { seed: number; lambda: number; lastRow: number[] }[];
}

/** Metric columns that do not measure wall time (the ones a member's identity is checked on; iteration is shared). */
const VALUE_COLUMNS = PPO_METRIC_COLUMNS.filter(
  (column) => column !== 'iteration' && !column.startsWith('ms') && column !== 'tokensPerSecond',
);

let engine: PpoEngine | SeedGroupEngine | null = null;
let request: GroupWorkerRequest | null = null;

async function prepare(next: GroupWorkerRequest): Promise<void> {
  configureWasmThreads(null);
  if (!(await tf.setBackend(next.backend))) throw new Error(`${next.backend}: setBackend returned false`);
  await tf.ready();
  const config: ExperimentConfig = { ...defaultConfig(), seed: next.seed, seeds: next.seeds, iterations: next.iterations };
  const vocab = Vocabulary.fromJSON((await (await fetch('/weights/vocab.json')).json()) as VocabularyJson);
  const sizes = sizesFromConfig(config, vocab.size);
  const sftPolicy = await build('/weights/policy-sft/model.json', (w) => Policy.fromWeights(sizes, w));
  const rewardModel = await build('/weights/reward/model.json', (w) => ScoreModel.fromWeights(sizes, w));
  const costModel = await build('/weights/cost/model.json', (w) => ScoreModel.fromWeights(sizes, w));
  const guard = await build('/weights/guard/model.json', (w) => GuardModel.fromWeights(sizes, w)).catch(() => null);
  engine = createRunEngine({ config, sftPolicy, rewardModel, costModel, guard, codec: vocab, isRefusal, data: tinyPromptData(256, sizes, 'bench') });
  request = next;
}

async function go(): Promise<GroupWorkerReport> {
  if (!engine || !request) throw new Error('go before prepare');
  const start = performance.now();
  const lastRows = new Map<number, number[]>();
  const seeds = engine instanceof SeedGroupEngine ? engine.seeds : [request.seed];
  while (engine.iteration < request.iterations) {
    const result = await engine.step();
    if (result.halted) throw new Error(result.halted);
    const row = result.row as Record<string, number> | undefined;
    if (!row) continue;
    for (const seed of seeds) {
      lastRows.set(seed, VALUE_COLUMNS.map((column) => (seeds.length > 1 ? row[memberColumn(column, seed)] : row[column])));
    }
  }
  const ms = performance.now() - start;
  const lambdas = engine instanceof SeedGroupEngine ? engine.members.map((member) => member.lambda) : [engine.lambda];
  return { ms, members: seeds.map((seed, index) => ({ seed, lambda: lambdas[index], lastRow: lastRows.get(seed) ?? [] })) };
}

self.onmessage = async (event: MessageEvent<{ type: 'prepare'; request: GroupWorkerRequest } | { type: 'go' }>) => {
  try {
    if (event.data.type === 'prepare') {
      await prepare(event.data.request);
      self.postMessage({ type: 'ready' });
    } else {
      self.postMessage({ type: 'done', report: await go() });
    }
  } catch (error) {
    self.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
