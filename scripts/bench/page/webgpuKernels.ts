// Browser side of e2e/webgpuKernels.spec.ts: each fused WebGPU kernel (src/compute/webgpu*.ts) at small shapes,
// against the cpu backend's op-by-op graph (the GRU: values and gradients; the pick: a one-hot product) or the
// formula in double (Adam). Reports the largest relative deviation per output, |a − b| / max(|b|, 1e-4) as the
// numerics check counts it, and the tensors left over on webgpu.
import * as tf from '@tensorflow/tfjs';
import '../../../src/compute/browserBackends';
import { ADAM_UPDATE } from '../../../src/compute/fusedAdam';
import { fusedGruAvailable } from '../../../src/compute/fusedGru';
import { PICK_LAST } from '../../../src/compute/wasmKernels';
import { verdictText } from '../../../src/compute/numerics';
import { defaultConfig } from '../../../src/config/params';
import { isRefusal, Vocabulary, type VocabularyJson } from '../../../src/data/tokenizer';
import { gruSequence } from '../../../src/models/layers';
import { Policy } from '../../../src/models/policy';
import { ScoreModel } from '../../../src/models/scoreModel';
import { sizesFromConfig } from '../../../src/models/sizes';
import { buildModel as build } from './buildModel';
import { checkActiveBackend } from '../../../src/train/numericsCheck';
import { PpoEngine } from '../../../src/train/ppo/engine';
import { tinyPromptData } from '../../../src/train/ppo/testing/fixtures';

export type KernelCheck = { name: string; maxDeviation: number; values: number; first: [number, number] };
export type KernelReport = { fused: boolean; checks: KernelCheck[]; leakedTensors: number };

/** Seeded uniform numbers in [−scale, scale) (a small LCG: the same inputs on both backends). */
function numbers(count: number, seed: number, scale = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
}

function deviation(name: string, got: ArrayLike<number>, want: ArrayLike<number>): KernelCheck {
  if (got.length !== want.length) return { name: `${name} (length ${got.length} vs ${want.length})`, maxDeviation: Infinity, values: got.length, first: [got[0], want[0]] };
  let worst = 0;
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(got[i] - want[i]) / Math.max(Math.abs(want[i]), 1e-4);
    worst = Number.isFinite(d) ? Math.max(worst, d) : Infinity;
  }
  return { name, maxDeviation: worst, values: got.length, first: [got[0], want[0]] };
}

type GruCase = { batch: number; steps: number; input: number; hidden: number; masked: boolean };

/**
 * states and the gradients of Σ states ⊙ weights in xs, h0, wx, wh, b on the active backend, flattened (read with
 * data(): dataSync on webgpu reads through a canvas, which on SwiftShader gave zeros).
 */
async function gruOutputs(c: GruCase): Promise<Record<string, Float32Array>> {
  const tensors = tf.tidy(() => {
    const seed = c.batch * 1000 + c.steps * 100 + c.hidden;
    const xs = tf.tensor3d(numbers(c.batch * c.steps * c.input, seed + 1), [c.batch, c.steps, c.input]);
    const h0 = tf.tensor2d(numbers(c.batch * c.hidden, seed + 2, 0.5), [c.batch, c.hidden]);
    const wx = tf.tensor2d(numbers(c.input * 3 * c.hidden, seed + 3, 0.6), [c.input, 3 * c.hidden]);
    const wh = tf.tensor2d(numbers(c.hidden * 3 * c.hidden, seed + 4, 0.6), [c.hidden, 3 * c.hidden]);
    const b = tf.tensor1d(numbers(3 * c.hidden, seed + 5, 0.3));
    const weights = tf.tensor3d(numbers(c.batch * c.steps * c.hidden, seed + 6), [c.batch, c.steps, c.hidden]);
    // Rows of 1s then 0s (right padding), one row all real, like the models' masks.
    const mask = c.masked
      ? tf.tensor2d(Array.from({ length: c.batch * c.steps }, (_, i) => (i % c.steps < c.steps - (Math.floor(i / c.steps) % c.steps) ? 1 : 0)), [c.batch, c.steps])
      : undefined;
    const run = (x: tf.Tensor3D, h: tf.Tensor2D, a: tf.Tensor2D, u: tf.Tensor2D, bias: tf.Tensor1D) =>
      gruSequence({ wx: a, wh: u, b: bias }, x, h, mask);
    const states = run(xs, h0, wx, wh, b);
    const grads = tf.grads((x, h, a, u, bias) =>
      tf.sum(tf.mul(run(x as tf.Tensor3D, h as tf.Tensor2D, a as tf.Tensor2D, u as tf.Tensor2D, bias as tf.Tensor1D), weights)),
    )([xs, h0, wx, wh, b]);
    return [states, ...grads];
  });
  const out: Record<string, Float32Array> = {};
  const names = ['states', 'dxs', 'dh0', 'dwx', 'dwh', 'db'];
  for (const [i, tensor] of tensors.entries()) out[names[i]] = (await tensor.data()) as Float32Array;
  tf.dispose(tensors);
  return out;
}

