/**
 * Faster WASM kernels for what the playground's networks spend their time on (docs/performance.md), registered
 * over tfjs-backend-wasm's own kernels for the 'wasm' backend only; every other backend keeps its kernels.
 *
 * - Slice, SplitV, Unpack: tfjs-wasm's Slice copies the WHOLE input out of the heap (readSync) for every slice, so
 *   an unstack of [B, T, 3H] into T steps copies it T times; here the input is read through a heap view.
 * - BatchMatMul with transposeA/transposeB (every matMul gradient): tfjs-wasm runs those through a slow generic
 *   loop (2–3.5 GFLOP/s against 45 for the plain XNNPACK path); here the operand is transposed explicitly (one
 *   Transpose kernel) and the plain path runs. Same products, summed in the plain kernel's order.
 * - Conv2DBackpropFilter, which tfjs-wasm lacks (so the models fell back to an im2col convolution with nine slices
 *   and a concat in every forward pass): dW = colsᵀ·dy with the im2col columns built in JS from heap views and
 *   one plain matMul. With it, convolutions run as XNNPACK conv2d forward.
 * - Conv2DBackpropInput (stride 1): tfjs-wasm's is a plain C++ loop (1.8 ms for the second image convolution); here
 *   it is XNNPACK's conv2d forward of dy with the kernel flipped and its channels swapped.
 * - MaxPoolGrad: tfjs-wasm's (1.7 ms for the 2×2 pool of 32 images) as one JS pass over heap views.
 *
 * - Identity (tf.clone, and many times in every backward pass): tfjs-wasm's copies the data; here the output shares
 *   the input's data (reference counted), as the cpu backend does and as reshape does on wasm.
 * - GatherV2: tfjs-wasm's C++ gather copies element by element with index arithmetic per element (0.7 ms for an
 *   embedding lookup of 32×24 ids into a [487, 32] table); here whole rows are copied between heap views.
 * - PICK_LAST (a playground kernel, not tf.js's): x[..., V] and int ids [...] → x[..., id], one read per id; the
 *   token log-probs used a one-hot [B, T, V] product and a sum for it (four full passes over the logits).
 * - UnsortedSegmentSum, which tfjs-wasm lacks and which tf.gather's gradient needs: embeddings were one-hot matMuls
 *   on wasm (a [B·T, V] one-hot times the table, and its transpose in the backward pass); with it they are gathers.
 * - Sum over leading axes (every bias gradient: [B·T, V] → [V]): tfjs-wasm transposes the input to put the reduced
 *   axes last, then adds each output's inputs in order; here the rows are added column by column in the same order
 *   (wasm SIMD, ./wasmLoops.ts), without the transpose: the same float32 sums. Other reductions keep tfjs-wasm's.
 * - Add of float32 tensors of one shape, or with one operand broadcast along leading axes (every bias add): one wasm
 *   SIMD loop (./wasmLoops.ts) instead of tfjs-wasm's per-call shape marshalling and XNNPACK set-up; each element is
 *   the same single float32 addition. Other Adds keep tfjs-wasm's.
 * - The fused GRU sequence kernels of ./fusedGru.ts and the fused Adam step of ./fusedAdam.ts.
 *
 * Outputs equal the originals' up to float summation order (the exactness tests bound the difference).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { registerFusedAdamKernel } from './fusedAdam';
import { registerFusedGruKernels } from './fusedGru';
import { wasmMemoryOffset } from './tfjsInternals';
import { wasmLoops } from './wasmLoops';

type TensorInfo = tf.TensorInfo;
type KernelArgs = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs?: tf.NamedAttrMap };
type Kernel = (args: KernelArgs) => TensorInfo | TensorInfo[];

const BACKEND = 'wasm';

/** x [..., V], indices [...] int32 → out [...] = x[..., indices] (0 where an index is outside [0, V)); wasm only. */
export const PICK_LAST = 'PlaygroundPickLast';
let registered = false;

function original(name: string): tf.KernelConfig {
  const config = tf.getKernel(name, BACKEND);
  if (!config) throw new Error(`tfjs-backend-wasm has no ${name} kernel to replace`);
  return config;
}

