/**
 * A fused GRU sequence (forward and backward) as two kernels for the wasm backend: the unrolled GRU of
 * src/models/layers.ts costs ~12 kernel launches per step forward and ~25 backward, and on wasm those launches, not the
 * arithmetic, dominate (docs/performance.md: the GRU took 26% of an iteration in 1,488 launches per 24-step pass).
 * Here one launch runs all T steps: per step one XNNPACK matMul h·U (forward) or dh·Uᵀ (backward) plus one JS loop
 * over the gates on heap views; U's gradient is one matMul over all steps at the end.
 *
 * Same cell and formulas as gruStepProjected (layers.ts), gate order z | r | n, with `mask` [B, T] carrying the state
 * through pads:
 *   z = σ(xp_z + h·U_z),  r = σ(xp_r + h·U_r),  n = tanh(xp_n + r ⊙ (h·U_n)),  c = n + z ⊙ (h − n),
 *   h' = m ⊙ c + (1 − m) ⊙ h.
 * The forward rounds to float32 after every elementwise op, as the op-by-op graph does; the backward keeps doubles
 * within a step. WebGPU has its own WGSL kernels under the same names (./webgpuGru.ts); other backends keep the op-by-op
 * graph (fusedGruAvailable() is false there).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { wasmModule, wasmMemoryOffset, wasmTensorId, type WasmModuleExports } from './tfjsInternals';
import { wasmLoops } from './wasmLoops';

type TensorInfo = tf.TensorInfo;
type KernelArgs = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs?: tf.NamedAttrMap };
type Kernel = (args: KernelArgs) => TensorInfo | TensorInfo[];

export const GRU_SEQUENCE = 'PlaygroundGruSequence';
export const GRU_SEQUENCE_GRAD = 'PlaygroundGruSequenceGrad';

const f32 = Math.fround;

function view(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info as Parameters<BackendWasm['typedArrayFromHeap']>[0]) as Float32Array;
}

const PLAIN = { transposeA: false, transposeB: false };


/**
 * Per-step operations writing into buffers allocated once per kernel call: out = a·b ([1, M, K]·[K, N]) and
 * out = σ(x). Through tfjs-wasm's exported C functions when present (no JS wrapper, shape marshalling, allocation and
 * free per step: ~10 µs per step), else through its kernel functions and a copy. Same arithmetic either way.
 */
class StepOps {
  private readonly wasm: WasmModuleExports;
  private readonly shapes: number;

  constructor(
    private readonly backend: BackendWasm,
    private readonly k: WasmKernelFuncs,
    m: number,
    kDim: number,
    n: number,
  ) {
    this.wasm = wasmModule(backend);
    const raw = typeof this.wasm._BatchMatMul === 'function' && typeof this.wasm._Sigmoid === 'function';
    this.shapes = raw ? this.wasm._malloc(24) : 0;
    if (this.shapes) this.wasm.HEAP32.set([1, m, kDim, 1, kDim, n], this.shapes / 4);
  }

  private id(info: TensorInfo): number {
    return wasmTensorId(this.backend, info);
  }

  /** out [1, M, N] = a [1, M, K] · b [K, N]. */
  matMul(a: TensorInfo, b: TensorInfo, out: TensorInfo): void {
    if (this.shapes) {
      this.wasm._BatchMatMul!(this.id(a), this.shapes, 3, this.id(b), this.shapes + 12, 3, 0, 0, this.id(out));
      return;
    }
    const product = this.k.matMul({ inputs: { a, b }, backend: this.backend, attrs: PLAIN }) as TensorInfo;
    view(this.backend, out).set(view(this.backend, product));
    this.backend.disposeData(product.dataId);
  }

  /** out = σ(x), same shapes. */
  sigmoid(x: TensorInfo, out: TensorInfo): void {
    if (this.shapes) {
      this.wasm._Sigmoid!(this.id(x), this.id(out));
      return;
    }
    const y = this.k.sigmoid({ inputs: { x }, backend: this.backend }) as TensorInfo;
    view(this.backend, out).set(view(this.backend, y));
    this.backend.disposeData(y.dataId);
  }

  dispose(): void {
    if (this.shapes) this.wasm._free(this.shapes);
  }
}

/** tfjs-wasm kernel functions the fused kernels call directly (no engine bookkeeping per call). */
export interface WasmKernelFuncs {
  matMul: Kernel;
  transpose: Kernel;
  sigmoid: Kernel;
}

