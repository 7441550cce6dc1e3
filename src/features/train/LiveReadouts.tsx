import { sdColumn, seedsInSeries } from '../../util/groupRows';
import type { MetricTable } from '../../metrics/metricTable';
import type { IterationInProgress } from './iterationInProgress';

interface LiveReadoutsProps {
  table: MetricTable | undefined;
  iteration: number;
  /** Stepping phase by phase: what the iteration in progress has produced so far (shown instead of the last row). */
  inProgress?: IterationInProgress | null;
}

/** Plain-number readout for tests and screen readers: 6 significant digits, ASCII minus, '' when absent. */
export function plainNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return Number(value.toPrecision(6)).toString();
}

/**
 * What a big readout shows: 4 significant digits, no exponent, and 0 for |x| < 5e-5 (so sampling noise around zero
 * does not flash "−0.0000123"). The full value stays in `data-value`.
 */
export function readoutNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) < 5e-5) return '0';
  return Number(value.toPrecision(4)).toString();
}

const READOUTS = [
  { id: 'metric-lambda', column: 'lambda', label: 'λ (Lagrange multiplier)' },
  { id: 'metric-reward', column: 'rewardMean', label: 'mean reward R' },
  { id: 'metric-cost', column: 'costMean', label: 'mean cost C' },
  { id: 'metric-episode-cost', column: 'episodeCost', label: 'J_C (window mean cost)' },
] as const satisfies readonly { id: string; column: keyof IterationInProgress & string; label: string }[];

/** Why the KL readout can be negative: it is the sampled (k1) estimate, not the exact divergence. */
export const KL_ESTIMATOR_NOTE =
  'KL to the SFT policy, estimated on the sampled responses as the mean over responses of Σ_t (log π − log π_SFT) ' +
  '(the k1 estimator, in nats). The true KL is never negative; this estimate can dip slightly below 0 while the ' +
  'policy is still close to SFT, which reads as ≈ 0.';

/** The latest values as big numbers. */
export function LiveReadouts({ table, iteration, inProgress }: LiveReadoutsProps) {
  const kl = table?.last('kl');
  const length = table?.last('responseLength');
  const klPerToken = kl !== undefined && length !== undefined && length > 0 ? kl / length : undefined;
  // A seed group's rows hold the mean in each column and the sd across seeds in <column>_sd.
  const seeds = table ? seedsInSeries(table).length : 0;
  return (
    <div className="stats live-readouts">
      <div className="stat">
        <span className="value" data-testid="metric-iteration">
          {iteration}
        </span>
        <span className="label">iterations done</span>
      </div>
      {READOUTS.map((readout) => {
        const current = inProgress?.[readout.column];
        const value = current ?? table?.last(readout.column);
        // The spread of the last completed group iteration (not of a phase still in progress).
        const sd = seeds > 1 && current === undefined ? table?.last(sdColumn(readout.column)) : undefined;
        return (
          <div className="stat" key={readout.id}>
            <span
              className="value"
              data-testid={readout.id}
              data-value={plainNumber(value)}
              data-iteration={current !== undefined ? inProgress!.iteration : undefined}
            >
              {readoutNumber(value)}
              {sd !== undefined && (
                <span className="value-spread" data-testid={`${readout.id}-sd`} data-value={plainNumber(sd)}>
                  {' '}± {readoutNumber(sd)}
                </span>
              )}
            </span>
            <span className="label">
              {readout.label}
              {sd !== undefined && `, mean ± sd of ${seeds} seeds`}
              {current !== undefined &&
                ` · iteration ${inProgress!.iteration}${inProgress!.seed !== undefined ? `, seed ${inProgress!.seed}` : ''}, in progress`}
            </span>
          </div>
        );
      })}
      <div className="stat stat-kl" title={KL_ESTIMATOR_NOTE}>
        <span className="value" data-testid="metric-kl" data-value={plainNumber(kl)}>
          {readoutNumber(kl)}
        </span>
        <span className="label">
          KL to SFT, nats per response
          {klPerToken !== undefined && (
            <>
              {' · '}
              <span data-testid="metric-kl-token" data-value={plainNumber(klPerToken)}>
                {readoutNumber(klPerToken)}
              </span>{' '}
              per token
            </>
          )}
        </span>
        {kl !== undefined && kl < 0 && (
          <span className="label" data-testid="kl-sign-note">
            below 0: sampling noise of the estimate (true KL ≥ 0)
          </span>
        )}
      </div>
    </div>
  );
}
