/**
 * Statistics across the seeds of a group (pure; main thread, worker and Node alike).
 *
 * - `spread(values)`: n, mean, sample sd (n − 1 in the denominator), min and max of the finite values;
 * - `groupSeries(members)`: the same per iteration across member curves of possibly different lengths (an interrupted
 *   group keeps its finished seeds; iteration i uses the members that reached it);
 * - `welchInterval(a, b)`: the difference of means b̄ − ā with its 95% interval by Welch's t (unequal variances):
 *     se = √(s_a²/n_a + s_b²/n_b),  ν = se⁴ / ((s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1))  (Welch–Satterthwaite),
 *     interval = (b̄ − ā) ± t_{0.975, ν} · se;
 *   the verdict is "larger than the seed spread" when the interval excludes 0, else "within the seed spread".
 */

export interface Spread {
  /** How many finite values entered. */
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); NaN for n < 2. */
  sd: number;
  min: number;
  max: number;
}

const EMPTY: Spread = { n: 0, mean: NaN, sd: NaN, min: NaN, max: NaN };

/** n, mean, sample sd, min and max of the finite values (NaN/±Infinity are left out, as a missing seed). */
export function spread(values: ArrayLike<number>): Spread {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    n++;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (n === 0) return { ...EMPTY };
  // Equal values have mean and sd exactly theirs (the rounded sum/n may differ from them in the last bit).
  if (min === max) return { n, mean: min, sd: n > 1 ? 0 : NaN, min, max };
  const mean = sum / n;
  // Two-pass sum of squares (no cancellation, unlike Σx² − n·mean²).
  let squares = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) squares += (values[i] - mean) ** 2;
  return { n, mean, sd: n > 1 ? Math.sqrt(squares / (n - 1)) : NaN, min, max };
}

/** Per-iteration statistics across member curves, as columns (index = iteration position). */
export interface GroupSeries {
  n: Int32Array;
  mean: Float64Array;
  sd: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/** Per-iteration n, mean, sd, min, max across `members` (curves of any lengths; the longest sets the length). */
export function groupSeries(members: readonly ArrayLike<number>[]): GroupSeries {
  const length = members.reduce((longest, member) => Math.max(longest, member.length), 0);
  const out: GroupSeries = {
    n: new Int32Array(length),
    mean: new Float64Array(length),
    sd: new Float64Array(length),
    min: new Float64Array(length),
    max: new Float64Array(length),
  };
  const column: number[] = [];
  for (let i = 0; i < length; i++) {
    column.length = 0;
    for (const member of members) if (i < member.length) column.push(member[i]);
    const stats = spread(column);
    out.n[i] = stats.n;
    out.mean[i] = stats.mean;
    out.sd[i] = stats.sd;
    out.min[i] = stats.min;
    out.max[i] = stats.max;
  }
  return out;
}

export const VERDICT_LARGER = 'larger than the seed spread';
export const VERDICT_WITHIN = 'within the seed spread';
export type Verdict = typeof VERDICT_LARGER | typeof VERDICT_WITHIN;

export interface DifferenceInterval {
  /** Mean of b minus mean of a. */
  difference: number;
  low: number;
  high: number;
  /** Welch–Satterthwaite degrees of freedom (Infinity when both spreads are 0). */
  df: number;
  /** null when either side has fewer than 2 finite values (no spread to compare against). */
  verdict: Verdict | null;
}

/** The difference b̄ − ā with its two-sided `level` interval by Welch's t, and the verdict (see the file comment). */
export function welchInterval(a: ArrayLike<number>, b: ArrayLike<number>, level = 0.95): DifferenceInterval {
  const sa = spread(a);
  const sb = spread(b);
  const difference = sb.mean - sa.mean;
  if (sa.n < 2 || sb.n < 2) return { difference, low: NaN, high: NaN, df: NaN, verdict: null };
  const va = (sa.sd * sa.sd) / sa.n;
  const vb = (sb.sd * sb.sd) / sb.n;
  const se = Math.sqrt(va + vb);
  const df = se === 0 ? Infinity : (va + vb) ** 2 / ((va * va) / (sa.n - 1) + (vb * vb) / (sb.n - 1));
  const half = se === 0 ? 0 : studentTQuantile(0.5 + level / 2, df) * se;
  const low = difference - half;
  const high = difference + half;
  // With no spread at all, any non-zero difference is larger than it.
  const excludesZero = se === 0 ? difference !== 0 : low > 0 || high < 0;
  return { difference, low, high, df, verdict: excludesZero ? VERDICT_LARGER : VERDICT_WITHIN };
}

// ---- Student's t distribution ------------------------------------------------------------------------------------

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; |error| < 1e-13 over the range used here). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the regularised incomplete beta (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** I_x(a, b), the regularised incomplete beta function. */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with ν degrees of freedom: 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0. */
export function studentTCdf(t: number, df: number): number {
  if (!Number.isFinite(df)) return 0.5 * (1 + erf(t / Math.SQRT2));
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** erf(x) = sign(x)·P(½, x²), the regularised lower incomplete gamma by its power series (the normal limit ν → ∞). */
function erf(x: number): number {
  const z = x * x;
  if (z === 0) return 0;
  let sum = 1 / 0.5;
  let term = 1 / 0.5;
  for (let k = 1; k < 500; k++) {
    term *= z / (0.5 + k);
    sum += term;
    if (term < sum * 1e-16) break;
  }
  const p = Math.exp(-z + 0.5 * Math.log(z) - logGamma(0.5)) * sum;
  return Math.sign(x) * Math.min(1, p);
}

/** The p-quantile of Student's t with ν degrees of freedom (ν may be fractional, as Welch's is), by bisection. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let low = 0;
  let high = 1;
  while (studentTCdf(high, df) < p) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
