/**
 * Smoothing for live curves. Both functions keep the input length and leave non-finite inputs as NaN (a gap),
 * without letting them poison later points.
 */

/**
 * Debiased exponential moving average (TensorBoard's fixed EMA, tensorboard PR #639):
 *   s_t = w·s_{t−1} + (1 − w)·x_t,  s_0 = 0,   shown as s_t / (1 − w^n)
 * where n counts the finite points seen so far. Dividing by 1 − w^n removes the pull toward the zero start, so the
 * first smoothed point equals the first raw point. Weight 0 is the identity.
 */
export function debiasedEma(values: ArrayLike<number>, weight: number): Float64Array {
  const w = Math.min(Math.max(weight, 0), 0.999999);
  const out = new Float64Array(values.length);
  let accumulator = 0;
  let seen = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) {
      out[i] = NaN;
      continue;
    }
    seen++;
    accumulator = w * accumulator + (1 - w) * x;
    out[i] = w === 0 ? x : accumulator / (1 - w ** seen);
  }
  return out;
}

/** Trailing moving average over the last `window` finite points (fewer at the start). Window 1 is the identity. */
export function movingAverage(values: ArrayLike<number>, window: number): Float64Array {
  const size = Math.max(1, Math.floor(window));
  const out = new Float64Array(values.length);
  const ring: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) {
      out[i] = NaN;
      continue;
    }
    ring.push(x);
    sum += x;
    if (ring.length > size) sum -= ring.shift()!;
    out[i] = sum / ring.length;
  }
  return out;
}

export type SmoothingKind = 'ema' | 'moving';

/**
 * One slider for both kinds: for the moving average the slider value s ∈ [0, 0.999] maps to a window of
 * round(1 / (1 − s)) points (the EMA's effective memory), so 0.9 ≈ 10 points and 0.99 ≈ 100.
 */
export function smooth(values: ArrayLike<number>, kind: SmoothingKind, amount: number): Float64Array {
  if (amount <= 0) return Float64Array.from(values, (x) => (Number.isFinite(x) ? x : NaN));
  if (kind === 'ema') return debiasedEma(values, amount);
  return movingAverage(values, Math.round(1 / (1 - Math.min(amount, 0.999))));
}
