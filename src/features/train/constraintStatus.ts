/**
 * The constraint's state during a run, from the 'ppo' metric table: violation so far (src/metrics/
 * constraintViolation.ts) and the feasibility verdict (src/rl/feasibility.ts). Pure.
 */
import type { ExperimentConfig } from '../../config/params';
import { constraintViolation, costWindowFullFrom, type ViolationSummary } from '../../rl/constraintViolation';
import { feasibilityAt, type FeasibilityPoint, type FeasibilityVerdict } from '../../rl/feasibility';
import type { ColumnSource } from '../../charts/chartData';
import { algorithmModule } from '../../rl/algorithms/registry';

export interface ConstraintStatus {
  /** The first iteration that counts (full cost window). */
  from: number;
  violation: ViolationSummary;
  /** Learned-λ algorithms (ppo-lag) only; null for the others. */
  feasibility: FeasibilityVerdict | null;
}

function points(table: ColumnSource): FeasibilityPoint[] {
  const iteration = table.column('iteration');
  const lambda = table.column('lambda');
  const episodeCost = table.column('episodeCost');
  const threshold = table.column('threshold');
  return Array.from({ length: table.length }, (_, i) => ({ iteration: iteration[i], lambda: lambda[i], episodeCost: episodeCost[i], threshold: threshold[i] }));
}

export function constraintStatus(table: ColumnSource | undefined, config: ExperimentConfig, pilotFloor?: number): ConstraintStatus {
  const from = costWindowFullFrom(config.episodeCostWindow, config.promptBatch);
  const rows = table && table.length > 0 ? points(table) : [];
  return {
    from,
    violation: constraintViolation(rows, from),
    feasibility: algorithmModule(config.algorithm).learnsLambda ? feasibilityAt(rows, from, pilotFloor) : null,
  };
}
