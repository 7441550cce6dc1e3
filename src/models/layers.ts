/**
 * Building blocks for the playground's small networks, written with explicit `tf.variable`s and TF.js ops (no
 * tfjs-layers): a named parameter store with seeded initialisation, dense and embedding layers, a GRU cell and an
 * unrolled GRU, and the convolution helpers of the image encoder. Everything is batch-first.
 *
 * Initial values come from a `seedrandom.alea` stream in plain JS, so the cpu, wasm, WebGL and WebGPU backends all
 * start from identical numbers.
 */
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { fusedGruAvailable, fusedGruSequence } from '../compute/fusedGru';

/** A uniform [0, 1) random source; always a seeded `seedrandom.alea` stream. */
export type Rng = () => number;

export function seededRng(seed: string | number): Rng {
  return seedrandom.alea(String(seed));
}

/** Standard normal samples (Box–Muller) from a seeded stream. */
export function normalSamples(rng: Rng, n: number, std = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rng(), 1e-12);
    const v = rng();
    const radius = Math.sqrt(-2 * Math.log(u)) * std;
    out[i] = radius * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = radius * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** Glorot/Xavier uniform: U(−a, a), a = √(6 / (fanIn + fanOut)). */
export function glorotUniform(rng: Rng, n: number, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: n }, () => (rng() * 2 - 1) * limit);
}

/** A random n×n orthogonal matrix (Gram–Schmidt on a Gaussian matrix), row-major. */
export function orthogonalMatrix(rng: Rng, n: number): Float32Array {
  const rows: Float64Array[] = [];
  const gaussian = normalSamples(rng, n * n);
  for (let i = 0; i < n; i++) {
    const row = Float64Array.from(gaussian.subarray(i * n, (i + 1) * n));
    for (const previous of rows) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += row[k] * previous[k];
      for (let k = 0; k < n; k++) row[k] -= dot * previous[k];
    }
    let norm = 0;
    for (let k = 0; k < n; k++) norm += row[k] * row[k];
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < n; k++) row[k] /= norm;
    rows.push(row);
  }
  const out = new Float32Array(n * n);
  rows.forEach((row, i) => out.set(row, i * n));
  return out;
}

/**
 * Named trainable variables of one network. Names are kept here (not as tf.variable names, which must be unique
 * engine-wide), so two copies of a model can coexist.
 */
export class ParamStore {
  private readonly params = new Map<string, tf.Variable>();

