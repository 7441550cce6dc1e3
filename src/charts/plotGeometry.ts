/**
 * Pixel geometry of a line chart, kept pure so it is unit-tested and so a redraw is a few array passes: value →
 * pixel maps for linear / log / symlog axes, SVG path strings (with gaps), step lines, and hit-testing by x.
 */
import { symlog, type YScale } from './scales';

export interface PlotBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The axis transform before the linear map to pixels: identity, log10, or symlog. */
function transform(scale: YScale): (v: number) => number {
  if (scale === 'log') return (v) => (v > 0 ? Math.log10(v) : NaN);
  if (scale === 'symlog') return (v) => symlog(v);
  return (v) => v;
}

/** Maps y values to pixels (top = domain max); values the scale cannot show map to NaN. */
export function yMapper(scale: YScale, domain: [number, number], box: PlotBox): (v: number) => number {
  const f = transform(scale);
  const lo = f(domain[0]);
  const hi = f(domain[1]);
  const span = hi - lo || 1;
  const height = box.bottom - box.top;
  return (v) => {
    const t = f(v);
    return Number.isFinite(t) ? box.bottom - ((t - lo) / span) * height : NaN;
  };
}

/** Maps x values to pixels over [range[0], range[1]] (a single x sits in the middle). */
export function xMapper(range: [number, number], box: PlotBox): (x: number) => number {
  const [lo, hi] = range;
  const width = box.right - box.left;
  if (hi === lo) return () => box.left + width / 2;
  return (x) => box.left + ((x - lo) / (hi - lo)) * width;
}

const px = (v: number) => Math.round(v * 10) / 10;

/** "M x y L x y …" through the finite points; a non-finite value breaks the line (a gap, never an invented point). */
export function linePath(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  mapX: (x: number) => number,
  mapY: (y: number) => number,
): string {
  const parts: string[] = [];
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const y = mapY(ys[i]);
    if (!Number.isFinite(y)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${px(mapX(xs[i]))} ${px(y)}`);
    pen = true;
  }
  // A lone point still shows: a zero-length segment drawn with round caps.
  return parts.length === 1 ? `${parts[0]}h0.01` : parts.join('');
}

/**
 * A filled band between two edges: one closed polygon per run of rows where both edges are finite (along the upper
 * edge, back along the lower one), so a gap in the data leaves a gap in the band.
 */
export function areaPath(
  xs: ArrayLike<number>,
  low: ArrayLike<number>,
  high: ArrayLike<number>,
  mapX: (x: number) => number,
  mapY: (y: number) => number,
): string {
  let d = '';
  let start = -1;
  const close = (end: number) => {
    if (start < 0) return;
    let part = '';
    for (let i = start; i < end; i++) part += `${i === start ? 'M' : 'L'}${px(mapX(xs[i]))} ${px(mapY(high[i]))}`;
    for (let i = end - 1; i >= start; i--) part += `L${px(mapX(xs[i]))} ${px(mapY(low[i]))}`;
    d += `${part}Z`;
    start = -1;
  };
  for (let i = 0; i < xs.length; i++) {
    const ok = Number.isFinite(mapY(low[i])) && Number.isFinite(mapY(high[i]));
    if (ok && start < 0) start = i;
    if (!ok) close(i);
  }
  close(xs.length);
  return d;
}

/** A step line: each value runs flat to the next vertex, then jumps (H/V segments only). */
export function stepPath(
  xs: readonly number[],
  ys: readonly number[],
  mapX: (x: number) => number,
  mapY: (y: number) => number,
): string {
  if (xs.length === 0) return '';
  let d = `M${px(mapX(xs[0]))} ${px(mapY(ys[0]))}`;
  for (let k = 1; k < xs.length; k++) d += `H${px(mapX(xs[k]))}V${px(mapY(ys[k]))}`;
  return xs.length === 1 ? `${d}h0.01` : d;
}

/** Index of the x nearest to `x` in an ascending array (−1 when empty). */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && x - xs[lo - 1] <= xs[lo] - x ? lo - 1 : lo;
}

/** The inverse of xMapper: the x value under a pixel column. */
export function xAtPixel(pixel: number, range: [number, number], box: PlotBox): number {
  const width = box.right - box.left || 1;
  const u = Math.min(1, Math.max(0, (pixel - box.left) / width));
  return range[0] + u * (range[1] - range[0]);
}
