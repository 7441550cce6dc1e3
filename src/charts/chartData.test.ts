import { describe, expect, it } from 'vitest';
import { MetricTable } from '../metrics/metricTable';
import { buildChartData, stepTrace, type ChartDataOptions } from './chartData';

function table(n: number) {
  const t = new MetricTable(['iteration', 'a', 'b']);
  for (let i = 0; i < n; i++) t.append([i, i % 2 === 0 ? 1 : -1, i + 1]);
  return t;
}

const base: ChartDataOptions = {
  xColumn: 'iteration',
  series: [
    { column: 'a', label: 'A', color: 'red' },
    { column: 'b', label: 'B', color: 'blue' },
  ],
  smoothing: 0,
  smoothingKind: 'ema',
  scale: 'linear',
  zoom: null,
};

describe('buildChartData', () => {
  it('draws raw values without smoothing and reports the last raw value', () => {
    const data = buildChartData(table(4), base);
    expect(data.pointCount).toBe(4);
    expect([data.xs[1], data.main[0][1], data.main[1][1]]).toEqual([1, -1, 2]);
    expect(data.raw).toBeNull();
    expect(data.lastRaw).toEqual([-1, 4]);
    expect(data.xRange).toEqual([0, 3]);
  });

  it('adds raw series beside the smoothed ones', () => {
    const data = buildChartData(table(4), { ...base, smoothing: 0.5 });
    expect([data.main[0][0], data.raw![0][0], data.main[1][0], data.raw![1][0]]).toEqual([1, 1, 1, 1]);
    expect(data.main[0][1]).toBeCloseTo((0.5 * 0.5 * 1 + 0.5 * -1) / 0.75, 12);
    expect(data.raw![0][1]).toBe(-1);
  });

  it('hides non-positive values on a log axis and keeps the domain positive', () => {
    const data = buildChartData(table(6), { ...base, scale: 'log' });
    expect(data.main[0][1]).toBeNaN();
    expect(data.hiddenNonPositive).toBe(3);
    expect(data.domain![0]).toBeGreaterThan(0);
  });

  it('zooms to an x range and downsamples to the point budget', () => {
    const zoomed = buildChartData(table(100), { ...base, zoom: [10, 19] });
    expect(Array.from(zoomed.xs)).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
    const thin = buildChartData(table(10_000), { ...base, maxPoints: 500 });
    expect(thin.pointCount).toBeLessThanOrEqual(500);
  });

  it('includes reference lines in the y domain', () => {
    const data = buildChartData(table(4), { ...base, include: [-20] });
    expect(data.domain![0]).toBeLessThan(-20);
  });
});

describe('series factor', () => {
  it('scales a column (shares shown in percentage points)', () => {
    const data = buildChartData(table(2), { ...base, series: [{ column: 'b', label: 'B', color: 'blue', factor: 100 }] });
    expect(Array.from(data.main[0])).toEqual([100, 200]);
    expect(data.lastRaw).toEqual([200]);
  });
});

describe('last values of series that end early (a shorter run in a comparison)', () => {
  it('reports the last finite value and where it was, not the NaN padding', () => {
    const t = new MetricTable(['iteration', 'long', 'short']);
    for (let i = 0; i < 6; i++) t.append([i, i, i < 3 ? 10 * i : NaN]);
    const data = buildChartData(t, {
      ...base,
      series: [
        { column: 'long', label: 'L', color: 'red' },
        { column: 'short', label: 'S', color: 'blue' },
      ],
    });
    expect(data.lastRaw).toEqual([5, 20]);
    expect(data.lastX).toEqual([5, 2]);
  });
});

describe('step lines of recorded settings', () => {
  it('keeps one vertex per change plus the closing one', () => {
    const trace = stepTrace([0, 1, 2, 3, 4, 5], [-0.5, -0.5, -0.5, -0.2, -0.2, -0.2]);
    expect(trace).toEqual({ xs: [0, 3, 5], ys: [-0.5, -0.2, -0.2], last: -0.2 });
  });

  it('skips rows without a recorded value and handles a single row', () => {
    expect(stepTrace([0, 1, 2], [NaN, 1, NaN])).toEqual({ xs: [1], ys: [1], last: 1 });
    expect(stepTrace([], [])).toEqual({ xs: [], ys: [], last: NaN });
  });

  it('is drawn from the table over the zoomed range, and its values widen the y domain', () => {
    const t = new MetricTable(['iteration', 'a', 'thr']);
    for (let i = 0; i < 10; i++) t.append([i, 0.1 * i, i < 5 ? 0 : -3]);
    const options = { ...base, series: [base.series[0]], stepLines: [{ column: 'thr', label: 'limit', color: 'red' }] };
    const data = buildChartData(t, options);
    expect(data.steps[0]).toEqual({ xs: [0, 5, 9], ys: [0, -3, -3], last: -3 });
    expect(data.domain![0]).toBeLessThanOrEqual(-3);
    const zoomed = buildChartData(t, { ...options, zoom: [6, 8] });
    expect(zoomed.steps[0]).toEqual({ xs: [6, 8], ys: [-3, -3], last: -3 });
  });

  it('stays off the axis when far above the data (offAxisAbove), and on it once the data comes near', () => {
    const t = new MetricTable(['iteration', 'a', 'max']);
    for (let i = 0; i < 10; i++) t.append([i, 0.2 + 0.05 * i, 20]); // λ 0.2–0.65 under λ_max 20
    const line = { column: 'max', label: 'λ_max', color: 'red', offAxisAbove: 4 };
    const options = { ...base, series: [base.series[0]], stepLines: [line] };
    const far = buildChartData(t, options);
    expect(far.steps[0].offAxis).toBe(true);
    expect(far.domain![1]).toBeLessThan(1);
    // Without the option the line stretches the axis to 20, as before.
    expect(buildChartData(t, { ...options, stepLines: [{ ...line, offAxisAbove: undefined }] }).domain![1]).toBeGreaterThanOrEqual(20);
    const near = new MetricTable(['iteration', 'a', 'max']);
    for (let i = 0; i < 10; i++) near.append([i, 0.2 + 0.05 * i, 2]);
    const drawn = buildChartData(near, options);
    expect(drawn.steps[0].offAxis).toBeUndefined();
    expect(drawn.domain![1]).toBeGreaterThanOrEqual(2);
  });

  it('carries a seed band and the member lines, scaled, and the band widens the y domain', () => {
    const t = new MetricTable(['iteration', 'a', 'a_min', 'a_max', 'a_seed1', 'a_seed2']);
    for (let i = 0; i < 4; i++) t.append([i, 1, 0, 2, 0, 2]);
    const series = [{ ...base.series[0], factor: 10, band: { low: 'a_min', high: 'a_max' }, members: [{ column: 'a_seed1', label: 'seed 1' }, { column: 'a_seed2', label: 'seed 2' }] }];
    const data = buildChartData(t, { ...base, series });
    expect(Array.from(data.bands[0]!.low)).toEqual([0, 0, 0, 0]);
    expect(Array.from(data.bands[0]!.high)).toEqual([20, 20, 20, 20]);
    expect(data.members[0].map((ys) => ys[0])).toEqual([0, 20]);
    expect(data.domain![0]).toBeLessThanOrEqual(0);
    expect(data.domain![1]).toBeGreaterThanOrEqual(20);
    // A single run: no band, no members.
    const single = buildChartData(t, { ...base, series: [base.series[0]] });
    expect(single.bands).toEqual([null]);
    expect(single.members).toEqual([[]]);
  });
});
