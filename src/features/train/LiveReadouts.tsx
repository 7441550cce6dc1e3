import type { MetricTable } from '../../metrics/metricTable';

interface LiveReadoutsProps {
  table: MetricTable | undefined;
  iteration: number;
}

/** Plain-number readout for tests and screen readers: 6 significant digits, ASCII minus, '' when absent. */
export function plainNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return Number(value.toPrecision(6)).toString();
}

const READOUTS = [
  { id: 'metric-lambda', column: 'lambda', label: 'λ (Lagrange multiplier)' },
  { id: 'metric-reward', column: 'rewardMean', label: 'mean reward R' },
  { id: 'metric-cost', column: 'costMean', label: 'mean cost C' },
  { id: 'metric-episode-cost', column: 'episodeCost', label: 'J_C (window mean cost)' },
  { id: 'metric-kl', column: 'kl', label: 'KL to SFT' },
] as const;

/** The latest values as big numbers. */
export function LiveReadouts({ table, iteration }: LiveReadoutsProps) {
  return (
    <div className="stats live-readouts">
      <div className="stat">
        <span className="value" data-testid="metric-iteration">
          {iteration}
        </span>
        <span className="label">iterations done</span>
      </div>
      {READOUTS.map((readout) => (
        <div className="stat" key={readout.id}>
          <span className="value" data-testid={readout.id}>
            {plainNumber(table?.last(readout.column))}
          </span>
          <span className="label">{readout.label}</span>
        </div>
      ))}
    </div>
  );
}