function replace(config: tf.KernelConfig, kernelFunc: Kernel): void {
  tf.unregisterKernel(config.kernelName, BACKEND);
  tf.registerKernel({ ...config, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
}

function heapView(backend: BackendWasm, info: TensorInfo): Float32Array | Int32Array | Uint8Array {
  return backend.typedArrayFromHeap(info as Parameters<BackendWasm['typedArrayFromHeap']>[0]);
}

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1] * shape[i + 1];
  return out;
}

/** Slice of a float32/int32/bool tensor read through a heap view (no copy of the input). */
export function sliceFromHeap(
  backend: BackendWasm,
  x: TensorInfo,
  begin: number[],
  size: number[],
  fallback: Kernel,
): TensorInfo {
  if (x.dtype === 'string') return fallback({ inputs: { x }, backend, attrs: { begin, size } }) as TensorInfo;
  const [begin_, size_] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
  const out = backend.makeOutput(size_, x.dtype);
  const outSize = size_.reduce((a, b) => a * b, 1);
  if (outSize === 0) return out;
  // Views only after makeOutput: a malloc can grow (and detach) the heap.
  const xVals = heapView(backend, x);
  const outVals = heapView(backend, out);
  const xStrides = strides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, begin_, size_)) {
    const offset = tf.slice_util.computeFlatOffset(begin_, xStrides);
    outVals.set(xVals.subarray(offset, offset + outSize));
    return out;
  }
  // Copy runs of the innermost dimension; an odometer over the outer dimensions.
  const rank = x.shape.length;
  const inner = size_[rank - 1];
  const index = new Array<number>(rank - 1).fill(0);
  let outOffset = 0;
  for (;;) {
    let xOffset = begin_[rank - 1];
    for (let d = 0; d < rank - 1; d++) xOffset += (begin_[d] + index[d]) * xStrides[d];
    outVals.set(xVals.subarray(xOffset, xOffset + inner), outOffset);
    outOffset += inner;
    let d = rank - 2;
    while (d >= 0 && ++index[d] === size_[d]) index[d--] = 0;
    if (d < 0) break;
  }
  return out;
}