/**
 * Forward: xp [B, T, 3H] (x·W + b), h0 [B, H], wh [H, 3H], optional mask [B, T] → states [B, T, H], and for the
 * backward pass, step-major: zr [T, B, 2H] (z | r), n [T, B, H], hp [T, B, 3H] (h·U, of which h·U_n is used). σ runs
 * as tfjs-wasm's kernel over the whole step, tanh as 2σ(2a) − 1 (within 1e-7 of tanh), the sums and products in JS
 * rounded to float32 like the op-by-op graph. The per-step σ outputs and h·U are kept with block copies (copyWithin
 * on the heap), not element by element.
 */
function gruSequenceForward({ inputs, backend, attrs }: KernelArgs, k: WasmKernelFuncs): TensorInfo[] {
  const { xp, h0, wh, mask } = inputs;
  // statesOnly (no gradient wanted): the outputs for the backward pass are neither allocated nor filled.
  const keep = !attrs?.statesOnly;
  const [batch, steps, h3] = xp.shape;
  const hidden = h3 / 3;
  const h2 = 2 * hidden;
  const states = backend.makeOutput([batch, steps, hidden], 'float32');
  const zrAll = keep ? backend.makeOutput([steps, batch, h2], 'float32') : null;
  const nAll = keep ? backend.makeOutput([steps, batch, hidden], 'float32') : null;
  const hpAll = keep ? backend.makeOutput([steps, batch, h3], 'float32') : null;
  const state = backend.makeOutput([1, batch, hidden], 'float32');
  const preZr = backend.makeOutput([batch, h2], 'float32');
  const preN = backend.makeOutput([batch, hidden], 'float32');
  const hp = backend.makeOutput([1, batch, h3], 'float32');
  const zr = backend.makeOutput([batch, h2], 'float32');
  const n = backend.makeOutput([batch, hidden], 'float32');
  const ops = new StepOps(backend, k, batch, hidden, h3);
  view(backend, state).set(view(backend, h0).subarray(0, batch * hidden));
  const gates = wasmLoops(backend);
  // Byte offsets on the heap (fixed for a tensor's life, unlike the views, which a heap growth detaches).
  const f = 4;
  const [xpAt, hpAt, preZrAt, zrAt, preNAt, nAt, stateAt, statesAt] = [xp, hp, preZr, zr, preN, n, state, states].map(
    (info) => wasmMemoryOffset(backend, info),
  );
  const nAllAt = nAll ? wasmMemoryOffset(backend, nAll) : 0;
  const maskAt = mask ? wasmMemoryOffset(backend, mask) : 0;
  for (let t = 0; t < steps; t++) {
    ops.matMul(state, wh, hp);
    if (gates) {
      // The loops of jsGateLoops in wasm SIMD on the heap, the same float32 operations (scripts/wasm/loops.wat).
      gates.addRows(xpAt + t * h3 * f, steps * h3 * f, hpAt, h3 * f, preZrAt, h2 * f, batch, h2);
      ops.sigmoid(preZr, zr);
      gates.candidateRows(xpAt + (t * h3 + h2) * f, steps * h3 * f, zrAt + hidden * f, h2 * f, hpAt + h2 * f, h3 * f,
        preNAt, hidden * f, batch, hidden);
      ops.sigmoid(preN, n);
      gates.outputRows(zrAt, h2 * f, nAt, hidden * f, stateAt, hidden * f, statesAt + t * hidden * f, steps * hidden * f,
        nAll ? nAllAt + t * batch * hidden * f : 0, hidden * f, mask ? maskAt + t * f : 0, steps * f, batch, hidden);
    } else jsGateLoops(t);
    if (zrAll && hpAll) {
      const heap = new Float32Array(view(backend, zr).buffer);
      const zrFrom = view(backend, zr).byteOffset / 4;
      heap.copyWithin(view(backend, zrAll).byteOffset / 4 + t * batch * h2, zrFrom, zrFrom + batch * h2);
      const hpFrom = view(backend, hp).byteOffset / 4;
      heap.copyWithin(view(backend, hpAll).byteOffset / 4 + t * batch * h3, hpFrom, hpFrom + batch * h3);
    }
  }
  ops.dispose();
  for (const info of [state, preZr, preN, hp, zr, n]) backend.disposeData(info.dataId);
  return zrAll && nAll && hpAll ? [states, zrAll, nAll, hpAll] : [states];

  function jsGateLoops(t: number): void {
    // Views after every call into wasm: a malloc there (XNNPACK's first use of a weight) can grow and detach the heap.
    let hpV = view(backend, hp);
    let xpV = view(backend, xp);
    const preV = view(backend, preZr);
    for (let b = 0; b < batch; b++) {
      const x0 = (b * steps + t) * h3;
      const p0 = b * h3;
      for (let j = 0; j < h2; j++) preV[b * h2 + j] = xpV[x0 + j] + hpV[p0 + j];
    }
    ops.sigmoid(preZr, zr);
    const zrV = view(backend, zr);
    hpV = view(backend, hp);
    xpV = view(backend, xp);
    const preNV = view(backend, preN);
    for (let b = 0; b < batch; b++) {
      const x0 = (b * steps + t) * h3 + h2;
      const p0 = b * h3 + h2;
      // 2·a_n for tanh(a) = 2σ(2a) − 1: tfjs-wasm's σ is several times faster than its tanh.
      for (let j = 0; j < hidden; j++) preNV[b * hidden + j] = 2 * f32(xpV[x0 + j] + f32(zrV[b * h2 + hidden + j] * hpV[p0 + j]));
    }
    ops.sigmoid(preN, n);
    const nV = view(backend, n);
    const hV = view(backend, state);
    const sV = view(backend, states);
    const nAllV = nAll ? view(backend, nAll) : null;
    const mV = mask ? view(backend, mask) : null;
    const zrStep = view(backend, zr);
    for (let b = 0; b < batch; b++) {
      const s0 = (b * steps + t) * hidden;
      const n0 = (t * batch + b) * hidden;
      const m = mV ? mV[b * steps + t] : 1;
      for (let j = 0; j < hidden; j++) {
        const z = zrStep[b * h2 + j];
        const nj = f32(2 * nV[b * hidden + j] - 1);
        const h = hV[b * hidden + j];
        const c = f32(nj + f32(z * f32(h - nj)));
        const next = mV ? f32(f32(m * c) + f32(f32(1 - m) * h)) : c;
        if (nAllV) nAllV[n0 + j] = nj;
        sV[s0 + j] = next;
        hV[b * hidden + j] = next;
      }
    }
  }
}

