/**
 * The fused GRU sequence kernels (GRU_SEQUENCE, GRU_SEQUENCE_GRAD of ./fusedGru.ts) as WGSL for the webgpu backend.
 * The op-by-op graph launches ~12 kernels per step forward and ~25 backward; here:
 * - forward: ONE dispatch for all T steps. One workgroup per batch row; its invocations each own hidden units
 *   j ≡ lane (mod ROW_THREADS), keep h in workgroup memory and meet at a barrier after every step:
 *     z = σ(xp_z + h·U_z),  r = σ(xp_r + h·U_r),  n = tanh(xp_n + r ⊙ (h·U_n)),  c = n + z ⊙ (h − n),
 *     h' = m ⊙ c + (1 − m) ⊙ h   (m the step's mask, 1 without one).
 *   Its only output is the states (a program has one output buffer); the backward recomputes the gates from them.
 * - backward: FOUR dispatches. One recurrent pass, backwards in time, per batch row as above: with g = dy_t + the
 *   carried dL/dh and h the previous state (from the saved states: no recurrence to redo), the gates recomputed,
 *     dc = m·g;  da_n = dc(1 − z)(1 − n²);  da_z = dc(h − n)·z(1 − z);  da_r = da_n·(h·U_n)·r(1 − r);
 *     dxp = [da_z, da_r, da_n];  dhp = [da_z, da_r, da_n·r];  dL/dh_{t−1} = (1 − m)·g + dc·z + dhp·Uᵀ,
 *   writing dxp and dhp's last third per step and dL/dh0 at the end into one packed buffer; then three parallel
 *   passes copy out dxp and dh0 and form dU = Σ_{b,t} h_{t−1}ᵀ·dhp_t.
 * Float32 throughout (sums in another order than the op-by-op graph's: within the numerics check's tolerance).
 */
import type * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { ACTIVATIONS, MAIN, ROW_THREADS, elementwiseProgram, perRowProgram, type WebGpuKernelArgs } from './webgpuProgram';

/** The loop over the hidden units an invocation owns: j = lane + q·ROW_THREADS < H, q < perLane. */
function ownUnits(hidden: number, body: string): string {
  const perLane = Math.ceil(hidden / ROW_THREADS);
  return `for (var q = 0; q < ${perLane}; q++) {
      let j = lane + q * ${ROW_THREADS};
      if (j < H) {
        ${body}
      }
    }`;
}

/** h·U for unit j's three gate columns, h in workgroup memory `hPrev`. */
const RECURRENT_SUMS = `
        var az = 0.0;
        var ar = 0.0;
        var an = 0.0;
        for (var k = 0; k < H; k++) {
          let hk = hPrev[k];
          let w0 = k * 3 * H + j;
          az += hk * wh[w0];
          ar += hk * wh[w0 + H];
          an += hk * wh[w0 + 2 * H];
        }
        let z = sigmoidOf(xp[x0 + j] + az);
        let r = sigmoidOf(xp[x0 + H + j] + ar);
        let n = tanhOf(xp[x0 + 2 * H + j] + r * an);
        let h = hPrev[j];`;

function forwardProgram(batch: number, steps: number, hidden: number, masked: boolean) {
  const perLane = Math.ceil(hidden / ROW_THREADS);
  const names = ['xp', 'h0', 'wh'];
  if (masked) names.push('stepMask');
  const code = `
    const H = ${hidden};
    var<workgroup> hPrev : array<f32, ${hidden}>;
    ${ACTIVATIONS}
    ${MAIN} {
      let b = i32(workgroupId.x);
      let lane = i32(localId.x);
      let steps = uniforms.xpShape.y;
      ${ownUnits(hidden, 'hPrev[j] = h0[b * H + j];')}
      workgroupBarrier();
      for (var t = 0; t < steps; t++) {
        var next : array<f32, ${perLane}>;
        let x0 = (b * steps + t) * 3 * H;
        ${ownUnits(hidden, `${RECURRENT_SUMS}
        var c = n + z * (h - n);
        ${masked ? 'let m = stepMask[b * steps + t];\n        c = m * c + (1.0 - m) * h;' : ''}
        next[q] = c;
        setOutputAtIndex((b * steps + t) * H + j, c);`)}
        workgroupBarrier();
        ${ownUnits(hidden, 'hPrev[j] = next[q];')}
        workgroupBarrier();
      }
    }`;
  return perRowProgram(`playgroundGruForward_${hidden}_${masked}`, names, [batch, steps, hidden], batch, code);
}

