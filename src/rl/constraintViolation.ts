/**
 * Constraint violation during training (issue 21), as safe-RL benchmarks report it (OmniSafe; Stooke et al. 2020):
 * not only where J_C ends, but how far and how long it was above the limit on the way. Pure functions over the
 * per-iteration metric rows; each iteration is measured against the limit in force at that iteration, so a limit
 * changed mid-run is judged by its own value from then on.
 *
 * Only iterations whose J_C is a mean over a full episode-cost window count: before the window first fills, J_C
 * is the mean of fewer responses (the SFT policy's first rollouts) and its excursions are sampling noise, not the
 * controller's doing.
 */

/** The part of a metric row these functions read. */
export interface CostPoint {
  iteration: number;
  /** J_C: the mean raw cost over the episode-cost window. */
  episodeCost: number;
  /** The cost limit d in force at this iteration. */
  threshold: number;
}

export interface ViolationSummary {
  /** max(0, max_i (J_C,i − d_i)): the largest overshoot above the limit; 0 when J_C never exceeded it. */
  maxOvershoot: number;
  /** #{i : J_C,i > d_i} / n: the share of counted iterations spent above the limit. */
  timeAboveLimit: number;
  /** Σ_i max(0, J_C,i − d_i): the violation summed over iterations (cost units × iterations). */
  cumulativeViolation: number;
  /** n: iterations counted (those from the first full window on). */
  counted: number;
}

/**
 * The first iteration whose J_C averages a full window: ⌈window / promptBatch⌉ − 1 (one response per prompt per
 * iteration, zero-based iterations). E.g. window 128, 32 prompts → iteration 3.
 */
export function costWindowFullFrom(episodeCostWindow: number, promptBatch: number): number {
  if (!(episodeCostWindow >= 1) || !(promptBatch >= 1)) throw new Error(`costWindowFullFrom: window ${episodeCostWindow} and prompt batch ${promptBatch} must be ≥ 1`);
  return Math.ceil(episodeCostWindow / promptBatch) - 1;
}

/** Violation of J_C ≤ d over the rows with iteration ≥ `from` (NaN for every figure when no row counts). */
export function constraintViolation(rows: readonly CostPoint[], from: number): ViolationSummary {
  let counted = 0;
  let above = 0;
  let cumulative = 0;
  let worst = 0;
  for (const row of rows) {
    if (row.iteration < from || !Number.isFinite(row.episodeCost) || !Number.isFinite(row.threshold)) continue;
    const excess = row.episodeCost - row.threshold;
    counted++;
    if (excess > 0) {
      above++;
      cumulative += excess;
      if (excess > worst) worst = excess;
    }
  }
  if (counted === 0) return { maxOvershoot: NaN, timeAboveLimit: NaN, cumulativeViolation: NaN, counted: 0 };
  return { maxOvershoot: worst, timeAboveLimit: above / counted, cumulativeViolation: cumulative, counted };
}

/**
 * The largest overshoot after iteration k, on `span`-iteration means (the loosening test of issue 21 uses 10):
 * max(0, max over runs of `span` consecutive rows with iteration ≥ k of mean(J_C,i − d_i)). Means, because a
 * single iteration's J_C carries the sampling noise of one rollout. NaN when fewer than `span` rows follow k.
 */
export function maxOvershootAfter(rows: readonly CostPoint[], k: number, span = 10): number {
  if (!Number.isInteger(span) || span < 1) throw new Error(`maxOvershootAfter: span must be a whole number ≥ 1, got ${span}`);
  const excess = rows.filter((row) => row.iteration >= k).map((row) => row.episodeCost - row.threshold);
  if (excess.length < span) return NaN;
  let sum = 0;
  for (let i = 0; i < span; i++) sum += excess[i];
  let worst = sum / span;
  for (let i = span; i < excess.length; i++) {
    sum += excess[i] - excess[i - span];
    worst = Math.max(worst, sum / span);
  }
  return Math.max(0, worst);
}
