import type { ChartSeries } from './chartData';
import { formatNumber } from './scales';

interface ChartLegendProps {
  series: ChartSeries[];
  lastRaw: number[];
  hidden: ReadonlySet<number>;
  onToggle: (index: number) => void;
}

/** Series names with their latest raw value; clicking one hides or shows it. */
export function ChartLegend({ series, lastRaw, hidden, onToggle }: ChartLegendProps) {
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
            <span className="legend-value">{formatNumber(lastRaw[i])}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
