import { describe, expect, it } from 'vitest';
import { areaPath, linePath, nearestIndex, stepPath, xAtPixel, xMapper, yMapper } from './plotGeometry';

const box = { left: 10, right: 110, top: 0, bottom: 100 };

describe('plot geometry', () => {
  it('maps x linearly and back', () => {
    const mapX = xMapper([0, 50], box);
    expect(mapX(0)).toBe(10);
    expect(mapX(25)).toBe(60);
    expect(xAtPixel(60, [0, 50], box)).toBe(25);
    expect(xAtPixel(-5, [0, 50], box)).toBe(0); // clamped
    expect(xMapper([3, 3], box)(3)).toBe(60); // one point sits in the middle
  });

  it('maps y on linear, log and symlog axes (top = domain max); log cannot show values ≤ 0', () => {
    expect(yMapper('linear', [0, 10], box)(2.5)).toBe(75);
    const log = yMapper('log', [0.01, 100], box);
    expect(log(1)).toBeCloseTo(50, 12); // the middle decade
    expect(log(0)).toBeNaN();
    const symlog = yMapper('symlog', [-Math.E + 1, Math.E - 1], box);
    expect(symlog(0)).toBeCloseTo(50, 12);
    expect(symlog(Math.E - 1)).toBeCloseTo(0, 12);
  });

  it('draws lines with gaps at non-finite values', () => {
    const id = (v: number) => v;
    expect(linePath([0, 1, 2, 3], [5, NaN, 7, 8], id, id)).toBe('M0 5M2 7L3 8');
    expect(linePath([4], [2], id, id)).toBe('M4 2h0.01');
  });

  it('draws step lines with flat runs and vertical jumps', () => {
    const id = (v: number) => v;
    expect(stepPath([0, 3, 5], [1, 2, 2], id, id)).toBe('M0 1H3V2H5V2');
    expect(stepPath([], [], id, id)).toBe('');
  });

  it('finds the nearest x', () => {
    const xs = [0, 10, 20, 30];
    expect(nearestIndex(xs, 14)).toBe(1);
    expect(nearestIndex(xs, 16)).toBe(2);
    expect(nearestIndex(xs, -3)).toBe(0);
    expect(nearestIndex(xs, 99)).toBe(3);
    expect(nearestIndex([], 1)).toBe(-1);
  });

  it('fills a band between two edges, one polygon per run of finite rows', () => {
    const mapX = (x: number) => x * 10;
    const mapY = (y: number) => (Number.isFinite(y) ? 100 - y : NaN);
    expect(areaPath([0, 1], [0, 1], [2, 3], mapX, mapY)).toBe('M0 98L10 97L10 99L0 100Z');
    // A NaN row splits the band.
    expect(areaPath([0, 1, 2, 3], [0, NaN, 0, 0], [1, 1, 1, 1], mapX, mapY)).toBe('M0 99L0 100ZM20 99L30 99L30 100L20 100Z');
    expect(areaPath([], [], [], mapX, mapY)).toBe('');
  });
});
