/**
 * What a seed axis through the update phase would cost, measured (Node; not part of npm test):
 *   node --import tsx scripts/perf/sharedUpdate.ts [--backend wasm] [--seeds 4] [--repeats 30]
 * K members (seeds s … s+K−1) are stepped to their update phase. Then, at the default size, process CPU ms (medians
 * over --repeats after as many untimed ones) of the update's forward and backward passes (actor and both critics:
 * losses and gradients, no optimiser step, which stays per member either way):
 *  - one by one: each member's passes as the engine runs them (K times the launches);
 *  - stacked: the K members' rows in one batch, the ops that read a member's weights (convolutions, embeddings, dense
 *    layers, the GRU) split per member and the rest (pooling, tanh, the log-softmax, …) run once for all rows, the
 *    losses per member; the gradients of their sum.
 * Prints both (alternating call by call), the saving per group iteration, and whether every member's gradients are
 * the same to the bit.
 */
import * as tf from '@tensorflow/tfjs';
import { setNodeBackend, type NodeBackend } from '../../src/compute/nodeBackends';
import { defaultConfig } from '../../src/config/params';
import { memberConfig } from '../../src/config/seedGroup';
import {
  convRelu,
  dense,
  embed,
  globalAveragePool,
  gruSequence,
  gruWeights,
  maskedMeanPool,
  maxPool2,
  type ParamStore,
} from '../../src/models/layers';
import { shiftRight, tokenLogProbs, type Policy } from '../../src/models/policy';
import type { ScoreModel } from '../../src/models/scoreModel';
import { actorLoss, criticLoss, mixAdvantages } from '../../src/rl';
import { PpoEngine } from '../../src/train/ppo/engine';
import { criticValues } from '../../src/train/ppo/scoring';
import type { Rollout } from '../../src/train/ppo/phases/rolloutState';
import { cpuNowMs } from '../bench/ppo';
import { cliOption } from '../cliOption';
import { engineInit, loadNodeSetup } from '../experiment/setup';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** Rows of x split into one block per member, f on each with that member's weights, the blocks joined again. */
function perMember(stores: ParamStore[], x: tf.Tensor, f: (store: ParamStore, block: tf.Tensor) => tf.Tensor): tf.Tensor {
  const blocks = tf.split(x, stores.length, 0);
  return tf.concat(blocks.map((block, k) => f(stores[k], block)), 0);
}