/**
 * Backward: dy [B, T, H] (dL/dstates), h0, wh, states, zr, n, hp (as saved by the forward), optional mask → dxp
 * [B, T, 3H], dh0 [B, H],
 * dwh [H, 3H]. Per step, with g = dy_t + dL/dh_t from later steps and h the previous state:
 *   dc = m·g;  dn = dc(1 − z);  dz = dc(h − n);  da_n = dn(1 − n²);  dr = da_n·hn;  dhn = da_n·r;
 *   da_z = dz·z(1 − z);  da_r = dr·r(1 − r);  dxp = [da_z, da_r, da_n];  dhp = [da_z, da_r, dhn];
 *   dL/dh = (1 − m)·g + dc·z + dhp·Uᵀ;  dU = Σ_t h_{t−1}ᵀ·dhp_t (one matMul over all steps).
 */
function gruSequenceBackward({ inputs, backend }: KernelArgs, k: WasmKernelFuncs): TensorInfo[] {
  const { dy, h0, wh, states, zr, n: nSaved, hp, mask } = inputs;
  const [batch, steps, hidden] = states.shape;
  const h3 = 3 * hidden;
  const rows = steps * batch;
  const whT = k.transpose({ inputs: { x: wh }, backend, attrs: { perm: [1, 0] } }) as TensorInfo;
  const dxp = backend.makeOutput([batch, steps, h3], 'float32');
  const carry = backend.makeOutput([batch, hidden], 'float32');
  const stepGrad = backend.makeOutput([1, batch, h3], 'float32');
  const allGrads = backend.makeOutput([1, rows, h3], 'float32');
  // The previous states, step-major [T·B, H] (h0 for t = 0), copied in blocks and transposed once for dU.
  const previous = backend.makeOutput([rows, hidden], 'float32');
  {
    const heap = new Float32Array(view(backend, previous).buffer);
    const prevBase = view(backend, previous).byteOffset / 4;
    const sBase = view(backend, states).byteOffset / 4;
    const h0Base = view(backend, h0).byteOffset / 4;
    heap.copyWithin(prevBase, h0Base, h0Base + batch * hidden);
    for (let t = 1; t < steps; t++) {
      for (let b = 0; b < batch; b++) {
        const from = sBase + (b * steps + t - 1) * hidden;
        heap.copyWithin(prevBase + (t * batch + b) * hidden, from, from + hidden);
      }
    }
  }
  const back = backend.makeOutput([1, batch, hidden], 'float32');
  const ops = new StepOps(backend, k, batch, h3, hidden);
  view(backend, carry).fill(0);
  // dh·Uᵀ of the step after (later in time): added to the carry as the next step reads it (one pass fewer).
  let haveBack = false;
  const gates = wasmLoops(backend);
  const f = 4;
  const [dyAt, carryAt, backAt, prevAt, zrAt, nAt, hpAt, dxpAt, stepAt] = [dy, carry, back, previous, zr, nSaved, hp, dxp, stepGrad]
    .map((info) => wasmMemoryOffset(backend, info));
  const maskAt = mask ? wasmMemoryOffset(backend, mask) : 0;
  for (let t = steps - 1; t >= 0; t--) {
    if (gates) {
      // The loop below in wasm (float64 as here, two lanes at a time; scripts/wasm/loops.wat).
      const row0 = t * batch;
      gates.backwardRows(dyAt + t * hidden * f, steps * hidden * f, carryAt, hidden * f, haveBack ? backAt : 0,
        prevAt + row0 * hidden * f, hidden * f, zrAt + row0 * 2 * hidden * f, 2 * hidden * f, nAt + row0 * hidden * f, hidden * f,
        hpAt + (row0 * h3 + 2 * hidden) * f, h3 * f, mask ? maskAt + t * f : 0, steps * f, dxpAt + t * h3 * f, steps * h3 * f,
        stepAt, h3 * f, batch, hidden);
    } else jsStep(t);
    view(backend, allGrads).set(view(backend, stepGrad), t * batch * h3);
    ops.matMul(stepGrad, whT, back);
    haveBack = true;
  }
  ops.dispose();
  if (haveBack) {
    const backV = view(backend, back);
    const carryV = view(backend, carry);
    for (let i = 0; i < batch * hidden; i++) carryV[i] += backV[i];
  }
  backend.disposeData(back.dataId);
  const previousT = k.transpose({ inputs: { x: previous }, backend, attrs: { perm: [1, 0] } }) as TensorInfo;
  const dwh = k.matMul({
    inputs: { a: { dataId: previousT.dataId, shape: [1, hidden, rows], dtype: 'float32' }, b: allGrads },
    backend,
    attrs: PLAIN,
  }) as TensorInfo;
  for (const info of [whT, stepGrad, allGrads, previous, previousT]) backend.disposeData(info.dataId);
  return [dxp, carry, { dataId: dwh.dataId, shape: [hidden, h3], dtype: 'float32' }];

  function jsStep(t: number): void {
    const dyV = view(backend, dy);
    const prevV = view(backend, previous);
    const zrV = view(backend, zr);
    const nV = view(backend, nSaved);
    const hpV = view(backend, hp);
    const mV = mask ? view(backend, mask) : null;
    const dxpV = view(backend, dxp);
    const cV = view(backend, carry);
    const stepV = view(backend, stepGrad);
    const backV = haveBack ? view(backend, back) : null;
    for (let b = 0; b < batch; b++) {
      const g0 = (b * steps + t) * h3;
      const s0 = (b * steps + t) * hidden;
      const row = t * batch + b;
      const zr0 = row * 2 * hidden;
      const n0 = row * hidden;
      const hn0 = row * h3 + 2 * hidden;
      const c0 = b * hidden;
      const m = mV ? mV[b * steps + t] : 1;
      for (let j = 0; j < hidden; j++) {
        // The carry as a float32 (cV + backV rounded, as when it was stored back), then g in double.
        const carried = backV ? f32(cV[c0 + j] + backV[c0 + j]) : cV[c0 + j];
        const g = dyV[s0 + j] + carried;
        const h = prevV[n0 + j];
        const z = zrV[zr0 + j];
        const r = zrV[zr0 + hidden + j];
        const n = nV[n0 + j];
        const dc = m * g;
        const dan = dc * (1 - z) * (1 - n * n);
        const daz = dc * (h - n) * z * (1 - z);
        const dar = dan * hpV[hn0 + j] * r * (1 - r);
        dxpV[g0 + j] = daz;
        dxpV[g0 + hidden + j] = dar;
        dxpV[g0 + 2 * hidden + j] = dan;
        const k = b * h3;
        stepV[k + j] = daz;
        stepV[k + hidden + j] = dar;
        stepV[k + 2 * hidden + j] = dan * r;
        cV[c0 + j] = (1 - m) * g + dc * z;
      }
    }
  }
}

