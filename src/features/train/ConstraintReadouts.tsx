import { useMemo } from 'react';
import type { ExperimentConfig } from '../../config/params';
import { useMetricTable } from '../../state/store';
import { constraintStatus } from './constraintStatus';
import { plainNumber, readoutNumber } from './LiveReadouts';

/**
 * Violation of the constraint during the run so far (issue 21): the largest overshoot of J_C above the limit, the
 * share of iterations above it and the summed violation, counted from the first full cost window, each iteration
 * against the limit in force then. Pending (—) until the window has filled.
 */
export function ConstraintReadouts({ config }: { config: ExperimentConfig }) {
  const { table, version } = useMetricTable('ppo');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the table is mutated in place; version marks new rows
  const status = useMemo(() => constraintStatus(table, config), [table, version, config]);
  const { violation, from } = status;
  const pending = violation.counted === 0;
  return (
    <div className="stats constraint-readouts" data-testid="constraint-readouts" aria-label="Constraint violation during the run">
      <div className="stat" title="max(0, max over iterations of J_C − limit)">
        <span className="value" data-testid="metric-max-overshoot" data-value={plainNumber(violation.maxOvershoot)}>
          {readoutNumber(violation.maxOvershoot)}
        </span>
        <span className="label">largest overshoot of J_C above the limit (cost units)</span>
      </div>
      <div className="stat" title="share of iterations with J_C > limit">
        <span className="value" data-testid="metric-time-above-limit" data-value={plainNumber(violation.timeAboveLimit)}>
          {pending ? '—' : `${(violation.timeAboveLimit * 100).toFixed(0)}%`}
        </span>
        <span className="label">of iterations above the limit</span>
      </div>
      <div className="stat" title="Σ over iterations of max(0, J_C − limit)">
        <span className="value" data-testid="metric-cumulative-violation" data-value={plainNumber(violation.cumulativeViolation)}>
          {readoutNumber(violation.cumulativeViolation)}
        </span>
        <span className="label">cumulative violation Σ max(0, J_C − limit) (cost × iterations)</span>
      </div>
      <p className="muted constraint-readouts-note">
        {pending
          ? `Pending: counted from iteration ${from}, when the cost window (${config.episodeCostWindow} responses) is first full.`
          : `From iteration ${from} (first full cost window), ${violation.counted} iterations, each against the limit in force then.`}
      </p>
    </div>
  );
}
