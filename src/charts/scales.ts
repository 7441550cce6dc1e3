/**
 * Y scales for metric charts. Log scales need strictly positive values (recharts #575, #1208); λ can sit near 0
 * and costs are often negative, so symlog (d3's scaleSymlog, constant 1) is offered as well.
 */

export const Y_SCALES = ['linear', 'log', 'symlog'] as const;
export type YScale = (typeof Y_SCALES)[number];

export const Y_SCALE_LABELS: Record<YScale, string> = { linear: 'linear', log: 'log', symlog: 'symlog' };

/** symlog(x) = sign(x)·log(1 + |x|/c): linear near 0, logarithmic far from it, defined for every real x. */
export function symlog(x: number, constant = 1): number {
  return Math.sign(x) * Math.log1p(Math.abs(x) / constant);
}

export function symlogInverse(y: number, constant = 1): number {
  return Math.sign(y) * Math.expm1(Math.abs(y)) * constant;
}

/** The value as drawn on this scale: non-positive values cannot be drawn on a log axis and become gaps (null). */
export function drawable(value: number, scale: YScale): number | null {
  if (!Number.isFinite(value)) return null;
  if (scale === 'log' && value <= 0) return null;
  return value;
}

/** y-domain for recharts: [min, max] of the drawable values with a little padding, or 'auto' when empty. */
export function yDomain(values: Iterable<number | null>, scale: YScale, include: number[] = []): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (const v of include) {
    if (!Number.isFinite(v) || (scale === 'log' && v <= 0)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return undefined;
  if (scale === 'log') {
    // Pad by a factor on a log axis.
    return min === max ? [min / 2, max * 2] : [min / 1.1, max * 1.1];
  }
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    return [min - pad, max + pad];
  }
  const pad = (max - min) * 0.05;
  // Padding never pushes an all-positive (or all-negative) series across zero.
  return [min >= 0 ? Math.max(0, min - pad) : min - pad, max <= 0 ? Math.min(0, max + pad) : max + pad];
}

/** Powers of ten spanning [min, max] (ticks for a log axis), at most ~8 of them. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const stride = Math.max(1, Math.ceil((hi - lo + 1) / 8));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e += stride) ticks.push(10 ** e);
  return ticks;
}

/** Compact number for axes and readouts: 3 significant digits, exponent form for very large or small values. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const text = abs >= 1e5 || abs < 1e-3 ? value.toExponential(digits - 1) : Number(value.toPrecision(digits)).toString();
  return text;
}

/** A "nice" step (1, 2 or 5 × 10^k) giving about `count` intervals over `span`. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  // d3's thresholds: √50, √10, √2.
  return (unit >= 7.07 ? 10 : unit >= 3.16 ? 5 : unit >= 1.41 ? 2 : 1) * power;
}

/**
 * Round tick values covering [min, max] (the first ≤ min, the last ≥ max), so axes read 0, 0.25, 0.5 rather than
 * 0.0237, 0.276. Use the first and last tick as the axis domain.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  // A span at rounding-error scale (e.g. a smoothed single point) would make `v += step` stall: one tick.
  if (max - min <= Math.max(Math.abs(min), Math.abs(max)) * 1e-9) return [min];
  const step = niceStep(max - min, count);
  const start = Math.floor(min / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0, v = start; v < max + step * 0.999 && i <= count * 4 + 2; i++, v = start + i * step) {
    // Snap float noise (e.g. −0.3 + 3·0.1 = −5.6e-17) to 0 so the axis reads "0".
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return ticks;
}

/**
 * Ticks for a symlog axis: 0, ±powers of ten and, below an extent of 10, round linear steps inside [min, max], none
 * closer than `minGap` of the axis height to another.
 */
export function symlogTicks(min: number, max: number, minGap = 0.07): number[] {
  const candidates: number[] = [];
  const add = (v: number) => {
    if (v >= min && v <= max) candidates.push(v);
  };
  add(0);
  const extent = Math.max(Math.abs(min), Math.abs(max));
  if (!(extent > 0)) return candidates;
  const top = Math.ceil(Math.log10(extent));
  for (let e = top; e >= top - 3; e--) {
    add(10 ** e);
    add(-(10 ** e));
  }
  // Below ~10 symlog is close to linear, where decades crowd near 0 and round linear steps read better.
  if (extent < 10) niceTicks(min, max).forEach(add);
  // In priority order (0, then decades from the largest, then linear steps), keep ticks at least minGap of the
  // axis apart, so that labels never touch.
  const span = symlog(max) - symlog(min);
  const kept: number[] = [];
  for (const v of candidates) {
    if (!kept.includes(v) && kept.every((k) => Math.abs(symlog(v) - symlog(k)) >= minGap * span)) kept.push(v);
  }
  return kept.sort((a, b) => a - b);
}
