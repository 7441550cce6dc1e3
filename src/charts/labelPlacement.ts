/**
 * Where a step line's label goes so no curve runs under it (pure, unit-tested). A label sits just above or just
 * below its line, at the right or the left end of the plot; the first candidate whose box no drawn point enters is
 * used, else the one that the fewest points enter.
 */
import type { PlotBox } from './plotGeometry';

export interface LabelPlacement {
  /** The text's anchor x (its end for 'end', its start for 'start') and baseline y, in pixels. */
  x: number;
  y: number;
  anchor: 'start' | 'end';
}

/** Approximate width of `chars` characters at `font` px (the axis labels use the same 0.62 em estimate). */
export function textWidth(chars: number, font: number): number {
  return chars * font * 0.62;
}

/**
 * The placement of a label `width` px wide for a horizontal line at pixel `lineY`, avoiding the points
 * (`pointsX[i]`, `pointsY[i]`) of the drawn curves (NaN coordinates are ignored).
 */
export function placeLineLabel(
  lineY: number,
  width: number,
  font: number,
  box: PlotBox,
  pointsX: ArrayLike<number>,
  pointsY: ArrayLike<number>,
): LabelPlacement {
  const above = lineY - 4;
  const below = lineY + font + 2;
  const all: LabelPlacement[] = [
    { x: box.right - 4, y: above, anchor: 'end' },
    { x: box.left + 4, y: above, anchor: 'start' },
    { x: box.right - 4, y: below, anchor: 'end' },
    { x: box.left + 4, y: below, anchor: 'start' },
  ];
  const candidates = all.filter((c) => c.y - font >= box.top - 1 && c.y <= box.bottom + 1);
  if (candidates.length === 0) return { x: box.right - 4, y: above, anchor: 'end' };
  let best = candidates[0];
  let bestHits = Infinity;
  for (const candidate of candidates) {
    const x0 = candidate.anchor === 'end' ? candidate.x - width : candidate.x;
    const x1 = x0 + width;
    // The text box with a 3 px margin: from the cap height (≈ one font size above the baseline) to the descenders.
    const top = candidate.y - font - 3;
    const bottom = candidate.y + 3 + font * 0.25;
    let hits = 0;
    for (let i = 0; i < pointsX.length; i++) {
      const x = pointsX[i];
      const y = pointsY[i];
      if (x >= x0 && x <= x1 && y >= top && y <= bottom) hits++;
    }
    if (hits === 0) return candidate;
    if (hits < bestHits) {
      best = candidate;
      bestHits = hits;
    }
  }
  return best;
}