/** Packed layout of the recurrent backward pass: per (b, t) row 4H values [da_z, da_r, da_n, da_n·r], then dh0 [B, H]. */
function backwardProgram(batch: number, steps: number, hidden: number, masked: boolean) {
  const perLane = Math.ceil(hidden / ROW_THREADS);
  const names = ['dy', 'xp', 'h0', 'wh', 'states'];
  if (masked) names.push('stepMask');
  const code = `
    const H = ${hidden};
    var<workgroup> hPrev : array<f32, ${hidden}>;
    var<workgroup> carry : array<f32, ${hidden}>;
    var<workgroup> dhp : array<f32, ${3 * hidden}>;
    ${ACTIVATIONS}
    ${MAIN} {
      let b = i32(workgroupId.x);
      let lane = i32(localId.x);
      let batch = uniforms.xpShape.x;
      let steps = uniforms.xpShape.y;
      ${ownUnits(hidden, 'carry[j] = 0.0;')}
      for (var s = 0; s < steps; s++) {
        let t = steps - 1 - s;
        ${ownUnits(hidden, 'if (t == 0) { hPrev[j] = h0[b * H + j]; } else { hPrev[j] = states[(b * steps + t - 1) * H + j]; }')}
        workgroupBarrier();
        var keep : array<f32, ${perLane}>;
        let x0 = (b * steps + t) * 3 * H;
        let p0 = (b * steps + t) * 4 * H;
        ${ownUnits(hidden, `${RECURRENT_SUMS}
        let g = dy[(b * steps + t) * H + j] + carry[j];
        let m = ${masked ? 'stepMask[b * steps + t]' : '1.0'};
        let dc = m * g;
        let dan = dc * (1.0 - z) * (1.0 - n * n);
        let daz = dc * (h - n) * z * (1.0 - z);
        let dar = dan * an * r * (1.0 - r);
        setOutputAtIndex(p0 + j, daz);
        setOutputAtIndex(p0 + H + j, dar);
        setOutputAtIndex(p0 + 2 * H + j, dan);
        setOutputAtIndex(p0 + 3 * H + j, dan * r);
        dhp[j] = daz;
        dhp[H + j] = dar;
        dhp[2 * H + j] = dan * r;
        keep[q] = (1.0 - m) * g + dc * z;`)}
        workgroupBarrier();
        ${ownUnits(hidden, `var back = 0.0;
        let w0 = j * 3 * H;
        for (var c = 0; c < 3 * H; c++) {
          back += dhp[c] * wh[w0 + c];
        }
        carry[j] = keep[q] + back;`)}
        workgroupBarrier();
      }
      ${ownUnits(hidden, 'setOutputAtIndex(batch * steps * 4 * H + b * H + j, carry[j]);')}
    }`;
  return perRowProgram(
    `playgroundGruBackward_${hidden}_${masked}`,
    names,
    [batch * steps * 4 * hidden + batch * hidden],
    batch,
    code,
  );
}

/** dxp [B, T, 3H] out of the packed buffer. */
function takeInputGradient(backend: WebGPUBackend, packed: tf.TensorInfo, batch: number, steps: number, hidden: number) {
  const program = elementwiseProgram(
    `playgroundGruTakeDxp_${hidden}`,
    ['packed'],
    [batch, steps, 3 * hidden],
    `let row = index / ${3 * hidden};
    setOutputAtIndex(index, packed[index + row * ${hidden}]);`,
  );
  return backend.runWebGPUProgram(program, [packed], 'float32');
}

/** dh0 [B, H]: the packed buffer's tail. */
function takeStateGradient(backend: WebGPUBackend, packed: tf.TensorInfo, batch: number, steps: number, hidden: number) {
  const program = elementwiseProgram(
    'playgroundGruTakeDh0',
    ['packed'],
    [batch, hidden],
    'setOutputAtIndex(index, packed[uniforms.offset + index]);',
    'offset : i32,',
  );
  return backend.runWebGPUProgram(program, [packed], 'float32', [{ type: 'int32', data: [batch * steps * 4 * hidden] }]);
}

/** dU [H, 3H] = Σ_{b,t} h_{t−1}[b]ᵀ · dhp_t[b], one invocation per entry (summed over b, then t). */
function recurrentWeightGradient(backend: WebGPUBackend, packed: tf.TensorInfo, h0: tf.TensorInfo, states: tf.TensorInfo) {
  const [, , hidden] = states.shape;
  const program = elementwiseProgram(
    `playgroundGruDwh_${hidden}`,
    ['packed', 'h0', 'states'],
    [hidden, 3 * hidden],
    `let H = ${hidden};
    let i = index / (3 * H);
    let c = index - i * 3 * H;
    let col = select(c + H, c, c < 2 * H);
    let batch = uniforms.statesShape.x;
    let steps = uniforms.statesShape.y;
    var sum = 0.0;
    for (var b = 0; b < batch; b++) {
      sum += h0[b * H + i] * packed[(b * steps) * 4 * H + col];
      for (var t = 1; t < steps; t++) {
        sum += states[(b * steps + t - 1) * H + i] * packed[(b * steps + t) * 4 * H + col];
      }
    }
    setOutputAtIndex(index, sum);`,
  );
  return backend.runWebGPUProgram(program, [packed, h0, states], 'float32');
}

/** Forward: xp [B, T, 3H], h0 [B, H], wh [H, 3H], optional mask [B, T] → [states [B, T, H]] (statesOnly or not). */
export function webgpuGruForward({ inputs, backend }: WebGpuKernelArgs): tf.TensorInfo[] {
  const { xp, h0, wh, mask } = inputs;
  const [batch, steps, h3] = xp.shape;
  const program = forwardProgram(batch, steps, h3 / 3, Boolean(mask));
  return [backend.runWebGPUProgram(program, mask ? [xp, h0, wh, mask] : [xp, h0, wh], 'float32')];
}

/** Backward: dy [B, T, H], xp, h0, wh, states, optional mask → [dxp [B, T, 3H], dh0 [B, H], dwh [H, 3H]]. */
export function webgpuGruBackward({ inputs, backend }: WebGpuKernelArgs): tf.TensorInfo[] {
  const { dy, xp, h0, wh, states, mask } = inputs;
  const [batch, steps, hidden] = states.shape;
  const program = backwardProgram(batch, steps, hidden, Boolean(mask));
  const packed = backend.runWebGPUProgram(program, mask ? [dy, xp, h0, wh, states, mask] : [dy, xp, h0, wh, states], 'float32');
  const dxp = takeInputGradient(backend, packed, batch, steps, hidden);
  const dh0 = takeStateGradient(backend, packed, batch, steps, hidden);
  const dwh = recurrentWeightGradient(backend, packed, h0, states);
  backend.disposeData(packed.dataId);
  return [dxp, dh0, dwh];
}
