import { describe, expect, it } from 'vitest';
import { placeLineLabel, textWidth } from './labelPlacement';

const box = { left: 40, right: 440, top: 8, bottom: 208 };

describe('placeLineLabel', () => {
  it('puts the label above its line at the right end when no curve is there', () => {
    expect(placeLineLabel(100, 60, 11, box, [50, 60], [150, 150])).toEqual({ x: 436, y: 96, anchor: 'end' });
  });
  it('moves to the left end when the curve peaks under the right-hand spot', () => {
    // A peak at x 400, just above the line at y 100: inside the right-hand box [376, 436] × [82, 99.75].
    const placed = placeLineLabel(100, 60, 11, box, [390, 400, 410], [95, 90, 95]);
    expect(placed).toEqual({ x: 44, y: 96, anchor: 'start' });
  });
  it('goes below the line when both ends above it are taken', () => {
    const placed = placeLineLabel(100, 60, 11, box, [50, 400], [92, 92]);
    expect(placed).toEqual({ x: 436, y: 113, anchor: 'end' });
  });
  it('keeps the label inside the plot: a line at the very top puts it below', () => {
    const placed = placeLineLabel(10, 60, 11, box, [], []);
    expect(placed.y).toBe(23);
  });
  it('falls back to the candidate the fewest points enter', () => {
    const xs = [400, 410, 420, 50, 400, 50, 60];
    const ys = [92, 92, 92, 92, 110, 110, 110];
    // right-above: 3 hits, left-above: 1, right-below: 1, left-below: 2 → the first with 1 hit (left, above).
    expect(placeLineLabel(100, 60, 11, box, xs, ys)).toEqual({ x: 44, y: 96, anchor: 'start' });
  });
  it('ignores NaN points (gaps in a curve)', () => {
    expect(placeLineLabel(100, 60, 11, box, [NaN, 400], [95, NaN]).anchor).toBe('end');
  });
  it('estimates text width at 0.62 em per character', () => {
    expect(textWidth(10, 10)).toBeCloseTo(62);
  });
});
