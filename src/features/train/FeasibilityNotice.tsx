import { useMemo, useRef } from 'react';
import type { ExperimentConfig } from '../../config/params';
import { costWindowFullFrom } from '../../rl/constraintViolation';
import { FeasibilityTracker } from '../../rl/feasibility';
import type { MetricTable } from '../../metrics/metricTable';
import { seedsInSeries } from '../../util/groupRows';
import { algorithmModule } from '../../rl/algorithms/registry';

interface Followed {
  key: string;
  tracker: FeasibilityTracker;
  consumed: number;
}

/**
 * Feeds the rows the table gained since the last call to one FeasibilityTracker per run (the table only grows
 * during a run; a shorter table or another window/batch starts afresh), so each flush costs O(new rows).
 */
export function followFeasibility(previous: Followed | null, table: MetricTable | undefined, config: ExperimentConfig, pilotFloor?: number): Followed {
  const key = [config.algorithm, config.episodeCostWindow, config.promptBatch, pilotFloor ?? ''].join('|');
  let followed = previous;
  if (!followed || followed.key !== key || !table || table.length < followed.consumed) {
    // The pilot's floor, as the runner hands it in (scripts/experiment/constraintSummary.ts): the same warnings.
    followed = { key, tracker: new FeasibilityTracker(costWindowFullFrom(config.episodeCostWindow, config.promptBatch), pilotFloor), consumed: 0 };
  }
  if (table) {
    const [iteration, lambda, episodeCost, threshold] = ['iteration', 'lambda', 'episodeCost', 'threshold'].map((name) => table.column(name));
    for (let i = followed.consumed; i < table.length; i++) {
      followed.tracker.push({ iteration: iteration[i], lambda: lambda[i], episodeCost: episodeCost[i], threshold: threshold[i] });
    }
    followed.consumed = table.length;
  }
  return followed;
}

/**
 * The health notice's feasibility line (issue 21): the cost limit looks infeasible (J_C stays above it while λ
 * climbs and J_C has stalled) or slack (λ = 0 with J_C below it). Learned-λ algorithms (ppo-lag) only; nothing while the verdict is ok.
 */
export function FeasibilityNotice({ table, version, config, pilotFloor }: { table: MetricTable | undefined; version: number; config: ExperimentConfig; pilotFloor?: number }) {
  const followed = useRef<Followed | null>(null);
  const verdict = useMemo(() => {
    followed.current = followFeasibility(followed.current, table, config, pilotFloor);
    return { status: followed.current.tracker.status, message: followed.current.tracker.message };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the table is mutated in place; version marks new rows
  }, [table, version, config, pilotFloor]);
  if (!algorithmModule(config.algorithm).learnsLambda || verdict.status === 'ok') return null;
  // A seed group's rows hold means across its seeds: the verdict is read from those.
  const seeds = table ? seedsInSeries(table).length : 0;
  return (
    <div className="notice notice-warning train-feasibility" role="status" data-testid="train-feasibility" data-status={verdict.status}>
      {verdict.message}
      {seeds > 1 && ` (J_C and λ here are the means over the group's ${seeds} seeds.)`}
    </div>
  );
}
