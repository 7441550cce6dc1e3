/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013) downsampling for line charts: keeps the visual shape of a
 * series with at most `threshold` points. SVG charts slow down past a few thousand points (recharts #949, #1356),
 * so every drawn series goes through this first.
 */

export const DEFAULT_MAX_POINTS = 1500;

/**
 * Indices (ascending) of the points to keep from (xs[i], ys[i]). Non-finite points are skipped. The first and last
 * finite points are always kept, and so are the global minimum and maximum of y (so a spike never disappears);
 * the result has at most `threshold` indices.
 */
export function lttbIndices(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold = DEFAULT_MAX_POINTS): number[] {
  const finite: number[] = [];
  for (let i = 0; i < ys.length; i++) if (Number.isFinite(ys[i]) && Number.isFinite(xs[i])) finite.push(i);
  const n = finite.length;
  const limit = Math.max(2, Math.floor(threshold));
  if (n <= limit) return finite;

  let minIndex = finite[0];
  let maxIndex = finite[0];
  for (const i of finite) {
    if (ys[i] < ys[minIndex]) minIndex = i;
    if (ys[i] > ys[maxIndex]) maxIndex = i;
  }
  // Leave room for the extremes, which are merged in afterwards.
  const budget = Math.max(2, limit - 2);
  const kept: number[] = [finite[0]];
  const bucketSize = (n - 2) / (budget - 2);
  let a = 0; // position (in `finite`) of the last kept point
  for (let bucket = 0; bucket < budget - 2; bucket++) {
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.min(Math.floor((bucket + 1) * bucketSize) + 1, n - 1);
    // Average of the next bucket: the third corner of the triangle.
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += xs[finite[j]];
      avgY += ys[finite[j]];
    }
    const count = Math.max(1, nextEnd - nextStart);
    avgX /= count;
    avgY /= count;
    const ax = xs[finite[a]];
    const ay = ys[finite[a]];
    let bestArea = -1;
    let best = start;
    for (let j = start; j < end; j++) {
      const bx = xs[finite[j]];
      const by = ys[finite[j]];
      const area = Math.abs((ax - avgX) * (by - ay) - (ax - bx) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    kept.push(finite[best]);
    a = best;
  }
  kept.push(finite[n - 1]);
  const withExtremes = new Set(kept);
  withExtremes.add(minIndex);
  withExtremes.add(maxIndex);
  return [...withExtremes].sort((p, q) => p - q);
}

/** Union of the LTTB selections of several series sharing one x column, at most `threshold` indices in total. */
export function unionIndices(
  xs: ArrayLike<number>,
  series: ArrayLike<number>[],
  threshold = DEFAULT_MAX_POINTS,
): number[] {
  if (series.length === 0) return [];
  const perSeries = Math.max(4, Math.floor(threshold / series.length));
  const union = new Set<number>();
  for (const ys of series) for (const i of lttbIndices(xs, ys, perSeries)) union.add(i);
  const sorted = [...union].sort((p, q) => p - q);
  if (sorted.length <= threshold) return sorted;
  // Rare (extremes of one series far from another's picks): thin evenly, keeping both ends.
  const step = (sorted.length - 1) / (threshold - 1);
  return Array.from({ length: threshold }, (_, k) => sorted[Math.round(k * step)]);
}