/** Registers both kernels for wasm (given tfjs-wasm's own kernel functions). */
export function registerFusedGruKernels(kernels: WasmKernelFuncs): void {
  if (tf.getKernel(GRU_SEQUENCE, 'wasm')) return;
  tf.registerKernel({
    kernelName: GRU_SEQUENCE,
    backendName: 'wasm',
    kernelFunc: ((args: KernelArgs) => gruSequenceForward(args, kernels)) as unknown as tf.KernelFunc,
  });
  tf.registerKernel({
    kernelName: GRU_SEQUENCE_GRAD,
    backendName: 'wasm',
    kernelFunc: ((args: KernelArgs) => gruSequenceBackward(args, kernels)) as unknown as tf.KernelFunc,
  });
}

/** Whether the active backend has the fused GRU kernels (wasm with registerFastWasmKernels, webgpu with registerWebGpuKernels). */
export function fusedGruAvailable(): boolean {
  return tf.getKernel(GRU_SEQUENCE, tf.getBackend()) !== undefined;
}

/**
 * All T GRU steps in one kernel: xp [B, T, 3H] (input projection incl. bias), h0 [B, H], wh [H, 3H], optional mask
 * [B, T] (not differentiated) → states [B, T, H]; differentiable in xp, h0 and wh.
 */
