/**
 * Bit-identity check for engine-speed work: runs N default PPO iterations (with the evaluations the runner does)
 * and prints one sha1 over the metric rows (timings left out), the evaluation rows and every trained weight
 * (actor, critics), plus one over the actor's weights alone. A speed change must leave both unchanged.
 *   node --import tsx scripts/perf/identity.ts [--backend wasm|cpu] [--iterations 4] [--algorithm ppo-lag|ppo|reward-shaping]
 * (--algorithm: check a non-default algorithm's rows too; the default config's algorithm when left out.)
 * Not part of npm test.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { setNodeBackend, type NodeBackend } from '../../src/compute/nodeBackends';
import { ALGORITHMS, defaultConfig, type Algorithm } from '../../src/config/params';
import { ExperimentRun } from '../../src/experiment/experimentRun';
import { PpoEngine } from '../../src/train/ppo/engine';
import type { EvaluationResult } from '../../src/train/ppo/evaluation';
import { engineInit, loadNodeSetup } from '../experiment/setup';
import { cliOption } from '../cliOption';

const TIMINGS = new Set(['msRollout', 'msScoring', 'msAdvantages', 'msUpdate', 'tokensPerSecond']);

async function weightsHash(map: tf.NamedTensorMap, hash: ReturnType<typeof createHash>): Promise<void> {
  for (const name of Object.keys(map).sort()) {
    const values = await map[name].data();
    hash.update(name);
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
}

async function main(): Promise<void> {
  const backend = cliOption('backend', 'wasm') as NodeBackend;
  const iterations = Number(cliOption('iterations', '4'));
  await setNodeBackend(backend);
  const algorithm = cliOption('algorithm', defaultConfig().algorithm) as Algorithm;
  if (!ALGORITHMS.includes(algorithm)) throw new Error(`--algorithm ${algorithm}: expected one of ${ALGORITHMS.join(', ')}`);
  const defaults = { ...defaultConfig(), iterations, algorithm };
  const setup = await loadNodeSetup(defaults, { log: () => {} });
  // Through the experiment core's run loop, as the app's worker and the runner drive it.
  const run = new ExperimentRun(new PpoEngine(engineInit(setup, defaults)));
  const engine = run.engine;
  const all = createHash('sha1');
  const tensorsBefore = tf.memory().numTensors;
  try {
    // Hashed per iteration as row, then that iteration's evaluations (the order since this check began).
    let evaluations: EvaluationResult[] = [];
    const ended = await run.run({
      onPhase: (result) => {
        evaluations.push(...result.evaluations);
        if (!result.row) return;
        const row = Object.fromEntries(Object.entries(result.row).filter(([key]) => !TIMINGS.has(key)));
        all.update(JSON.stringify(row));
        for (const e of evaluations) all.update(JSON.stringify({ ...e.row, samples: e.samples }));
        evaluations = [];
      },
    });
    if (ended.end === 'halted') throw new Error(ended.message);
    const actor = createHash('sha1');
    await weightsHash(engine.policy.getWeights(), actor);
    await weightsHash(engine.policy.getWeights(), all);
    const critics = (engine as unknown as { rewardCritic: { getWeights(): tf.NamedTensorMap }; costCritic: { getWeights(): tf.NamedTensorMap } | null });
    await weightsHash(critics.rewardCritic.getWeights(), all);
    if (critics.costCritic) await weightsHash(critics.costCritic.getWeights(), all);
    console.log(JSON.stringify({ backend, iterations, ...(algorithm !== defaultConfig().algorithm ? { algorithm } : {}), all: all.digest('hex'), actor: actor.digest('hex'), tensorDelta: tf.memory().numTensors - tensorsBefore }));
  } finally {
    engine.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
