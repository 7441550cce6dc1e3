/** Display helpers for the guard area. */

/** A fraction as a percent number with one decimal, e.g. 0.8125 → "81.3"; null/NaN → "–". */
export function percent(fraction: number | null | undefined, digits = 1): string {
  return fraction === null || fraction === undefined || !Number.isFinite(fraction)
    ? '–'
    : (fraction * 100).toFixed(digits);
}

/** A signed difference of fractions in percentage points, e.g. +12.5 pp. */
export function pointsChange(after: number, before: number): string {
  const pp = (after - before) * 100;
  if (!Number.isFinite(pp)) return '–';
  return `${pp >= 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)} pp`;
}

/** A signed score with three decimals using a real minus sign. */
export function signed(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;
}

/** "animal_abuse" → "animal abuse". */
export function humanize(name: string): string {
  return name.replace(/_/g, ' ');
}
