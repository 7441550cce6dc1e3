/**
 * Is the cost limit reachable, and does it bind? (issue 21.) Two pure parts:
 *
 * 1. Before the run, from a pilot (k responses of the SFT policy to each of P training prompts, scored by the cost
 *    model): the SFT policy's cost J_SFT = mean of all costs, and a reachable range [floor, ceiling] where
 *    floor = mean over prompts of the lowest of its k costs and ceiling = mean over prompts of the highest — what a
 *    policy choosing the safest (most harmful) of the SFT policy's own answers would score. RL can move past a
 *    best-of-k estimate a little (measured in docs/dynamics.md), so the floor is a guide, not a bound.
 * 2. During the run, from the metric rows (after the cost window first fills; ppo-lag only):
 *    - infeasible: J_C > d at each of the last N iterations while λ rose over them (λ_t > λ_{t−N+1}), and either the
 *      limit is below the pilot's floor (N = INFEASIBLE_ITERATIONS_BELOW_FLOOR) or, without that evidence, J_C has
 *      stalled: N = INFEASIBLE_ITERATIONS and the least-squares line J_C ≈ a + b·t through those N iterations,
 *      followed N more iterations, still ends above the limit, a + b·(t_last + N) > d (a run still closing in on its
 *      limit is not flagged), and J_C never came within its own noise of the limit in those N iterations:
 *      min (J_C − d) > NOISE_MARGIN·σ, σ the residual sd around the line (a run that touched its limit can reach it).
 *      Why both: on its way down a start-up run can hover 0.3 above its limit for 40 iterations, λ barely moving,
 *      while J_C swings ±0.2 around its trend (seed 42 at −1.75: J_C came within 0.01 of the limit at iteration 60,
 *      then the window's mean rose; the earlier rule, last half's mean against the first half's, flagged it at
 *      iteration 65, and J_C first reached the limit at 79). An unreachable limit stays far above the noise band;
 *    - slack: λ = 0 and J_C < d at each of the last SLACK_ITERATIONS iterations (the constraint does nothing: plain
 *      PPO for now);
 *    - ok otherwise.
 */

export type Feasibility = 'ok' | 'infeasible' | 'slack';

/** Pilot estimate of where the cost can go, from the SFT policy's own answers. */
export interface ReachableCost {
  /** J_SFT: mean cost of every pilot response. */
  sftCost: number;
  /** Mean over prompts of the lowest cost among that prompt's k responses. */
  floor: number;
  /** Mean over prompts of the highest cost among that prompt's k responses. */
  ceiling: number;
  prompts: number;
  samplesPerPrompt: number;
}

/** `costs[p][s]`: cost of response s to prompt p (every prompt needs the same k ≥ 1; non-finite costs are an error). */
export function reachableCost(costs: readonly (readonly number[])[]): ReachableCost {
  if (costs.length === 0) throw new Error('reachableCost: no prompts');
  const k = costs[0].length;
  let total = 0;
  let floor = 0;
  let ceiling = 0;
  costs.forEach((samples, p) => {
    if (samples.length !== k || k === 0) throw new Error(`reachableCost: prompt ${p} has ${samples.length} responses, expected ${k || '≥ 1'}`);
    let lo = Infinity;
    let hi = -Infinity;
    for (const cost of samples) {
      if (!Number.isFinite(cost)) throw new Error(`reachableCost: prompt ${p} has a non-finite cost (${cost})`);
      total += cost;
      lo = Math.min(lo, cost);
      hi = Math.max(hi, cost);
    }
    floor += lo;
    ceiling += hi;
  });
  return { sftCost: total / (costs.length * k), floor: floor / costs.length, ceiling: ceiling / costs.length, prompts: costs.length, samplesPerPrompt: k };
}

export type LimitRegion = 'unreachable' | 'binding' | 'above-sft' | 'slack';

export interface LimitAdvice {
  region: LimitRegion;
  message: string;
}

const fmt = (x: number) => (Math.round(x * 100) / 100).toFixed(2).replace('-', '−');

/**
 * What a limit d means against the pilot: below the floor nothing the SFT policy says reaches it; between the floor
 * and J_SFT it binds from the start (the policy must get safer than SFT); between J_SFT and the ceiling it starts
 * slack and binds once PPO's reward gains push the cost up to it; above the ceiling it never binds.
 */
export function limitAdvice(limit: number, range: ReachableCost): LimitAdvice {
  if (limit < range.floor) {
    return {
      region: 'unreachable',
      message: `Below anything reachable: the SFT policy's safest answers average ${fmt(range.floor)}, so J_C is unlikely to get down to ${fmt(limit)} and λ will only grow.`,
    };
  }
  if (limit <= range.sftCost) {
    return {
      region: 'binding',
      message: `Below the SFT policy's cost ${fmt(range.sftCost)} and above its safest answers (${fmt(range.floor)}): the constraint binds from the start, so the policy must become safer than SFT while it gets more helpful.`,
    };
  }
  if (limit <= range.ceiling) {
    return {
      region: 'above-sft',
      message: `Above the SFT policy's cost ${fmt(range.sftCost)}: the constraint is slack at first (λ falls to 0, plain PPO) and binds only once the reward gains push J_C up to ${fmt(limit)}; the policy may end less safe than SFT.`,
    };
  }
  return {
    region: 'slack',
    message: `Above the SFT policy's most harmful answers (${fmt(range.ceiling)}): the constraint is slack, this is plain PPO.`,
  };
}

/** The part of a metric row the detector reads. */
export interface FeasibilityPoint {
  iteration: number;
  lambda: number;
  episodeCost: number;
  threshold: number;
}

