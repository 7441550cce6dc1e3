import { formatNumber } from '../../charts/scales';

export interface LambdaStepInput {
  lambda: number;
  episodeCost: number;
  threshold: number;
  lambdaLr: number;
  lambdaMax: number;
}

export interface LambdaStep {
  /** J_C − threshold. */
  gap: number;
  /** lr·λ·(J_C − threshold): the change of log λ. */
  logStep: number;
  /** min(λ·exp(logStep), λ_max). */
  nextLambda: number;
  capped: boolean;
  sentence: string;
}

/**
 * The next λ step in words with the live numbers substituted (ALGORITHM.md §5):
 *   log λ ← log λ + lr·λ·(J_C − threshold),  then  log λ ← min(log λ, log λ_max)
 */
export function explainLambdaStep({ lambda, episodeCost, threshold, lambdaLr, lambdaMax }: LambdaStepInput): LambdaStep {
  const gap = episodeCost - threshold;
  const logStep = lambdaLr * lambda * gap;
  const uncapped = lambda * Math.exp(logStep);
  const nextLambda = Math.min(uncapped, lambdaMax);
  const capped = uncapped > lambdaMax;
  const f = formatNumber;
  const relation = gap > 0 ? '>' : gap < 0 ? '<' : '=';
  const verb = gap > 0 ? 'grows' : gap < 0 ? 'shrinks' : 'stays';
  const sentence =
    `J_C = ${f(episodeCost)} ${relation} threshold ${f(threshold)} ⇒ log λ ${verb} by lr·λ·(J_C − threshold) = ` +
    `${f(lambdaLr)}·${f(lambda)}·${f(gap)} = ${f(logStep)}, so λ goes from ${f(lambda)} to ${f(nextLambda)}` +
    (capped ? ` (capped at λ_max = ${f(lambdaMax)}).` : '.');
  return { gap, logStep, nextLambda, capped, sentence };
}

/**
 * The next step of the additive rule in words: λ ← clip(λ + lr·(J_C − threshold), 0, λ_max).
 */
export function explainAdditiveStep({ lambda, episodeCost, threshold, lambdaLr, lambdaMax }: LambdaStepInput): LambdaStep {
  const gap = episodeCost - threshold;
  const step = lambdaLr * gap;
  const nextLambda = Math.min(Math.max(0, lambda + step), lambdaMax);
  const capped = lambda + step > lambdaMax;
  const f = formatNumber;
  const relation = gap > 0 ? '>' : gap < 0 ? '<' : '=';
  const sentence =
    `J_C = ${f(episodeCost)} ${relation} threshold ${f(threshold)} ⇒ λ moves by lr·(J_C − threshold) = ` +
    `${f(lambdaLr)}·${f(gap)} = ${f(step)}, so λ goes from ${f(lambda)} to ${f(nextLambda)}` +
    (capped ? ` (capped at λ_max = ${f(lambdaMax)}).` : nextLambda === 0 && lambda + step < 0 ? ' (floored at 0).' : '.');
  return { gap, logStep: NaN, nextLambda, capped, sentence };
}

/** The PID rule's live input in words (its I, P, D terms live in the engine; the sentence names what they do). */
export function explainPidInput({ episodeCost, threshold, ki }: { episodeCost: number; threshold: number; ki: number }): string {
  const f = formatNumber;
  const gap = episodeCost - threshold;
  return (
    `J_C = ${f(episodeCost)}, threshold ${f(threshold)} ⇒ e = ${f(gap)}: the integral I ${gap >= 0 ? 'grows' : 'shrinks'} by ` +
    `K_i·e = ${f(ki * gap)} (never below 0), P moves toward e, and D adds to λ only while the smoothed cost rises.`
  );
}
