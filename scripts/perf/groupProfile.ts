/**
 * Where a seed group's cost goes, and what sharing work across its members could save (Node; not part of npm test):
 *   node --import tsx scripts/perf/groupProfile.ts [--backend wasm] [--seeds 4] [--repeats 40]
 * Prints, at the default size, process CPU ms (medians over --repeats after as many untimed ones):
 *  1. the frozen models' work of one iteration (the reference policy's log-probs of the responses, the reward and cost
 *     models' sequence scores, from kept prompt encodings) for K members one by one vs stacked into one batch of
 *     K × 32 rows, and whether every member's numbers are the same to the bit both ways (row independence);
 *  2. the GRU-gate matMul of one step, [32, H] × [H, 3H], for K seeds one by one vs one batched matMul with a leading
 *     seed axis [K, 32, H] × [K, H, 3H] (what a seed axis through the trained models' kernels would launch);
 *  3. the dispatch cost of one tiny kernel (what a seed axis could save per launch).
 * `npm run bench -- --seeds K` gives the group's and one seed's CPU per iteration and per phase beside these.
 */
import * as tf from '@tensorflow/tfjs';
import { setNodeBackend, type NodeBackend } from '../../src/compute/nodeBackends';
import { defaultConfig } from '../../src/config/params';
import { indicesOfSplit, SPLIT_TRAIN } from '../../src/train/ppo/prompts';
import { FrozenPromptEncodings } from '../../src/train/ppo/promptEncodings';
import { sequenceScoresFromPrompt } from '../../src/train/ppo/scoring';
import { cpuNowMs } from '../bench/ppo';
import { cliOption } from '../cliOption';
import { engineInit, loadNodeSetup } from '../experiment/setup';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** Median CPU ms of `run` over `repeats` calls after as many untimed ones. */
async function cpuMedian(run: () => Promise<void> | void, repeats: number): Promise<number> {
  for (let i = 0; i < repeats; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = cpuNowMs();
    await run();
    times.push(cpuNowMs() - start);
  }
  return median(times);
}

async function main(): Promise<void> {
  const backend = cliOption('backend', 'wasm') as NodeBackend;
  const seeds = Number(cliOption('seeds', '4'));
  const repeats = Number(cliOption('repeats', '40'));
  await setNodeBackend(backend);
  const config = defaultConfig();
  const init = engineInit(await loadNodeSetup(config, { log: () => {} }), config);
  const { sftPolicy: reference, rewardModel, costModel } = init;
  const batch = config.promptBatch;
  const steps = config.maxResponseTokens;
  const hidden = config.hiddenSize;
  const vocab = reference.sizes.vocabSize;

  // 1. Frozen work: K members' prompts and (random) responses of the default shape; encodings kept, as in the engine.
  const pool = indicesOfSplit(init.data, SPLIT_TRAIN);
  const memberIndices = Array.from({ length: seeds }, (_, k) => Array.from({ length: batch }, (_, i) => pool[(k * 37 + i * 11) % pool.length]));
  const encodings = new FrozenPromptEncodings(init.data);
  const members = await Promise.all(
    memberIndices.map(async (indices, k) => {
      const [ref, reward, cost] = await encodings.encode([reference.prompt, rewardModel.prompt, costModel.prompt], indices);
      const tokens = tf.randomUniform([batch, steps], 4, vocab, 'int32', 100 + k) as tf.Tensor2D;
      // Responses of random lengths 1…steps (the score is read at each row's last real token).
      const mask = tf.tidy(() =>
        tf.range(0, steps, 1, 'int32').expandDims(0).less(tf.randomUniform([batch, 1], 1, steps + 1, 'int32', 200 + k)).toFloat(),
      ) as tf.Tensor2D;
      return { ref, reward, cost, tokens, mask };
    }),
  );
  const stacked = {
    ref: tf.concat(members.map((m) => m.ref)) as tf.Tensor2D,
    reward: tf.concat(members.map((m) => m.reward)) as tf.Tensor2D,
    cost: tf.concat(members.map((m) => m.cost)) as tf.Tensor2D,
    tokens: tf.concat(members.map((m) => m.tokens)) as tf.Tensor2D,
    mask: tf.concat(members.map((m) => m.mask)) as tf.Tensor2D,
  };
  const frozen = (m: typeof stacked): tf.Tensor[] =>
    tf.tidy(() => [
      reference.logProbsFromPrompt(m.ref, m.tokens, config.temperature),
      sequenceScoresFromPrompt(rewardModel, m.reward, m.tokens, m.mask),
      sequenceScoresFromPrompt(costModel, m.cost, m.tokens, m.mask),
    ]);
  const readAll = async (outs: tf.Tensor[]) => {
    const values = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(outs);
    return values;
  };
  const oneByOne = async () => {
    for (const m of members) await readAll(frozen(m));
  };
  const together = async () => {
    await readAll(frozen(stacked));
  };
  const separateMs = await cpuMedian(oneByOne, repeats);
  const stackedMs = await cpuMedian(together, repeats);
  const alone = await Promise.all(members.map((m) => readAll(frozen(m))));
  const all = await readAll(frozen(stacked));
  const identical = alone.every((outs, k) =>
    outs.every((values, j) => values.every((value, i) => Object.is(value, all[j][k * values.length + i]))),
  );
  console.log(
    `${backend}: frozen models' work of one iteration (reference log-probs, reward and cost scores), ${seeds} members: ` +
      `one by one ${separateMs.toFixed(2)} CPU ms, stacked into one batch of ${seeds * batch} ${stackedMs.toFixed(2)} CPU ms; ` +
      `each member's numbers the same to the bit: ${identical}`,
  );

  // 2. A seed axis: K seeds' own weights, one step of the GRU's input/recurrent matMul.
  const weights = Array.from({ length: seeds }, (_, k) => tf.randomNormal([hidden, 3 * hidden], 0, 0.1, 'float32', 300 + k));
  const inputs = Array.from({ length: seeds }, (_, k) => tf.randomNormal([batch, hidden], 0, 1, 'float32', 400 + k));
  const seedWeights = tf.stack(weights);
  const seedInputs = tf.stack(inputs);
  const perSeedMs = await cpuMedian(() => tf.tidy(() => void inputs.forEach((x, k) => tf.matMul(x, weights[k]))), repeats * 25);
  const seedAxisMs = await cpuMedian(() => void tf.tidy(() => tf.matMul(seedInputs, seedWeights)), repeats * 25);
  console.log(
    `${backend}: matMul [${batch}, ${hidden}] × [${hidden}, ${3 * hidden}] for ${seeds} seeds: one by one ${(perSeedMs * 1000).toFixed(0)} µs, ` +
      `one batched matMul with a seed axis ${(seedAxisMs * 1000).toFixed(0)} µs`,
  );

  // 3. Dispatch: a kernel on 4 numbers is nearly all launch cost.
  const a = tf.ones([4]);
  const launches = 2000;
  const launchMs = await cpuMedian(() => void tf.tidy(() => {
    for (let i = 0; i < launches; i++) tf.add(a, a);
  }), Math.max(5, repeats / 4));
  console.log(`${backend}: one tiny kernel launch ${((launchMs / launches) * 1000).toFixed(1)} µs CPU`);
  tf.dispose([a, seedWeights, seedInputs, ...weights, ...inputs, ...Object.values(stacked)]);
  for (const m of members) tf.dispose(Object.values(m));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