/** Registers the kernels above for 'wasm' (once; later calls do nothing). Call after importing the wasm backend. */
export function registerFastWasmKernels(): void {
  if (registered) return;
  registered = true;

  const slice = original('Slice');
  const sliceFallback = slice.kernelFunc as unknown as Kernel;
  replace(slice, ({ inputs, backend, attrs }) =>
    sliceFromHeap(backend, inputs.x, attrs!.begin as number[], attrs!.size as number[], sliceFallback),
  );

  replace(original('SplitV'), ({ inputs, backend, attrs }) => {
    const x = inputs.x;
    const axis = tf.util.parseAxisParam(attrs!.axis as number, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, attrs!.numOrSizeSplits as number[] | number, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const part = sliceFromHeap(backend, x, [...begin], size, sliceFallback);
      begin[axis] += s;
      return part;
    });
  });

  replace(original('Unpack'), ({ inputs, backend, attrs }) => {
    const value = inputs.value;
    const rank = value.shape.length;
    let axis = attrs!.axis as number;
    if (axis < 0) axis += rank;
    const outShape = value.shape.filter((_, i) => i !== axis);
    const begin = new Array<number>(rank).fill(0);
    const size = [...value.shape];
    size[axis] = 1;
    return Array.from({ length: value.shape[axis] }, (_, i) => {
      begin[axis] = i;
      const { dataId, dtype } = sliceFromHeap(backend, value, begin, size, sliceFallback);
      return { dataId, dtype, shape: outShape };
    });
  });

  const identity = original('Identity');
  const identityFallback = identity.kernelFunc as unknown as Kernel;
  replace(identity, (args) => {
    const { x } = args.inputs;
    if (x.dtype === 'string') return identityFallback(args);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });

  const gather = original('GatherV2');
  const gatherFallback = gather.kernelFunc as unknown as Kernel;
  replace(gather, (args) => gatherRowsFromHeap(args, gatherFallback));

  const matMul = original('BatchMatMul');
  const plainMatMul = matMul.kernelFunc as unknown as Kernel;
  const transpose = original('Transpose').kernelFunc as unknown as Kernel;
  /** Swaps the last two axes (an explicit copy the plain matMul can read row-major). */
  const swapLast = (backend: BackendWasm, x: TensorInfo): TensorInfo => {
    const perm = x.shape.map((_, i) => i);
    const n = perm.length;
    [perm[n - 2], perm[n - 1]] = [perm[n - 1], perm[n - 2]];
    return transpose({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
  };
  replace(matMul, ({ inputs, backend, attrs }) => {
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return plainMatMul({ inputs, backend, attrs });
    const a = transposeA ? swapLast(backend, inputs.a) : inputs.a;
    const b = transposeB ? swapLast(backend, inputs.b) : inputs.b;
    try {
      return plainMatMul({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      if (transposeA) backend.disposeData(a.dataId);
      if (transposeB) backend.disposeData(b.dataId);
    }
  });

  registerFusedGruKernels({
    matMul: plainMatMul,
    transpose,
    sigmoid: original('Sigmoid').kernelFunc as unknown as Kernel,
  });

  registerFusedAdamKernel();

  if (!tf.getKernel(PICK_LAST, BACKEND)) {
    tf.registerKernel({ kernelName: PICK_LAST, backendName: BACKEND, kernelFunc: pickLast as unknown as tf.KernelFunc });
  }

  if (!tf.getKernel('UnsortedSegmentSum', BACKEND)) {
    tf.registerKernel({
      kernelName: 'UnsortedSegmentSum',
      backendName: BACKEND,
      kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc,
    });
  }

  const conv2d = original('Conv2D').kernelFunc as unknown as Kernel;
  const backpropInput = original('Conv2DBackpropInput');
  const backpropInputFallback = backpropInput.kernelFunc as unknown as Kernel;
  replace(backpropInput, (args) => conv2dBackpropInput(args, conv2d, backpropInputFallback));

  const add = original('Add');
  const addFallback = add.kernelFunc as unknown as Kernel;
  replace(add, (args) => rowBroadcastAdd(args) ?? addFallback(args));

  const sum = original('Sum');
  const sumFallback = sum.kernelFunc as unknown as Kernel;
  replace(sum, (args) => leadingAxesSum(args) ?? sumFallback(args));

  const maxPoolGrad = original('MaxPoolGrad');
  const maxPoolGradFallback = maxPoolGrad.kernelFunc as unknown as Kernel;
  replace(maxPoolGrad, (args) => maxPoolBackprop(args, maxPoolGradFallback));

  if (!tf.getKernel('Conv2DBackpropFilter', BACKEND)) {
    tf.registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: BACKEND,
      kernelFunc: ((args: KernelArgs) => conv2dBackpropFilter(args, plainMatMul, transpose)) as unknown as tf.KernelFunc,
    });
  }
}

/**
 * a + b for float32 operands of one shape, or where one operand (leading 1s dropped) is a trailing part of the other's
 * shape: rows of the larger plus the smaller, one float32 addition per element (x + y = y + x exactly), or null for
 * any other Add (or without the wasm loops).
 */
function rowBroadcastAdd({ inputs, backend }: KernelArgs): TensorInfo | null {
  const { a, b } = inputs;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const size = tf.util.sizeFromShape(outShape);
  const aSize = tf.util.sizeFromShape(a.shape);
  const bSize = tf.util.sizeFromShape(b.shape);
  if (size === 0) return null;
  const [big, small] = aSize === size ? [a, b] : bSize === size ? [b, a] : [null, null];
  if (!big || !small) return null;
  const trailing = small.shape.slice(small.shape.findIndex((d) => d !== 1));
  const n = tf.util.sizeFromShape(small.shape);
  const suffix = outShape.slice(outShape.length - trailing.length);
  if (n === size ? false : trailing.length === 0 || trailing.some((d, i) => d !== suffix[i])) return null;
  const loops = wasmLoops(backend);
  if (!loops) return null;
  const out = backend.makeOutput(outShape, 'float32');
  const rows = size / n;
  loops.addRows(wasmMemoryOffset(backend, big), n * 4, wasmMemoryOffset(backend, small), 0, wasmMemoryOffset(backend, out), n * 4, rows, n);
  return out;
}

/**
 * Sum of a float32 tensor over its leading axes given as 0, 1, …, k−1 (k < rank) as column sums of [rows, cols], or null for any
 * other reduction (or without the wasm loops).
 */
function leadingAxesSum({ inputs, backend, attrs }: KernelArgs): TensorInfo | null {
  const { x } = inputs;
  const rank = x.shape.length;
  if (x.dtype !== 'float32' || rank < 2) return null;
  // In the given order: tfjs-wasm's transpose puts the reduced axes last in that order, which fixes its summation order.
  const axes = tf.util.parseAxisParam(attrs?.axis as number | number[], x.shape);
  if (axes.length === 0 || axes.length >= rank || axes.some((axis, i) => axis !== i)) return null;
  const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
  const cols = x.shape.slice(axes.length).reduce((a, b) => a * b, 1);
  if (rows === 0 || cols === 0) return null;
  const loops = wasmLoops(backend);
  if (!loops) return null;
  const outShape = attrs?.keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : x.shape.slice(axes.length);
  const out = backend.makeOutput(outShape, 'float32');
  loops.columnSums(wasmMemoryOffset(backend, x), rows, cols, wasmMemoryOffset(backend, out));
  return out;
}

function pickLast({ inputs, backend }: KernelArgs): TensorInfo {
  const { x, indices } = inputs;
  const vocab = x.shape[x.shape.length - 1];
  const out = backend.makeOutput(indices.shape, x.dtype);
  const outV = heapView(backend, out);
  const xV = heapView(backend, x);
  const ids = heapView(backend, indices);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    outV[i] = id >= 0 && id < vocab ? xV[i * vocab + id] : 0;
  }
  return out;
}

