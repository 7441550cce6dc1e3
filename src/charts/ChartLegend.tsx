import type { ChartSeries } from './chartData';
import { formatNumber } from './scales';

interface ChartLegendProps {
  series: ChartSeries[];
  /** Last finite raw value per series (NaN: none). */
  lastRaw: number[];
  /** x of that value per series. */
  lastX: number[];
  xLabel: string;
  hidden: ReadonlySet<number>;
  onToggle: (index: number) => void;
}

/**
 * Series names with their latest raw value; a series that ends before the others (a shorter run in a comparison)
 * shows its own last value and where it ended. Clicking one hides or shows it.
 */
export function ChartLegend({ series, lastRaw, lastX, xLabel, hidden, onToggle }: ChartLegendProps) {
  const end = Math.max(...lastX.filter(Number.isFinite));
  return (
    <ul className="chart-legend">
      {series.map((s, i) => (
        <li key={s.column}>
          <button
            type="button"
            className={hidden.has(i) ? 'legend-item off' : 'legend-item'}
            aria-pressed={!hidden.has(i)}
            onClick={() => onToggle(i)}
            title={hidden.has(i) ? `Show ${s.label}` : `Hide ${s.label}`}
          >
            <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
            {s.label}
            <span className="legend-value" data-testid="legend-value">
              {formatNumber(lastRaw[i])}
              {Number.isFinite(lastX[i]) && lastX[i] < end ? ` (at ${xLabel} ${formatNumber(lastX[i])})` : ''}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
