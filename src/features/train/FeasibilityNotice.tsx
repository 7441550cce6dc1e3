import { useMemo } from 'react';
import type { ExperimentConfig } from '../../config/params';
import type { MetricTable } from '../../metrics/metricTable';
import { constraintStatus } from './constraintStatus';

/**
 * The health notice's feasibility line (issue 21): the cost limit looks infeasible (J_C stays above it while λ
 * climbs and J_C has stalled) or slack (λ = 0 with J_C below it). Nothing while the verdict is ok.
 */
export function FeasibilityNotice({ table, version, config }: { table: MetricTable | undefined; version: number; config: ExperimentConfig }) {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the table is mutated in place; version marks new rows
  const verdict = useMemo(() => constraintStatus(table, config).feasibility, [table, version, config]);
  if (!verdict || verdict.status === 'ok') return null;
  return (
    <div className="notice notice-warning train-feasibility" role="status" data-testid="train-feasibility" data-status={verdict.status}>
      {verdict.message}
    </div>
  );
}