async function read(tensors: tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  const list = Array.isArray(tensors) ? tensors : [tensors];
  const values = await Promise.all(list.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(list);
  return values;
}

const GRU_CASES: GruCase[] = [
  { batch: 3, steps: 4, input: 5, hidden: 6, masked: false },
  { batch: 3, steps: 4, input: 5, hidden: 6, masked: true },
  // More units than a workgroup's 64 invocations: each owns two.
  { batch: 2, steps: 3, input: 4, hidden: 70, masked: true },
  { batch: 2, steps: 2, input: 3, hidden: 8, masked: false },
];

async function checkGru(checks: KernelCheck[]): Promise<void> {
  for (const c of GRU_CASES) {
    await tf.setBackend('cpu');
    const want = await gruOutputs(c);
    await tf.setBackend('webgpu');
    const got = await gruOutputs(c);
    const label = `gru B${c.batch} T${c.steps} H${c.hidden}${c.masked ? ' masked' : ''}`;
    for (const key of Object.keys(want)) checks.push(deviation(`${label} ${key}`, got[key], want[key]));
  }
}

async function checkPick(checks: KernelCheck[]): Promise<void> {
  const x = numbers(2 * 3 * 7, 11, 4);
  // In range, the edges, and two ids outside [0, V) (→ 0).
  const ids = [0, 6, 3, -1, 7, 2];
  await tf.setBackend('cpu');
  const want = tf.tidy(() => tf.sum(tf.mul(tf.tensor3d(x, [2, 3, 7]), tf.oneHot(tf.tensor2d(ids, [2, 3], 'int32'), 7).toFloat()), 2).dataSync());
  await tf.setBackend('webgpu');
  const [got] = await read(
    tf.tidy(() => tf.engine().runKernel(PICK_LAST, { x: tf.tensor3d(x, [2, 3, 7]), indices: tf.tensor2d(ids, [2, 3], 'int32') }, {}) as tf.Tensor),
  );
  checks.push(deviation('pick [2, 3, 7]', got, want));
}

/** tf.addN of more inputs than a WebGPU program can bind (the global-norm clip sums one per variable). */
async function checkAddN(checks: KernelCheck[]): Promise<void> {
  for (const count of [3, 20]) {
    const parts = Array.from({ length: count }, (_, i) => numbers(5, 31 + i));
    await tf.setBackend('cpu');
    const [want] = await read(tf.tidy(() => tf.addN(parts.map((p) => tf.tensor1d(p)))));
    await tf.setBackend('webgpu');
    const [got] = await read(tf.tidy(() => tf.addN(parts.map((p) => tf.tensor1d(p)))));
    checks.push(deviation(`addN of ${count}`, got, want));
  }
}

async function checkAdam(checks: KernelCheck[]): Promise<void> {
  await tf.setBackend('webgpu');
  const n = 300; // more than one workgroup of 64
  const [theta, m, g] = [numbers(n, 21), numbers(n, 22, 0.1), numbers(n, 24)];
  const v = numbers(n, 23, 0.01).map(Math.abs);
  const [beta1, beta2, epsilon, learningRate, acc1, acc2, scale] = [0.9, 0.999, 1e-8, 3e-4, 0.9 ** 3, 0.999 ** 3, 0.75];
  for (const scaled of [false, true]) {
    const outs = await read(tf.tidy(() => {
      const inputs: tf.NamedTensorMap = {
        value: tf.tensor1d(theta), m: tf.tensor1d(m), v: tf.tensor1d(v), gradient: tf.tensor1d(g),
        oneMinusAccBeta1: tf.scalar(1 - acc1), oneMinusAccBeta2: tf.scalar(1 - acc2),
      };
      if (scaled) inputs.scale = tf.scalar(scale);
      return tf.engine().runKernel(ADAM_UPDATE, inputs, { beta1, beta2, epsilon, learningRate }) as tf.Tensor[];
    }));
    const want = [[], [], []] as number[][];
    for (let i = 0; i < n; i++) {
      const gi = scaled ? g[i] * scale : g[i];
      const m1 = m[i] * beta1 + gi * (1 - beta1);
      const v1 = v[i] * beta2 + gi * gi * (1 - beta2);
      want[0].push(theta[i] - (learningRate * (m1 / (1 - acc1))) / (Math.sqrt(v1 / (1 - acc2)) + epsilon));
      want[1].push(m1);
      want[2].push(v1);
    }
    ['θ′', 'm′', 'v′'].forEach((name, k) => checks.push(deviation(`adam${scaled ? ' scaled' : ''} ${name}`, outs[k], want[k])));
  }
}

async function checkWebGpuKernels(): Promise<KernelReport> {
  if (!(await tf.setBackend('webgpu'))) throw new Error('no webgpu backend here');
  await tf.ready();
  const fused = fusedGruAvailable();
  const before = tf.memory().numTensors;
  const checks: KernelCheck[] = [];
  await checkPick(checks);
  await checkAddN(checks);
  await checkAdam(checks);
  await checkGru(checks);
  await tf.setBackend('webgpu');
  return { fused, checks, leakedTensors: tf.memory().numTensors - before };
}

(globalThis as unknown as { checkWebGpuKernels: typeof checkWebGpuKernels }).checkWebGpuKernels = checkWebGpuKernels;

export type PpoReport = { numerics: string; rows: Record<string, number>[]; halted: string | null };

/**
 * `iterations` PPO-Lagrangian iterations of the real engine with the shipped models on `backend`, `promptBatch` prompts
 * (the default widths), after the numerics check: the per-iteration metrics, or where the engine halted.
 */
async function ppoIterations(backend: string, iterations: number, promptBatch: number): Promise<PpoReport> {
  if (!(await tf.setBackend(backend))) throw new Error(`no ${backend} backend here`);
  await tf.ready();
  const numerics = verdictText(await checkActiveBackend());
  const vocab = Vocabulary.fromJSON((await (await fetch('/weights/vocab.json')).json()) as VocabularyJson);
  const config = { ...defaultConfig(), promptBatch, evalEvery: 1_000_000, evalPrompts: 4, iterations: 1_000_000 };
  const sizes = sizesFromConfig(config, vocab.size);
  const policy = await build('/weights/policy-sft/model.json', (w) => Policy.fromWeights(sizes, w));
  const rewardModel = await build('/weights/reward/model.json', (w) => ScoreModel.fromWeights(sizes, w));
  const costModel = await build('/weights/cost/model.json', (w) => ScoreModel.fromWeights(sizes, w));
  const engine = new PpoEngine({
    config, sftPolicy: policy, rewardModel, costModel, guard: null, codec: vocab, isRefusal,
    data: tinyPromptData(2 * promptBatch, sizes, 'kernels'),
  });
  const rows: Record<string, number>[] = [];
  let halted: string | null = null;
  try {
    for (let i = 0; i < iterations && !halted; i++) {
      const result = await engine.step();
      if (result.halted) halted = result.halted;
      else if (result.row) rows.push(result.row as unknown as Record<string, number>);
    }
  } finally {
    engine.dispose();
    [policy, rewardModel, costModel].forEach((m) => m.dispose());
  }
  return { numerics, rows, halted };
}

(globalThis as unknown as { ppoIterations: typeof ppoIterations }).ppoIterations = ppoIterations;