/** Iterations above a limit that the pilot says is below the floor, with λ rising, before warning. */
export const INFEASIBLE_ITERATIONS_BELOW_FLOOR = 20;
/** Iterations above the limit, with λ rising and J_C stalled, before warning without pilot evidence. */
export const INFEASIBLE_ITERATIONS = 50;
/** A stall needs J_C to stay more than this many residual sds above the limit at every iteration of the window. */
export const NOISE_MARGIN = 2;

/** Least-squares line y ≈ intercept + slope·x (x not all equal). */
export function leastSquaresLine(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope, intercept: my - slope * mx };
}
/** Iterations with λ = 0 and J_C below the limit before calling the limit slack. */
export const SLACK_ITERATIONS = 20;

export interface FeasibilityVerdict {
  status: Feasibility;
  /** One sentence for the health notice and the runner's warning; empty when ok. */
  message: string;
}

/**
 * The verdict at the last row: `rows` in iteration order, `from` the first iteration with a full cost window,
 * `floor` the pilot's floor when a pilot ran.
 */
export function feasibilityAt(rows: readonly FeasibilityPoint[], from: number, floor?: number): FeasibilityVerdict {
  // Only the tail matters (at most INFEASIBLE_ITERATIONS rows), so following a long run stays O(1) per row.
  const counted = rows.slice(-Math.max(INFEASIBLE_ITERATIONS, SLACK_ITERATIONS)).filter((row) => row.iteration >= from);
  const last = counted.at(-1);
  if (!last) return { status: 'ok', message: '' };
  const tail = (n: number) => (counted.length >= n ? counted.slice(-n) : null);

  const slack = tail(SLACK_ITERATIONS);
  if (slack && slack.every((row) => row.lambda === 0 && row.episodeCost < row.threshold)) {
    return {
      status: 'slack',
      message: `The cost limit looks slack: λ has been 0 for ${SLACK_ITERATIONS} iterations with J_C (now ${fmt(last.episodeCost)}) below the limit ${fmt(last.threshold)}, so the constraint does nothing and this is plain PPO. Lower the limit to trade reward for safety.`,
    };
  }

  const belowFloor = floor !== undefined && Number.isFinite(floor) && last.threshold < floor;
  const n = belowFloor ? INFEASIBLE_ITERATIONS_BELOW_FLOOR : INFEASIBLE_ITERATIONS;
  const window = tail(n);
  if (window && window.every((row) => row.episodeCost > row.threshold) && last.lambda > window[0].lambda) {
    const { slope, intercept } = leastSquaresLine(
      window.map((row) => row.iteration),
      window.map((row) => row.episodeCost),
    );
    const projected = intercept + slope * (last.iteration + n);
    const residuals = window.map((row) => row.episodeCost - (intercept + slope * row.iteration));
    const sigma = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / Math.max(1, window.length - 2));
    const closest = Math.min(...window.map((row) => row.episodeCost - row.threshold));
    const stalled = projected > last.threshold && closest > NOISE_MARGIN * sigma;
    if (belowFloor || stalled) {
      const why = belowFloor
        ? `the limit is below the SFT policy's safest answers (${fmt(floor!)} on average)`
        : `J_C has stopped coming down: its trend over the last ${n} iterations (${fmt(slope * 10)} per 10 iterations) would ` +
          `still leave it at ${fmt(projected)} ${n} iterations from now, and it never came closer than ${fmt(closest)} to the limit`;
      return {
        status: 'infeasible',
        message: `The cost limit ${fmt(last.threshold)} looks infeasible: J_C (now ${fmt(last.episodeCost)}) has stayed above it for ${n} iterations while λ rose ${fmt(window[0].lambda)} → ${fmt(last.lambda)}, and ${why}. λ will keep growing and the cost term will swamp the reward; raise the limit.`,
      };
    }
  }
  return { status: 'ok', message: '' };
}

/**
 * Follows a run row by row: the verdict after each row, and the first warning (status and iteration). A warning
 * holds until the evidence turns (hysteresis, so PID noise in λ does not make it flicker): infeasible until J_C
 * first reaches the limit or the limit changes, slack until λ leaves 0, J_C reaches the limit or the limit changes.
 */
export class FeasibilityTracker {
  private readonly rows: FeasibilityPoint[] = [];
  status: Feasibility = 'ok';
  message = '';
  firstWarning: { status: Exclude<Feasibility, 'ok'>; iteration: number } | null = null;
  private warnedLimit = NaN;

  constructor(
    private readonly from: number,
    private readonly floor?: number,
  ) {}

  /** Adds a row; returns the verdict's message when the status just changed to a warning, else null. */
  push(row: FeasibilityPoint): string | null {
    this.rows.push(row);
    if (this.rows.length > INFEASIBLE_ITERATIONS) this.rows.shift();
    let verdict = feasibilityAt(this.rows, this.from, this.floor);
    const sameLimit = row.threshold === this.warnedLimit;
    const holds =
      (this.status === 'infeasible' && sameLimit && row.episodeCost > row.threshold) ||
      (this.status === 'slack' && sameLimit && row.lambda === 0 && row.episodeCost < row.threshold);
    if (verdict.status === 'ok' && holds) verdict = { status: this.status, message: this.message };
    const changed = verdict.status !== this.status;
    this.status = verdict.status;
    this.message = verdict.message;
    if (changed && verdict.status !== 'ok') {
      this.warnedLimit = row.threshold;
      this.firstWarning ??= { status: verdict.status, iteration: row.iteration };
      return verdict.message;
    }
    return null;
  }
}