function perMemberPair(
  stores: ParamStore[],
  x: tf.Tensor,
  y: tf.Tensor,
  f: (store: ParamStore, a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
): tf.Tensor {
  const xs = tf.split(x, stores.length, 0);
  const ys = tf.split(y, stores.length, 0);
  return tf.concat(xs.map((block, k) => f(stores[k], block, ys[k])), 0);
}

/** PromptEncoder.encode for K members' rows at once (same ops, the weight-free ones shared). */
function encodeStacked(stores: ParamStore[], images: tf.Tensor4D, questions: tf.Tensor2D): tf.Tensor2D {
  const p = 'prompt';
  const conv1 = maxPool2(perMember(stores, images, (s, x) => convRelu(s, `${p}/conv1`, x as tf.Tensor4D)) as tf.Tensor4D);
  const imageFeatures = globalAveragePool(perMember(stores, conv1, (s, x) => convRelu(s, `${p}/conv2`, x as tf.Tensor4D)) as tf.Tensor4D);
  const tokens = perMember(stores, questions, (s, q) => embed(s, `${p}/question_embedding`, q)) as tf.Tensor3D;
  const questionFeatures = maskedMeanPool(tokens, tf.notEqual(questions, 0) as tf.Tensor2D);
  const fused = tf.concat([imageFeatures, questionFeatures], 1);
  return tf.tanh(perMember(stores, fused, (s, x) => dense(s, `${p}/fuse`, x))) as tf.Tensor2D;
}

/** The GRU over embedded inputs from each member's prompt encoding, then the head: [K·B, T, out]. */
function sequenceHeads(stores: ParamStore[], embedding: string, ids: tf.Tensor2D, h0: tf.Tensor2D): tf.Tensor3D {
  const xs = perMember(stores, ids, (s, t) => embed(s, embedding, t));
  const states = perMemberPair(stores, xs, h0, (s, x, h) => gruSequence(gruWeights(s, 'gru'), x as tf.Tensor3D, h as tf.Tensor2D));
  return perMember(stores, states, (s, x) => dense(s, 'head', x)) as tf.Tensor3D;
}

interface Member {
  engine: PpoEngine;
  rollout: Rollout;
  advantages: tf.Tensor2D;
}

/** The engine's trained models (private fields: this script reads them to time their passes). */
type Models = { actor: Policy; rewardCritic: ScoreModel; costCritic: ScoreModel | null };

function modelsOf(engine: PpoEngine): Models {
  return engine as unknown as Models;
}

async function main(): Promise<void> {
  const backend = cliOption('backend', 'wasm') as NodeBackend;
  const seeds = Number(cliOption('seeds', '4'));
  const repeats = Number(cliOption('repeats', '30'));
  await setNodeBackend(backend);
  const config = { ...defaultConfig(), evalEvery: 1_000_000 };
  const init = engineInit(await loadNodeSetup(config, { log: () => {} }), config);
  const members: Member[] = [];
  for (let k = 0; k < seeds; k++) {
    const engine = new PpoEngine({ ...init, config: memberConfig(config, config.seed + k) });
    // Past the first iteration (the critics have moved), then to the update phase.
    await engine.step();
    while (engine.nextPhase !== 'update') await engine.stepPhase({});
    const rollout = (engine as unknown as { rollout: Rollout }).rollout;
    const advantages = mixAdvantages(rollout.rewardAdvantages!, rollout.costAdvantages!, rollout.lambda!);
    members.push({ engine, rollout, advantages });
  }
  const { clipRatio, clipRangeValue, temperature } = config;

  /** Each member's three passes as updatePhase runs them (one minibatch: the whole rollout). */
  const oneByOne = (): tf.Tensor[] =>
    tf.tidy(() =>
      members.flatMap(({ engine, rollout: r, advantages }) => {
        const m = modelsOf(engine);
        const actor = tf.variableGrads(() =>
          actorLoss({
            logProbs: m.actor.logProbs(r.images, r.questions, r.tokens, temperature),
            oldLogProbs: r.logProbs,
            advantages,
            mask: r.mask,
            clipRatio,
          }), m.actor.variables);
        const critic = (model: ScoreModel, oldValues: tf.Tensor2D, returns: tf.Tensor2D) =>
          tf.variableGrads(() =>
            criticLoss({ values: criticValues(model, r.images, r.questions, r.tokens), oldValues, returns, mask: r.mask, clipRangeValue }),
            model.variables);
        const reward = critic(m.rewardCritic, r.rewardValues!, r.rewardReturns!);
        const cost = critic(m.costCritic!, r.costValues!, r.costReturns!);
        return [actor, reward, cost].flatMap((g) => Object.values(g.grads));
      }),
    );

  /** The same passes for all members at once. */
  const stacked = (): tf.Tensor[] =>
    tf.tidy(() => {
      const cat = <T extends tf.Tensor>(pick: (m: Member) => T) => tf.concat(members.map(pick), 0) as T;
      const images = cat((m) => m.rollout.images);
      const questions = cat((m) => m.rollout.questions);
      const tokens = cat((m) => m.rollout.tokens);
      const split = (x: tf.Tensor) => tf.split(x, members.length, 0) as tf.Tensor2D[];
      const actorStores = members.map((m) => modelsOf(m.engine).actor.store);
      const actor = tf.variableGrads(() => {
        const logits = sequenceHeads(actorStores, 'token_embedding', shiftRight(tokens), encodeStacked(actorStores, images, questions));
        const logProbs = split(tokenLogProbs(logits, tokens, temperature));
        return tf.addN(members.map((m, k) =>
          actorLoss({ logProbs: logProbs[k], oldLogProbs: m.rollout.logProbs, advantages: m.advantages, mask: m.rollout.mask, clipRatio }),
        )) as tf.Scalar;
      }, members.flatMap((m) => modelsOf(m.engine).actor.variables));
      const critic = (pick: (m: Models) => ScoreModel, old: (r: Rollout) => tf.Tensor2D, returns: (r: Rollout) => tf.Tensor2D) => {
        const stores = members.map((m) => pick(modelsOf(m.engine)).store);
        return tf.variableGrads(() => {
          const scores = sequenceHeads(stores, 'response_embedding', shiftRight(tokens), encodeStacked(stores, images, questions));
          const values = split(scores.squeeze([2]));
          return tf.addN(members.map((m, k) =>
            criticLoss({ values: values[k], oldValues: old(m.rollout), returns: returns(m.rollout), mask: m.rollout.mask, clipRangeValue }),
          )) as tf.Scalar;
        }, members.flatMap((m) => pick(modelsOf(m.engine)).variables));
      };
      const reward = critic((m) => m.rewardCritic, (r) => r.rewardValues!, (r) => r.rewardReturns!);
      const cost = critic((m) => m.costCritic!, (r) => r.costValues!, (r) => r.costReturns!);
      // In the one-by-one order: member by member, actor then critics.
      const names = (g: { grads: tf.NamedTensorMap }) => Object.values(g.grads);
      const per = (g: { grads: tf.NamedTensorMap }) => {
        const all = names(g);
        const size = all.length / members.length;
        return members.map((_, k) => all.slice(k * size, (k + 1) * size));
      };
      const [a, rw, c] = [per(actor), per(reward), per(cost)];
      return members.flatMap((_, k) => [...a[k], ...rw[k], ...c[k]]);
    });

  // The same numbers both ways?
  const one = oneByOne();
  const all = stacked();
  let same = one.length === all.length;
  for (let i = 0; same && i < one.length; i++) {
    const x = one[i].dataSync();
    const y = all[i].dataSync();
    same = x.length === y.length && x.every((v, j) => Object.is(v, y[j]));
  }
  tf.dispose([...one, ...all]);

  const timeOnce = (run: () => tf.Tensor[]) => {
    const start = cpuNowMs();
    const grads = run();
    grads[grads.length - 1].dataSync();
    const ms = cpuNowMs() - start;
    tf.dispose(grads);
    return ms;
  };
  for (let i = 0; i < repeats; i++) tf.dispose([...oneByOne(), ...stacked()]);
  // Alternating call by call, so both see the same load and process state; medians and the median of the paired
  // differences.
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 2 * repeats; i++) {
    a.push(timeOnce(oneByOne));
    b.push(timeOnce(stacked));
  }
  const saving = median(a.map((x, i) => x - b[i]));
  console.log(
    `${backend}: the update's forward and backward passes (actor, reward critic, cost critic) of ${seeds} members: ` +
      `one by one ${median(a).toFixed(1)} CPU ms, stacked ${median(b).toFixed(1)} CPU ms; saving (median of paired ` +
      `differences) ${saving.toFixed(1)} ms per group iteration; every member's gradients the same to the bit: ${same}`,
  );
  members.forEach((m) => {
    m.advantages.dispose();
    m.engine.dispose();
  });
}

await main();