/**
 * GatherV2 as row copies on heap views: x viewed as [batch, outer, dim, slice], indices as [batch, n] → out [batch,
 * outer, n, slice]. Out-of-range indices throw, as in tfjs-wasm's kernel. Strings go to the original kernel.
 */
function gatherRowsFromHeap(args: KernelArgs, fallback: Kernel): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, indices } = inputs;
  if (x.dtype === 'string' || x.dtype === 'complex64') return fallback(args) as TensorInfo;
  const axis = tf.util.parseAxisParam(attrs!.axis as number, x.shape)[0];
  const batchDims = (attrs!.batchDims as number) ?? 0;
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x as tf.Tensor, indices as tf.Tensor, axis, batchDims);
  const { batchSize, outerSize, dimSize, sliceSize } = info;
  const count = indices.shape.reduce((a, b) => a * b, 1);
  const perBatch = count / batchSize;
  const out = backend.makeOutput(info.outputShape, x.dtype);
  if (count === 0 || sliceSize === 0 || outerSize === 0) return out;
  // Views only after makeOutput: a malloc can grow (and detach) the heap.
  const ids = heapView(backend, indices);
  for (let i = 0; i < count; i++) {
    const index = ids[i];
    if (!(index >= 0 && index < dimSize)) {
      backend.disposeData(out.dataId);
      throw new Error(`GatherV2: the index value ${index} is not in [0, ${dimSize - 1}]`);
    }
  }
  const xV = heapView(backend, x);
  const outV = heapView(backend, out);
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let outer = 0; outer < outerSize; outer++) {
      const base = (b * outerSize + outer) * dimSize;
      const idBase = b * perBatch;
      if (sliceSize >= 16) {
        // Rows: copyWithin on one view of the whole heap (no subarray object per row).
        // (copyWithin copies the bits, so a float32 view serves int32 rows as well.)
        const width = outV.BYTES_PER_ELEMENT;
        const view = width === 4 ? new Float32Array(outV.buffer) : new Uint8Array(outV.buffer);
        const xBase = xV.byteOffset / width;
        const outBase = outV.byteOffset / width;
        for (let i = 0; i < perBatch; i++, o += sliceSize) {
          const from = xBase + (base + ids[idBase + i]) * sliceSize;
          view.copyWithin(outBase + o, from, from + sliceSize);
        }
      } else {
        for (let i = 0; i < perBatch; i++) {
          const from = (base + ids[idBase + i]) * sliceSize;
          for (let s = 0; s < sliceSize; s++) outV[o++] = xV[from + s];
        }
      }
    }
  }
  return out;
}

