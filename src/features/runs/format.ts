import { formatNumber } from '../../charts/scales';

export { formatNumber };

/** A fraction change as signed percentage points: 0.123 → "+12.3 pts". */
export function formatPoints(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  const points = Math.round(fraction * 1000) / 10;
  return `${points > 0 ? '+' : points < 0 ? '−' : '±'}${Math.abs(points)} pts`;
}

export function formatDate(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? '—'
    : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}