export function fusedGruSequence(xp: tf.Tensor3D, h0: tf.Tensor2D, wh: tf.Tensor2D, mask?: tf.Tensor2D): tf.Tensor3D {
  const maskF = mask ? mask.toFloat() : null;
  if (!tf.engine().isTapeOn()) {
    // Nothing records gradients (sampling, scoring, statistics): the states only, without customGrad's bookkeeping
    // and without keeping the backward pass's buffers.
    const inputs: tf.NamedTensorMap = { xp, h0, wh };
    if (maskF) inputs.mask = maskF;
    const [states] = tf.engine().runKernel(GRU_SEQUENCE, inputs, { statesOnly: true }) as tf.Tensor[];
    maskF?.dispose();
    return states as tf.Tensor3D;
  }
  const run = tf.customGrad((...args: (tf.Tensor | ((saved: tf.Tensor[]) => void))[]) => {
    const [x, h, w] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D];
    const save = args[3] as (saved: tf.Tensor[]) => void;
    const forwardInputs: tf.NamedTensorMap = { xp: x, h0: h, wh: w };
    if (maskF) forwardInputs.mask = maskF;
    const [states, zr, n, hp] = tf.engine().runKernel(GRU_SEQUENCE, forwardInputs, {}) as tf.Tensor[];
    // A kernel that returns the states alone (webgpu: ./webgpuGru.ts) recomputes the gates in its backward from xp.
    const recomputes = zr === undefined;
    const kept = recomputes ? [h, w, states, x] : [h, w, states, zr, n, hp];
    save(maskF ? [...kept, maskF] : kept);
    return {
      value: states as tf.Tensor3D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sh0, swh, sStates] = saved;
        const gradInputs: tf.NamedTensorMap = { dy, h0: sh0, wh: swh, states: sStates };
        const sMask = saved[recomputes ? 4 : 6];
        if (recomputes) gradInputs.xp = saved[3];
        else [gradInputs.zr, gradInputs.n, gradInputs.hp] = saved.slice(3, 6);
        if (sMask) gradInputs.mask = sMask;
        return tf.engine().runKernel(GRU_SEQUENCE_GRAD, gradInputs, {}) as tf.Tensor[];
      },
    };
  });
  const states = (run as unknown as (...xs: tf.Tensor[]) => tf.Tensor3D)(xp, h0, wh);
  maskF?.dispose();
  return states;
}