  /** Adds a variable with the given initial values; throws if the name is taken. */
  add(name: string, shape: number[], values: Float32Array): tf.Variable {
    if (this.params.has(name)) throw new Error(`Parameter "${name}" already exists`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (values.length !== size) throw new Error(`Parameter "${name}": ${values.length} values for shape [${shape}]`);
    // tf.variable shares the initial tensor's data and adds a reference: dispose the initial tensor.
    const initial = tf.tensor(values, shape, 'float32');
    const variable = tf.variable(initial, true);
    initial.dispose();
    this.params.set(name, variable);
    return variable;
  }

  has(name: string): boolean {
    return this.params.has(name);
  }

  get(name: string): tf.Variable {
    const variable = this.params.get(name);
    if (!variable) throw new Error(`Unknown parameter "${name}"`);
    return variable;
  }

  get names(): string[] {
    return [...this.params.keys()];
  }

  get variables(): tf.Variable[] {
    return [...this.params.values()];
  }

  /** Total number of scalars. */
  get size(): number {
    let total = 0;
    for (const v of this.params.values()) total += v.size;
    return total;
  }

  /** The live variables by name (not copies: do not dispose them). */
  getWeights(): tf.NamedTensorMap {
    return Object.fromEntries(this.params);
  }

  /**
   * Assigns every parameter from `weights` after checking all names and shapes first, so a bad map changes
   * nothing. Extra names in `weights` are an error too (a different architecture).
   */
  setWeights(weights: tf.NamedTensorMap): void {
    const problems: string[] = [];
    for (const [name, variable] of this.params) {
      const tensor = weights[name];
      if (!tensor) problems.push(`missing weight "${name}"`);
      else if (!tf.util.arraysEqual(tensor.shape, variable.shape))
        problems.push(`weight "${name}" has shape [${tensor.shape}], expected [${variable.shape}]`);
    }
    for (const name of Object.keys(weights)) if (!this.params.has(name)) problems.push(`unexpected weight "${name}"`);
    if (problems.length > 0) throw new Error(`Weights do not fit this model: ${problems.slice(0, 4).join('; ')}`);
    tf.tidy(() => {
      for (const [name, variable] of this.params) variable.assign(weights[name].toFloat());
    });
  }

  /** A deep copy with fresh variables. */
  clone(): ParamStore {
    const copy = new ParamStore();
    for (const [name, variable] of this.params) {
      const initial = variable.clone();
      copy.params.set(name, tf.variable(initial, true));
      initial.dispose();
    }
    return copy;
  }

  dispose(): void {
    for (const variable of this.params.values()) variable.dispose();
    this.params.clear();
  }
}

// ---- initialisers (register a parameter in a store) --------------------------------------------------------------

export function addDense(store: ParamStore, prefix: string, rng: Rng, fanIn: number, fanOut: number, bias = true): void {
  store.add(`${prefix}/w`, [fanIn, fanOut], glorotUniform(rng, fanIn * fanOut, fanIn, fanOut));
  if (bias) store.add(`${prefix}/b`, [fanOut], new Float32Array(fanOut));
}

export function addEmbedding(store: ParamStore, name: string, rng: Rng, vocabSize: number, embedSize: number): void {
  store.add(name, [vocabSize, embedSize], normalSamples(rng, vocabSize * embedSize, 0.1));
}

/** GRU weights: input kernel [E, 3H] (Glorot), recurrent kernel [H, 3H] (three orthogonal blocks), bias [3H]. */
export function addGru(store: ParamStore, prefix: string, rng: Rng, inputSize: number, hiddenSize: number): void {
  const h = hiddenSize;
  store.add(`${prefix}/wx`, [inputSize, 3 * h], glorotUniform(rng, inputSize * 3 * h, inputSize, 3 * h));
  const recurrent = new Float32Array(h * 3 * h);
  for (let gate = 0; gate < 3; gate++) {
    const block = orthogonalMatrix(rng, h);
    for (let row = 0; row < h; row++) recurrent.set(block.subarray(row * h, (row + 1) * h), row * 3 * h + gate * h);
  }
  store.add(`${prefix}/wh`, [h, 3 * h], recurrent);
  store.add(`${prefix}/b`, [3 * h], new Float32Array(3 * h));
}

/** 3×3 convolution kernel [3, 3, in, out] (Glorot over the receptive field) and bias. */
export function addConv(store: ParamStore, prefix: string, rng: Rng, inChannels: number, outChannels: number): void {
  const fanIn = 9 * inChannels;
  const fanOut = 9 * outChannels;
  store.add(`${prefix}/w`, [3, 3, inChannels, outChannels], glorotUniform(rng, fanIn * outChannels, fanIn, fanOut));
  store.add(`${prefix}/b`, [outChannels], new Float32Array(outChannels));
}

// ---- ops ---------------------------------------------------------------------------------------------------------

/** x·W + b over the last axis; works for [B, in] and [B, T, in]. */
export function dense(store: ParamStore, prefix: string, x: tf.Tensor): tf.Tensor {
  const w = store.get(`${prefix}/w`);
  const [inSize, outSize] = w.shape as [number, number];
  const flat = x.reshape([-1, inSize]) as tf.Tensor2D;
  let y: tf.Tensor = tf.matMul(flat, w as tf.Tensor2D);
  if (store.has(`${prefix}/b`)) y = y.add(store.get(`${prefix}/b`));
  return y.reshape([...x.shape.slice(0, -1), outSize]);
}

/**
 * Embedding lookup: ids int32 [...] → [..., E]. The gradient of `tf.gather` needs the UnsortedSegmentSum kernel,
 * which is very slow on cpu (and which wasm gets from src/compute/wasmKernels.ts); on cpu, or wherever it is
 * missing, the lookup is a one-hot matmul (same values, a matmul gradient).
 */
export function embed(store: ParamStore, name: string, ids: tf.Tensor): tf.Tensor {
  const table = store.get(name);
  if (gatherGradientAvailable()) return tf.gather(table, ids.toInt());
  const [vocabSize, embedSize] = table.shape as [number, number];
  const oneHot = tf.oneHot(ids.toInt().reshape([-1]), vocabSize).toFloat() as tf.Tensor2D;
  return tf.matMul(oneHot, table as tf.Tensor2D).reshape([...ids.shape, embedSize]);
}

function gatherGradientAvailable(): boolean {
  // The cpu backend has the kernel but it is slow (seconds per step at default sizes); the matmul is far faster.
  return hasKernel('UnsortedSegmentSum') && tf.getBackend() !== 'cpu';
}

export interface GruWeights {
  wx: tf.Tensor2D;
  wh: tf.Tensor2D;
  b: tf.Tensor1D;
}

export function gruWeights(store: ParamStore, prefix: string): GruWeights {
  return {
    wx: store.get(`${prefix}/wx`) as tf.Tensor2D,
    wh: store.get(`${prefix}/wh`) as tf.Tensor2D,
    b: store.get(`${prefix}/b`) as tf.Tensor1D,
  };
}

/**
 * One GRU step from a precomputed input projection xp = x·Wx + b [B, 3H]:
 *   z = σ(xp_z + h·U_z),  r = σ(xp_r + h·U_r),  n = tanh(xp_n + r ⊙ (h·U_n)),  h' = (1 − z) ⊙ n + z ⊙ h.
 */
function gruStepProjected(wh: tf.Tensor2D, xp: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
  const hiddenSize = h.shape[1];
  const hp = tf.matMul(h, wh);
  // z and r share one add + sigmoid, and h' = n + z ⊙ (h − n): fewer kernel launches per step, which is what an
  // unrolled GRU on wasm pays for.
  const [xzr, xn] = tf.split(xp, [2 * hiddenSize, hiddenSize], 1);
  const [hzr, hn] = tf.split(hp, [2 * hiddenSize, hiddenSize], 1);
  const [z, r] = tf.split(tf.sigmoid(xzr.add(hzr)), 2, 1);
  const n = tf.tanh(xn.add(r.mul(hn)));
  return n.add(z.mul(h.sub(n))) as tf.Tensor2D;
}

/** One GRU step: x [B, E], h [B, H] → h' [B, H]. */
export function gruStep(params: GruWeights, x: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
  return gruStepFromProjection(params, tf.matMul(x, params.wx).add(params.b) as tf.Tensor2D, h);
}

/**
 * One GRU step from the input projection xp = x·Wx + b [B, 3H] (for token inputs: rows of embedding·Wx + b, computed
 * once for the whole vocabulary), h [B, H] → h' [B, H].
 */
export function gruStepFromProjection(params: GruWeights, xp: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
  if (fusedGruAvailable()) {
    const [batch, size] = xp.shape;
    return fusedGruSequence(xp.reshape([batch, 1, size]), h, params.wh).reshape([batch, h.shape[1]]);
  }
  return gruStepProjected(params.wh, xp, h);
}

/**
 * Unrolled GRU: xs [B, T, E], h0 [B, H] → states [B, T, H], state t = after consuming input t. The input projection
 * runs once for all steps. With `mask` [B, T] (1 real, 0 pad) the state is carried unchanged through pads, so a
 * row's state after its last real token is also its final state. Causal either way: right padding never changes
 * the states at real positions. On wasm all steps run as one fused kernel (src/compute/fusedGru.ts).
 */
export function gruSequence(params: GruWeights, xs: tf.Tensor3D, h0: tf.Tensor2D, mask?: tf.Tensor2D): tf.Tensor3D {
  const [batch, steps, inputSize] = xs.shape;
  const hiddenSize = h0.shape[1];
  const projected = tf
    .matMul(xs.reshape([batch * steps, inputSize]) as tf.Tensor2D, params.wx)
    .add(params.b)
    .reshape([batch, steps, 3 * hiddenSize]) as tf.Tensor3D;
  if (fusedGruAvailable()) return fusedGruSequence(projected, h0, params.wh, mask);
  const inputs = tf.unstack(projected, 1) as tf.Tensor2D[];
  const masks = mask ? (tf.unstack(mask.toFloat().expandDims(2), 1) as tf.Tensor2D[]) : null;
  const states: tf.Tensor2D[] = [];
  let h = h0;
  for (let t = 0; t < steps; t++) {
    const candidate = gruStepProjected(params.wh, inputs[t], h);
    h = masks ? (masks[t].mul(candidate).add(tf.sub(1, masks[t]).mul(h)) as tf.Tensor2D) : candidate;
    states.push(h);
  }
  return tf.stack(states, 1) as tf.Tensor3D;
}

/** Whether the active backend can differentiate `name`'s kernel (wasm lacks several gradient kernels). */
function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/**
 * 3×3 'same' convolution + bias + ReLU: [B, S, S, in] → [B, S, S, out]. Uses tf.conv2d where the backend has its
 * gradient kernel; on wasm (no Conv2DBackpropFilter) the same convolution as im2col (pad, nine shifted slices, one
 * matmul). The two agree to float rounding.
 */
export function convRelu(store: ParamStore, prefix: string, x: tf.Tensor4D): tf.Tensor4D {
  const w = store.get(`${prefix}/w`);
  if (hasKernel('Conv2DBackpropFilter'))
    return tf.relu(tf.conv2d(x, w as tf.Tensor4D, 1, 'same').add(store.get(`${prefix}/b`))) as tf.Tensor4D;
  const [, , inChannels, outChannels] = w.shape as [number, number, number, number];
  const [batch, height, width] = x.shape;
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  const patches: tf.Tensor[] = [];
  for (let dy = 0; dy < 3; dy++)
    for (let dx = 0; dx < 3; dx++) patches.push(tf.slice(padded, [0, dy, dx, 0], [batch, height, width, inChannels]));
  // Patch layout (dy, dx, channel) matches the kernel's [3, 3, in, out] row-major order.
  const columns = tf.concat(patches, 3).reshape([batch * height * width, 9 * inChannels]) as tf.Tensor2D;
  const kernel = w.reshape([9 * inChannels, outChannels]) as tf.Tensor2D;
  const y = tf.matMul(columns, kernel).add(store.get(`${prefix}/b`));
  return tf.relu(y).reshape([batch, height, width, outChannels]) as tf.Tensor4D;
}

/** 2×2 max pool, stride 2 ('valid': an odd last row/column is dropped); reshape + max on wasm (no MaxPoolGrad). */
export function maxPool2(x: tf.Tensor4D): tf.Tensor4D {
  if (hasKernel('MaxPoolGrad')) return tf.maxPool(x, 2, 2, 'valid');
  const [batch, height, width, channels] = x.shape;
  const h = Math.floor(height / 2);
  const w = Math.floor(width / 2);
  const even = h * 2 === height && w * 2 === width ? x : tf.slice(x, [0, 0, 0, 0], [batch, 2 * h, 2 * w, channels]);
  // Max over row pairs, then over column pairs; ≤ 3-D tensors throughout, which every backend handles.
  const rows = even.reshape([batch * h, 2, 2 * w * channels]).max(1);
  return rows.reshape([batch * h * w, 2, channels]).max(1).reshape([batch, h, w, channels]) as tf.Tensor4D;
}

/** Global average pool: [B, S, S, C] → [B, C]. */
export function globalAveragePool(x: tf.Tensor4D): tf.Tensor2D {
  return x.mean([1, 2]) as tf.Tensor2D;
}

/** Mean of x [B, T, E] over positions where mask [B, T] is 1; rows without any 1 give zeros. */
export function maskedMeanPool(x: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  // A batched matMul [B,1,T]·[B,T,E] instead of sum over axis 1: WebGPU on SwiftShader fails to compile the
  // transpose that a middle-axis reduction needs and silently returns zeros.
  const m = mask.toFloat();
  const total = tf.matMul(m.expandDims(1) as tf.Tensor3D, x).squeeze([1]);
  const count = m.sum(1, true).maximum(1);
  return total.div(count) as tf.Tensor2D;
}

/**
 * Picks x[b, index[b]] for each row of x [B, T] (or [B, T, H] → [B, H]) with a one-hot product, which keeps the
 * gradient with respect to x and works on every backend.
 */
export function gatherRows(x: tf.Tensor, index: tf.Tensor1D): tf.Tensor {
  const steps = x.shape[1] as number;
  const oneHot = tf.oneHot(index.toInt(), steps).toFloat();
  if (x.rank === 2) return x.mul(oneHot).sum(1);
  // Batched matMul rather than a middle-axis sum (see maskedMeanPool).
  return tf.matMul(oneHot.expandDims(1) as tf.Tensor3D, x as tf.Tensor3D).squeeze([1]);
}
