import type { RunMeta } from '../../runs/types';

/** Colours per λ rule in the threshold-sweep view (and plain PPO as the unconstrained reference). */
export const SWEEP_COLORS: Record<string, string> = {
  upstream: '#c92a2a',
  additive: '#1971c2',
  pid: '#2b8a3e',
  ppo: '#495057',
};

export interface SweepPoint {
  id: string;
  name: string;
  /** λ rule for PPO-Lagrangian runs, 'ppo' for plain PPO. */
  group: string;
  /** The cost limit at the end of the run (after any live change). */
  threshold: number;
  reward: number;
  episodeCost: number;
  lambda: number;
}

/** The cost limit a run ended with: its start value, then each recorded live change in order. */
function finalThreshold(run: RunMeta): number {
  let threshold = run.config.threshold;
  for (const change of run.configChanges ?? []) if (change.key === 'threshold') threshold = change.to as number;
  return threshold;
}

/**
 * The helpfulness–safety frontier across a threshold sweep: one point per finished PPO-Lagrangian (or plain PPO) run
 * with finite end values, grouped by λ rule and sorted by threshold within each group. Reward-shaping runs are left
 * out (their λ is fixed, not a threshold response).
 */
export function sweepPoints(runs: readonly RunMeta[]): Map<string, SweepPoint[]> {
  const groups = new Map<string, SweepPoint[]>();
  for (const run of runs) {
    if (run.config.algorithm === 'reward-shaping') continue;
    const { reward, episodeCost, lambda } = run.summary;
    if (![reward, episodeCost].every(Number.isFinite)) continue;
    // Runs saved before the λ rules existed have no lambdaRule: they ran upstream's rule.
    const group = run.config.algorithm === 'ppo' ? 'ppo' : (run.config.lambdaRule ?? 'upstream');
    const point = { id: run.id, name: run.name, group, threshold: finalThreshold(run), reward, episodeCost, lambda };
    groups.set(group, [...(groups.get(group) ?? []), point]);
  }
  for (const points of groups.values()) points.sort((a, b) => a.threshold - b.threshold || a.name.localeCompare(b.name));
  return groups;
}
