import { defaultConfig, type ExperimentConfig } from '../../config/params';
import { constraintViolation, costWindowFullFrom, type CostPoint, type ViolationSummary } from '../../rl/constraintViolation';
import { seriesColumn, seriesLength } from '../../runs/series';
import type { MetricSeries } from '../../runs/types';

/**
 * A recorded run's violation during training (src/rl/constraintViolation.ts), from its metric rows: from the
 * first full cost window of its start config, each iteration against the limit it recorded. Runs recorded before
 * rows carried the limit fall back to the start config's limit.
 */
export function runViolation(metrics: MetricSeries, config: ExperimentConfig | undefined): ViolationSummary {
  const start = config ?? defaultConfig();
  const iteration = seriesColumn(metrics, 'iteration');
  const episodeCost = seriesColumn(metrics, 'episodeCost');
  const threshold = seriesColumn(metrics, 'threshold');
  const n = seriesLength(metrics);
  const rows: CostPoint[] = Array.from({ length: n }, (_, i) => ({
    iteration: iteration.length ? iteration[i] : i,
    episodeCost: episodeCost.length ? episodeCost[i] : NaN,
    threshold: threshold.length ? threshold[i] : start.threshold,
  }));
  return constraintViolation(rows, costWindowFullFrom(start.episodeCostWindow, start.promptBatch));
}
