import { describe, expect, it } from 'vitest';
import { MetricTable } from '../metrics/metricTable';
import { buildChartData, type ChartDataOptions } from './chartData';

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
    expect(data.rows[1]).toEqual({ x: 1, s0: -1, s1: 2 });
    expect(data.lastRaw).toEqual([-1, 4]);
  });

  it('adds raw series beside the smoothed ones', () => {
    const data = buildChartData(table(4), { ...base, smoothing: 0.5 });
    expect(data.rows[0]).toEqual({ x: 0, s0: 1, r0: 1, s1: 1, r1: 1 });
    expect(data.rows[1].s0).toBeCloseTo((0.5 * 0.5 * 1 + 0.5 * -1) / 0.75, 12);
  });

  it('hides non-positive values on a log axis and keeps the domain positive', () => {
    const data = buildChartData(table(6), { ...base, scale: 'log' });
    expect(data.rows[1].s0).toBeNull();
    expect(data.hiddenNonPositive).toBe(3);
    expect(data.domain![0]).toBeGreaterThan(0);
  });

  it('zooms to an x range and downsamples to the point budget', () => {
    const zoomed = buildChartData(table(100), { ...base, zoom: [10, 19] });
    expect(zoomed.rows.map((r) => r.x)).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
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
    expect(data.rows.map((r) => r.s0)).toEqual([100, 200]);
    expect(data.lastRaw).toEqual([200]);
  });
});
