// The numbers the numerics check compares (src/compute/numerics.ts): one forward and backward pass of the policy, a
// critic and a score model on a fixed batch, and one clipped Adam step of the policy, on whatever backend is active.
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { defaultConfig } from '../config/params';
import { Policy, tokenLogProbs } from '../models/policy';
import { ScoreModel } from '../models/scoreModel';
import { sizesFromConfig, type ModelSizes } from '../models/sizes';
import { actorLoss, criticLoss } from '../rl/ppoLosses';
import type { NumericsFingerprint } from '../compute/numerics';
import { PlaygroundAdam } from '../compute/fusedAdam';
import { clippedStep, clipScale } from './ppo/optimizerStep';
import { criticValues, sequenceScores } from './ppo/scoring';

/** Rows in the fixed batch: enough for every kernel path the engine takes, small enough for a software GPU. */
export const NUMERICS_BATCH = 4;
/** Outputs recorded per model besides its loss and gradient norms. */
const OUTPUTS_KEPT = 4;

/**
 * The vocabulary size of the check's models (fixed, so cpu's numbers can be computed once and shipped:
 * ./numericsReference.json; the shipped vocabulary has 534 words plus the special tokens).
 */
export const NUMERICS_VOCAB = 512;

/** Response tokens in the fixed batch (the GRU runs step by step on cpu: 8 steps instead of 24 keep the check short). */
export const NUMERICS_STEPS = 8;

/**
 * The models' sizes for the check: the default configuration's widths (the kernels and matrix shapes training runs)
 * with NUMERICS_STEPS response tokens.
 */
export function numericsSizes(vocabSize = NUMERICS_VOCAB): ModelSizes {
  return { ...sizesFromConfig(defaultConfig(), vocabSize), maxResponseTokens: NUMERICS_STEPS };
}

interface FixedBatch {
  images: tf.Tensor4D;
  questions: tf.Tensor2D;
  tokens: tf.Tensor2D;
  mask: tf.Tensor2D;
  scoreTargets: tf.Tensor1D;
  oldLogProbs: tf.Tensor2D;
  advantages: tf.Tensor2D;
  returns: tf.Tensor2D;
}

/** The same batch on every backend: drawn from one seeded stream in JS, then uploaded. */
function fixedBatch(sizes: ModelSizes): FixedBatch {
  const random = seedrandom.alea('numerics-check');
  const b = NUMERICS_BATCH;
  const s = sizes.imageSize;
  const q = sizes.maxQuestionTokens;
  const t = sizes.maxResponseTokens;
  const word = () => 3 + Math.floor(random() * (sizes.vocabSize - 3));
  const responses = () => {
    const ids = new Int32Array(b * t);
    const mask = new Float32Array(b * t);
    for (let r = 0; r < b; r++) {
      // Rows of different lengths, one of them full: pads and the last-real-token pick are exercised.
      const length = r === 0 ? t : 2 + Math.floor(random() * (t - 2));
      for (let i = 0; i < length; i++) {
        ids[r * t + i] = i === length - 1 && r !== 0 ? 2 : word();
        mask[r * t + i] = 1;
      }
    }
    return [tf.tensor2d(ids, [b, t], 'int32'), tf.tensor2d(mask, [b, t])] as const;
  };
  const [tokens, mask] = responses();
  const floats = (n: number, scale: number, shift = 0) => Float32Array.from({ length: n }, () => (random() - 0.5) * scale + shift);
  return {
    images: tf.tensor4d(Float32Array.from({ length: b * s * s * 3 }, () => random()), [b, s, s, 3]),
    questions: tf.tensor2d(Int32Array.from({ length: b * q }, (_, i) => (i % q >= q - 2 ? 0 : word())), [b, q], 'int32'),
    tokens,
    mask,
    scoreTargets: tf.tensor1d(floats(b, 2)),
    // Old log-probs near the fresh policy's (−log V), so ratios stay near 1 and both clip branches are taken.
    oldLogProbs: tf.tensor2d(floats(b * t, 0.4, -Math.log(sizes.vocabSize)), [b, t]),
    advantages: tf.tensor2d(floats(b * t, 2), [b, t]),
    returns: tf.tensor2d(floats(b * t, 1), [b, t]),
  };
}

type ModelLoss = () => { loss: tf.Scalar; outputs: tf.Tensor };

/**
 * Inside a tidy: the loss, ‖∇‖₂ of every variable (NaN where no gradient reached it) stacked into one tensor, and
 * the first outputs; both kept for one asynchronous readback (WebGPU reads are async).
 */
function lossAndGradientNorms(variables: tf.Variable[], loss: ModelLoss): { scalars: tf.Tensor1D; outputs: tf.Tensor1D } {
  let outputs: tf.Tensor1D | null = null;
  const { value, grads } = tf.variableGrads(() => {
    const result = loss();
    outputs = tf.keep(result.outputs.flatten().slice(0, OUTPUTS_KEPT) as tf.Tensor1D);
    return result.loss;
  }, variables);
  const norms = variables.map((v) => (grads[v.name] ? tf.norm(grads[v.name]) : tf.scalar(NaN)));
  return { scalars: tf.stack([value, ...norms]) as tf.Tensor1D, outputs: outputs! };
}

