import type { RunMeta, SeedSpread } from '../../runs/types';

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
  /** A seed group: its members' spread (reward and episodeCost above are the means across seeds). */
  spread?: SeedSpread;
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
    const point = { id: run.id, name: run.name, group, threshold: finalThreshold(run), reward, episodeCost, lambda, ...spreadOf(run) };
    groups.set(group, [...(groups.get(group) ?? []), point]);
  }
  for (const points of groups.values()) points.sort((a, b) => a.threshold - b.threshold || a.name.localeCompare(b.name));
  return groups;
}

/** The fixed-λ frontier's colour (drawn dashed, under the rules' points). */
export const FRONTIER_COLOR = '#212529';

/** One fixed-λ (reward-shaping) run: a point of the reachable reward-vs-cost curve. */
export interface FrontierPoint {
  id: string;
  name: string;
  /** The fixed λ of the run (its λ initial). */
  lambda: number;
  reward: number;
  episodeCost: number;
  spread?: SeedSpread;
}

/** A seed group's spread as a point field, absent for single runs. */
function spreadOf(run: RunMeta): { spread?: SeedSpread } {
  return run.summary.spread ? { spread: run.summary.spread } : {};
}

/**
 * The true frontier (issue 21): each fixed-λ run maximises E[R] − λ·E[C] for its λ, so its end point lies on the
 * reachable reward-vs-cost curve; sorted by λ (large λ = low cost, low reward). Runs without finite end values are
 * left out.
 */
export function frontierPoints(runs: readonly RunMeta[]): FrontierPoint[] {
  return runs
    .filter((run) => run.config.algorithm === 'reward-shaping' && Number.isFinite(run.summary.reward) && Number.isFinite(run.summary.episodeCost))
    .map((run) => ({ id: run.id, name: run.name, lambda: run.config.lambdaInit, reward: run.summary.reward, episodeCost: run.summary.episodeCost, ...spreadOf(run) }))
    .sort((a, b) => a.lambda - b.lambda || a.name.localeCompare(b.name));
}

/**
 * The frontier's reward at cost c: linear interpolation between the two frontier points whose J_C bracket c (points
 * taken in J_C order); NaN outside the frontier's cost range or with fewer than two points, so a run beyond the
 * measured curve is not judged against an extrapolation.
 */
export function frontierRewardAt(frontier: readonly FrontierPoint[], cost: number): number {
  const byCost = [...frontier].sort((a, b) => a.episodeCost - b.episodeCost);
  if (byCost.length < 2 || !Number.isFinite(cost)) return NaN;
  for (let k = 1; k < byCost.length; k++) {
    const [lo, hi] = [byCost[k - 1], byCost[k]];
    if (cost >= lo.episodeCost && cost <= hi.episodeCost) {
      const span = hi.episodeCost - lo.episodeCost;
      return span === 0 ? Math.max(lo.reward, hi.reward) : lo.reward + ((cost - lo.episodeCost) / span) * (hi.reward - lo.reward);
    }
  }
  return NaN;
}

/** Error bars of a point: its seeds' min–max along reward (x) and J_C (y); none for a single run. */
export function spreadBars(spread: SeedSpread | undefined): { xRange?: [number, number]; yRange?: [number, number] } {
  if (!spread) return {};
  return { xRange: [spread.reward.min, spread.reward.max], yRange: [spread.episodeCost.min, spread.episodeCost.max] };
}

/** "−1.02 ± 0.11 (−1.15 … −0.90)": mean ± sd across seeds with the min–max, or the plain value for a single run. */
export function withSpread(mean: number, spread: { sd: number; min: number; max: number } | undefined, format: (x: number) => string): string {
  if (!spread) return format(mean);
  return `${format(mean)} ± ${format(spread.sd)} (${format(spread.min)} … ${format(spread.max)})`;
}