/**
 * out[s] = Σ_{i : segmentIds[i] = s} x[i] over the first axis of x [N, ...] → [numSegments, ...]; ids outside
 * [0, numSegments) are dropped (as in TensorFlow). Sums run in float32 in row order.
 */
function unsortedSegmentSum({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { x, segmentIds } = inputs;
  const numSegments = attrs!.numSegments as number;
  const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const outV = heapView(backend, out);
  const xV = heapView(backend, x);
  const ids = heapView(backend, segmentIds);
  outV.fill(0);
  for (let i = 0; i < rows; i++) {
    const segment = ids[i];
    if (segment < 0 || segment >= numSegments) continue;
    const from = i * inner;
    const to = segment * inner;
    for (let k = 0; k < inner; k++) outV[to + k] += xV[from + k];
  }
  return out;
}

type Shape4 = [number, number, number, number];

/** The attributes Conv2DBackpropFilter and Conv2DBackpropInput share (tfjs's Conv2DBackprop*Attrs). */
interface ConvBackpropAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * dW[ky, kx, ci, co] = Σ_{b, y, x} xpad[b, y·s + ky·d, x·s + kx·d, ci] · dy[b, y, x, co] (NHWC): the im2col
 * columns, transposed to [K = fh·fw·Ci, N = B·outH·outW], times dy as [N, Co].
 */
function conv2dBackpropFilter({ inputs, backend, attrs }: KernelArgs, plainMatMul: Kernel, transpose: Kernel): TensorInfo {
  const { x, dy } = inputs;
  const { strides: stride, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as ConvBackpropAttrs & { filterShape: Shape4 };
  if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    stride,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const k = filterHeight * filterWidth * inChannels;
  const n = batchSize * outHeight * outWidth;
  if (strideHeight === 1 && strideWidth === 1 && dilationHeight === 1 && dilationWidth === 1) {
    // Stride 1: for each kernel offset (ky, kx) the shifted input is, row by row, one contiguous run of x, so the
    // columns are built as [fh·fw, N, Ci] blocks with typed-array copies and transposed to [K, N] in wasm.
    const blocks = backend.makeOutput([filterHeight * filterWidth, n, inChannels], 'float32');
    const blockV = heapView(backend, blocks) as Float32Array;
    const xs = heapView(backend, x) as Float32Array;
    blockV.fill(0);
    // copyWithin on one view of the whole heap: no subarray object per run.
    const heap = new Float32Array(blockV.buffer);
    const blockBase = blockV.byteOffset / 4;
    const xBase = xs.byteOffset / 4;
    for (let ky = 0; ky < filterHeight; ky++) {
      for (let kx = 0; kx < filterWidth; kx++) {
        const shiftX = kx - left;
        const oxFrom = Math.max(0, -shiftX);
        const oxTo = Math.min(outWidth, inWidth - shiftX);
        if (oxTo <= oxFrom) continue;
        const block = (ky * filterWidth + kx) * n;
        for (let b = 0; b < batchSize; b++) {
          for (let oy = 0; oy < outHeight; oy++) {
            const iy = oy + ky - top;
            if (iy < 0 || iy >= inHeight) continue;
            const from = ((b * inHeight + iy) * inWidth + oxFrom + shiftX) * inChannels;
            const to = (block + (b * outHeight + oy) * outWidth + oxFrom) * inChannels;
            heap.copyWithin(blockBase + to, xBase + from, xBase + from + (oxTo - oxFrom) * inChannels);
          }
        }
      }
    }
    const columnsT = transpose({ inputs: { x: blocks }, backend, attrs: { perm: [0, 2, 1] } }) as TensorInfo;
    backend.disposeData(blocks.dataId);
    const columns = { dataId: columnsT.dataId, shape: [1, k, n], dtype: 'float32' as const };
    const dy3 = { dataId: dy.dataId, shape: [1, n, outChannels], dtype: dy.dtype };
    const out = plainMatMul({ inputs: { a: columns, b: dy3 }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
    backend.disposeData(columnsT.dataId);
    return { dataId: out.dataId, shape: filterShape, dtype: out.dtype };
  }
  const columns = backend.makeOutput([1, k, n], 'float32');
  const cols = heapView(backend, columns) as Float32Array;
  const xs = heapView(backend, x) as Float32Array;
  cols.fill(0);
  // Row (ky, kx, c) of the columns, written contiguously along (b, oy, ox); ox runs over its valid range only.
  for (let ky = 0; ky < filterHeight; ky++) {
    for (let kx = 0; kx < filterWidth; kx++) {
      const shiftX = kx * dilationWidth - left;
      const oxFrom = Math.max(0, Math.ceil(-shiftX / strideWidth));
      const oxTo = Math.min(outWidth, Math.floor((inWidth - 1 - shiftX) / strideWidth) + 1);
      for (let c = 0; c < inChannels; c++) {
        const row = ((ky * filterWidth + kx) * inChannels + c) * n;
        for (let b = 0; b < batchSize; b++) {
          for (let oy = 0; oy < outHeight; oy++) {
            const iy = oy * strideHeight + ky * dilationHeight - top;
            if (iy < 0 || iy >= inHeight) continue;
            const to = row + (b * outHeight + oy) * outWidth;
            const from = ((b * inHeight + iy) * inWidth + shiftX) * inChannels + c;
            const step = strideWidth * inChannels;
            for (let ox = oxFrom; ox < oxTo; ox++) cols[to + ox] = xs[from + ox * step];
          }
        }
      }
    }
  }
  const dy3 = { dataId: dy.dataId, shape: [1, n, outChannels], dtype: dy.dtype };
  const out = plainMatMul({
    inputs: { a: columns, b: dy3 },
    backend,
    attrs: { transposeA: false, transposeB: false },
  }) as TensorInfo;
  backend.disposeData(columns.dataId);
  return { dataId: out.dataId, shape: filterShape, dtype: out.dtype };
}

/**
 * dx of a stride-1 convolution as a convolution: dx[b, y, x, ci] = Σ dy[b, y + top − ky, x + left − kx, co] ·
 * W[ky, kx, ci, co], i.e. conv2d(dy, W') with W'[a, c, co, ci] = W[fh − 1 − a, fw − 1 − c, ci, co] and padding
 * (fh − 1 − top, fh − 1 − bottom) × (fw − 1 − left, fw − 1 − right). Strides or dilations other than 1, NCHW, and
 * paddings wider than the kernel go to tfjs-wasm's kernel.
 */
function conv2dBackpropInput(args: KernelArgs, conv2d: Kernel, fallback: Kernel): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const { strides: stride, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as ConvBackpropAttrs & { inputShape: Shape4 };
  if (dataFormat === 'NCHW' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return fallback(args) as TensorInfo;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    stride,
    1,
    pad,
    dimRoundingMode,
  );
  const { filterHeight: fh, filterWidth: fw, inChannels, outChannels } = info;
  const padding = [fh - 1 - info.padInfo.top, fh - 1 - info.padInfo.bottom, fw - 1 - info.padInfo.left, fw - 1 - info.padInfo.right];
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.dilationHeight !== 1 || info.dilationWidth !== 1 || padding.some((p) => p < 0)) {
    return fallback(args) as TensorInfo;
  }
  const flipped = backend.makeOutput([fh, fw, outChannels, inChannels], 'float32');
  const w = heapView(backend, filter) as Float32Array;
  const f = heapView(backend, flipped) as Float32Array;
  for (let ky = 0; ky < fh; ky++) {
    for (let kx = 0; kx < fw; kx++) {
      const source = ((fh - 1 - ky) * fw + (fw - 1 - kx)) * inChannels * outChannels;
      const target = (ky * fw + kx) * outChannels * inChannels;
      for (let ci = 0; ci < inChannels; ci++) {
        for (let co = 0; co < outChannels; co++) f[target + co * inChannels + ci] = w[source + ci * outChannels + co];
      }
    }
  }
  try {
    const out = conv2d({
      inputs: { x: dy, filter: flipped },
      backend,
      attrs: {
        strides: 1,
        dilations: 1,
        pad: [[0, 0], [padding[0], padding[1]], [padding[2], padding[3]], [0, 0]],
        dataFormat: 'NHWC',
      },
    }) as TensorInfo;
    if (!tf.util.arraysEqual(out.shape, inputShape)) {
      backend.disposeData(out.dataId);
      return fallback(args) as TensorInfo;
    }
    return out;
  } finally {
    backend.disposeData(flipped.dataId);
  }
}

/**
 * MaxPool gradient (NHWC): each output's dy goes to the first position holding its window's maximum (scan order),
 * as on the cpu backend. Dilated pools go to tfjs-wasm's kernel.
 */
function maxPoolBackprop(args: KernelArgs, fallback: Kernel): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, input } = inputs;
  const { filterSize, strides: stride, pad, dimRoundingMode } = attrs as unknown as {
    filterSize: number | [number, number];
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  if (input.dtype !== 'float32') return fallback(args) as TensorInfo;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    stride,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dx = backend.makeOutput(input.shape, 'float32');
  const dxV = heapView(backend, dx) as Float32Array;
  const xV = heapView(backend, input) as Float32Array;
  const dyV = heapView(backend, dy) as Float32Array;
  dxV.fill(0);
  if (filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2 && top === 0 && left === 0 &&
      2 * outHeight <= inHeight && 2 * outWidth <= inWidth) {
    // The common 2×2 stride-2 'valid' pool: four candidates per output, compared in scan order.
    const rowStride = inWidth * channels;
    for (let b = 0; b < batchSize; b++) {
      for (let oy = 0; oy < outHeight; oy++) {
        for (let ox = 0; ox < outWidth; ox++) {
          const i00 = ((b * inHeight + 2 * oy) * inWidth + 2 * ox) * channels;
          const i01 = i00 + channels;
          const i10 = i00 + rowStride;
          const i11 = i10 + channels;
          const o = ((b * outHeight + oy) * outWidth + ox) * channels;
          for (let c = 0; c < channels; c++) {
            let at = i00 + c;
            let best = xV[at];
            if (xV[i01 + c] > best) {
              at = i01 + c;
              best = xV[at];
            }
            if (xV[i10 + c] > best) {
              at = i10 + c;
              best = xV[at];
            }
            if (xV[i11 + c] > best) at = i11 + c;
            dxV[at] += dyV[o + c];
          }
        }
      }
    }
    return dx;
  }
  // Per output pixel, all channels at once (contiguous reads): the best value and its flat index per channel.
  const best = new Float32Array(channels);
  const at = new Int32Array(channels);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const yFrom = Math.max(0, oy * strideHeight - top);
      const yTo = Math.min(inHeight, oy * strideHeight - top + filterHeight);
      for (let ox = 0; ox < outWidth; ox++) {
        const xFrom = Math.max(0, ox * strideWidth - left);
        const xTo = Math.min(inWidth, ox * strideWidth - left + filterWidth);
        best.fill(-Infinity);
        at.fill(-1);
        for (let y = yFrom; y < yTo; y++) {
          for (let x = xFrom; x < xTo; x++) {
            const i = ((b * inHeight + y) * inWidth + x) * channels;
            for (let c = 0; c < channels; c++) {
              const v = xV[i + c];
              if (v > best[c] || at[c] < 0) {
                best[c] = v;
                at[c] = i + c;
              }
            }
          }
        }
        const o = ((b * outHeight + oy) * outWidth + ox) * channels;
        for (let c = 0; c < channels; c++) if (at[c] >= 0) dxV[at[c]] += dyV[o + c];
      }
    }
  }
  return dx;
}