/**
 * One forward and backward pass on the active backend: the policy's PPO actor loss, a critic's clipped value loss
 * and a score model's squared error on its end scores on the fixed batch, from freshly initialised models (seeded: the same weights
 * on every backend). Returns each loss, the gradient norm of every variable and the first outputs (logits, values,
 * scores). No tensors are left behind.
 */
export async function numericsFingerprint(vocabSize = NUMERICS_VOCAB): Promise<NumericsFingerprint> {
  const sizes = numericsSizes(vocabSize);
  const policy = Policy.create(sizes, 'numerics');
  const critic = ScoreModel.create(sizes, 'numerics-critic');
  const scorer = ScoreModel.create(sizes, 'numerics-score');
  const batch = fixedBatch(sizes);
  const out: NumericsFingerprint = {};
  try {
    const models: { prefix: string; model: Policy | ScoreModel; outputName: string; loss: ModelLoss }[] = [
      {
        prefix: 'policy',
        model: policy,
        outputName: 'logit',
        loss: () => {
          const logits = policy.logits(batch.images, batch.questions, batch.tokens);
          const logProbs = tokenLogProbs(logits, batch.tokens);
          const loss = actorLoss({ logProbs, oldLogProbs: batch.oldLogProbs, advantages: batch.advantages, mask: batch.mask, clipRatio: 0.2 });
          return { loss, outputs: logits };
        },
      },
      {
        prefix: 'critic',
        model: critic,
        outputName: 'value',
        loss: () => {
          const values = criticValues(critic, batch.images, batch.questions, batch.tokens);
          const loss = criticLoss({ values, oldValues: tf.zerosLike(values), returns: batch.returns, mask: batch.mask, clipRangeValue: 5 });
          return { loss, outputs: values };
        },
      },
      {
        prefix: 'score',
        model: scorer,
        outputName: 'score',
        loss: () => {
          // A squared error on the end scores (a pairwise loss would give the head's bias a gradient of exactly 0,
          // compared as float32 noise).
          const scores = sequenceScores(scorer, batch.images, batch.questions, batch.tokens, batch.mask);
          return { loss: tf.mean(tf.square(tf.sub(scores, batch.scoreTargets))) as tf.Scalar, outputs: scores };
        },
      },
    ];
    for (const { prefix, model, outputName, loss } of models) {
      const weights = model.getWeights();
      const names = Object.keys(weights);
      const variables = names.map((name) => weights[name] as tf.Variable);
      const { scalars, outputs } = tf.tidy(() => lossAndGradientNorms(variables, loss));
      try {
        const values = await scalars.data();
        out[`${prefix} loss`] = values[0];
        names.forEach((name, i) => (out[`${prefix} ∇${name}`] = values[i + 1]));
        (await outputs.data()).forEach((x, i) => (out[`${prefix} ${outputName}[${i}]`] = x));
      } finally {
        scalars.dispose();
        outputs.dispose();
      }
    }
    Object.assign(out, await optimizerStepFingerprint(policy, models[0].loss));
  } finally {
    tf.dispose(Object.values(batch));
    policy.dispose();
    critic.dispose();
    scorer.dispose();
  }
  return out;
}

/**
 * Far below the fixed batch's global gradient norm (about 0.4), so the clip factor min(1, c / ‖g‖₂) is well below 1
 * and the step runs the clipped path the engine takes.
 */
const NUMERICS_CLIP_NORM = 0.01;

/**
 * One optimiser step of the policy as the engine takes it (clippedStep: global-norm clipping, then PlaygroundAdam,
 * the fused kernel where the backend has one): the clip factor min(1, c / ‖g‖₂), whose ‖g‖₂ sums every variable's
 * squares in one tf.addN (a backend whose AddN fails for many inputs gives a wrong factor here), and ‖θ′ − θ‖₂ per
 * variable (Adam's arithmetic). Changes the policy's weights; the caller disposes it.
 */
async function optimizerStepFingerprint(policy: Policy, loss: ModelLoss): Promise<NumericsFingerprint> {
  const weights = policy.getWeights();
  const names = Object.keys(weights);
  const variables = names.map((name) => weights[name] as tf.Variable);
  const before = variables.map((v) => tf.clone(v));
  const optimizer = new PlaygroundAdam(3e-3, 0.9, 0.95, 1e-7);
  const scale = tf.tidy(() => clipScale(tf.variableGrads(() => loss().loss, variables).grads, NUMERICS_CLIP_NORM));
  const stepLoss = clippedStep(optimizer, variables, () => loss().loss, NUMERICS_CLIP_NORM);
  const scalars = tf.tidy(() => tf.stack([scale, ...variables.map((v, i) => tf.norm(tf.sub(v, before[i])))]) as tf.Tensor1D);
  try {
    const values = await scalars.data();
    const out: NumericsFingerprint = { 'policy step clip factor': values[0] };
    names.forEach((name, i) => (out[`policy step Δ${name}`] = values[i + 1]));
    return out;
  } finally {
    tf.dispose([scale, stepLoss, scalars, ...before]);
    optimizer.dispose();
  }
}
