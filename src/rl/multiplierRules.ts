/**
 * Update rules for the Lagrange multiplier λ besides upstream's (lagrange.ts, `lagrangeUpdate`), docs/dynamics.md.
 * Notation: J = J_C, the mean of the episode-cost window; d = threshold; e = J − d (the constraint violation).
 * Pure functions: state in, state out; the caller skips them before `lambdaUpdateDelay` iterations.
 */

/**
 * additive: projected gradient ascent on λ itself (OmniSafe's `Lagrange` with the learning rate on λ):
 *   λ ← clip(λ + lr·e, 0, λ_max)
 * Unlike upstream's step on log λ (∝ λ), the step does not shrink with λ, so λ can come back from 0.
 */
export function additiveLambdaUpdate({
  lambda,
  lr,
  meanEpisodeCost,
  threshold,
  lambdaMax,
}: {
  lambda: number;
  lr: number;
  meanEpisodeCost: number;
  threshold: number;
  lambdaMax: number;
}): number {
  return Math.min(Math.max(0, lambda + lr * (meanEpisodeCost - threshold)), lambdaMax);
}

/** State of the PID Lagrangian between steps. */
export interface PidState {
  /** I: the integral term (starts at λ_init). */
  integral: number;
  /** P: exponential moving average of e (starts at 0). */
  proportional: number;
  /** D_c: exponential moving average of J; null before the first step (then it starts at the first J). */
  costAverage: number | null;
  /** The last `delay` values of D_c, oldest first (D compares against the oldest). */
  costHistory: number[];
}

export function initialPidState(lambdaInit: number): PidState {
  return { integral: lambdaInit, proportional: 0, costAverage: null, costHistory: [] };
}

export interface PidGains {
  kp: number;
  ki: number;
  kd: number;
  /** EMA factor of P (0 = no smoothing). */
  alphaP: number;
  /** EMA factor of D_c (0 = no smoothing). */
  alphaD: number;
  /** D looks this many steps back (≥ 1). */
  delay: number;
}

/**
 * pid: the PID Lagrangian (Stooke, Achiam & Abbeel 2020, arXiv 2007.03964; OmniSafe `PIDLagrangian`):
 *   I ← max(0, I + K_i·e);  P ← α_p·P + (1−α_p)·e;  D_c ← α_d·D_c + (1−α_d)·J;
 *   D ← max(0, D_c − D_c[k − delay]);  λ ← min(max(0, K_p·P + I + K_d·D), λ_max)
 * The integral term alone is the additive rule; P reacts to the current violation and D to a rising cost, which
 * damps the overshoot and oscillation of plain Lagrangian methods. D_c starts at the first J (OmniSafe starts at 0,
 * which on this cost scale would fake a derivative kick); D is 0 until `delay` steps of history exist.
 */
export function pidLambdaUpdate(
  state: PidState,
  { meanEpisodeCost, threshold, lambdaMax, gains }: { meanEpisodeCost: number; threshold: number; lambdaMax: number; gains: PidGains },
): { lambda: number; state: PidState } {
  const error = meanEpisodeCost - threshold;
  const integral = Math.max(0, state.integral + gains.ki * error);
  const proportional = gains.alphaP * state.proportional + (1 - gains.alphaP) * error;
  const costAverage =
    state.costAverage === null ? meanEpisodeCost : gains.alphaD * state.costAverage + (1 - gains.alphaD) * meanEpisodeCost;
  const delay = Math.max(1, Math.round(gains.delay));
  const derivative = state.costHistory.length >= delay ? Math.max(0, costAverage - state.costHistory[0]) : 0;
  const costHistory = [...state.costHistory, costAverage].slice(-delay);
  const lambda = Math.min(Math.max(0, gains.kp * proportional + integral + gains.kd * derivative), lambdaMax);
  return { lambda, state: { integral, proportional, costAverage, costHistory } };
}
