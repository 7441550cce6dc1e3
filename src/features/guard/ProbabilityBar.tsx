import { percent } from './format';

/** The guard's unsafe probability as a bar, with the decision threshold marked on it. */
export function ProbabilityBar({
  value,
  threshold,
  label,
}: {
  value: number;
  threshold: number;
  label: string;
}) {
  const over = value >= threshold;
  return (
    <div className="prob-row">
      <div
        className="prob-bar"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Number(percent(value))}
        aria-valuetext={`${percent(value)}%, threshold ${percent(threshold, 0)}%`}
      >
        <div
          className={over ? 'prob-fill over' : 'prob-fill'}
          style={{ width: `${Math.min(100, value * 100)}%` }}
        />
        <div
          className="prob-threshold"
          style={{ left: `${threshold * 100}%` }}
          title={`Threshold ${percent(threshold, 0)}%`}
        />
      </div>
      <span className="prob-value">{percent(value)}%</span>
    </div>
  );
}
