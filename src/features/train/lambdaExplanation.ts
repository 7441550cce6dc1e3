import { formatNumber } from '../../charts/scales';
import type { ExperimentConfig } from '../../config/params';
import type { MetricTable } from '../../metrics/metricTable';
import { lagrangeUpdate } from '../../rl/lagrange';

export interface LambdaStepInput {
  /** λ before the step. */
  lambda: number;
  /** J_C the step uses: the episode-cost window mean including that iteration's rollout. */
  episodeCost: number;
  threshold: number;
  lambdaLr: number;
  lambdaMax: number;
}

export interface LambdaStep {
  /** J_C − threshold. */
  gap: number;
  /** The uncapped change of log λ the rule makes (upstream: lr·λ·(J_C − threshold)). */
  logStep: number;
  /** λ after the step, from the rule function itself (src/rl/lagrange.ts), cap included. */
  nextLambda: number;
  capped: boolean;
  /** The rule as a formula, e.g. "log λ ← log λ + lr·λ·(J_C − threshold)". */
  rule: string;
  /** The rule's change of log λ with the numbers substituted, every factor in parentheses where it needs them. */
  substituted: string;
  sentence: string;
}

/**
 * A number for substitution into a formula (4 significant digits, like the readouts): negatives in parentheses, so
 * "0.1 − (−0.5)" reads unambiguously.
 */
export function term(value: number): string {
  const text = formatNumber(value, 4).replace(/^-/, '−');
  return value < 0 ? `(${text})` : text;
}

/** The multiplier rule in force and its formula. Today: upstream's closed-form SGD step on log λ (docs/algorithm.md §5). */
export const LAMBDA_RULE = {
  formula: 'log λ ← log λ + lr·λ·(J_C − threshold), capped at log λ_max',
  /** The change of log λ with the numbers substituted; `episodeCost` is a number or the symbol J_C. */
  delta: (x: Pick<LambdaStepInput, 'lambdaLr' | 'lambda' | 'threshold'>, episodeCost: string) =>
    `${term(x.lambdaLr)} · ${term(x.lambda)} · (${episodeCost} − ${term(x.threshold)})`,
  /** λ after one step, computed by the rule function the engine calls. */
  next: (x: LambdaStepInput, capped: boolean) =>
    Math.exp(
      lagrangeUpdate({
        logLambda: Math.log(x.lambda),
        lr: x.lambdaLr,
        meanEpisodeCost: x.episodeCost,
        threshold: x.threshold,
        lambdaMax: capped ? x.lambdaMax : undefined,
      }),
    ),
} as const;

/**
 * One λ step in words with the numbers it uses substituted. λ after the step comes from the engine's own rule
 * function (lagrangeUpdate), so the sentence and the recorded λ agree:
 *   log λ ← log λ + lr·λ·(J_C − threshold),  then  log λ ← min(log λ, log λ_max)
 */
export function explainLambdaStep(input: LambdaStepInput): LambdaStep {
  const { lambda, episodeCost, threshold, lambdaMax } = input;
  const gap = episodeCost - threshold;
  const uncapped = LAMBDA_RULE.next(input, false);
  const nextLambda = LAMBDA_RULE.next(input, true);
  const logStep = Math.log(uncapped) - Math.log(lambda);
  const capped = uncapped > lambdaMax;
  const f = (value: number) => formatNumber(value, 4);
  const relation = gap > 0 ? '>' : gap < 0 ? '<' : '=';
  const verb = gap > 0 ? 'grows' : gap < 0 ? 'shrinks' : 'stays';
  const substituted = `${LAMBDA_RULE.delta(input, term(episodeCost))} = ${term(logStep)}`;
  const sentence =
    `J_C = ${term(episodeCost)} ${relation} threshold ${term(threshold)} ⇒ log λ ${verb} by lr·λ·(J_C − threshold) = ` +
    `${substituted}, so λ goes from ${f(lambda)} to ${f(nextLambda)}` +
    (capped ? ` (capped at λ_max = ${f(lambdaMax)}).` : '.');
  return { gap, logStep, nextLambda, capped, rule: LAMBDA_RULE.formula, substituted, sentence };
}

/**
 * The λ step of the latest recorded iteration, with the numbers it actually used: λ before it (the previous row's
 * λ, or λ initial), that iteration's J_C (the window mean including its own rollout) and its recorded threshold.
 * null before the first row, or when that iteration was within the λ update delay.
 */
export function lastLambdaStep(config: ExperimentConfig, table: MetricTable | undefined): { iteration: number; step: LambdaStep } | null {
  if (!table || table.length === 0 || config.algorithm !== 'ppo-lag') return null;
  const at = table.length - 1;
  const iteration = table.column('iteration')[at];
  const episodeCost = table.column('episodeCost')[at];
  const threshold = table.column('threshold')[at];
  const before = at > 0 ? table.column('lambda')[at - 1] : config.lambdaInit;
  if (!(iteration >= config.lambdaUpdateDelay) || ![episodeCost, threshold, before].every(Number.isFinite)) return null;
  const input = { lambda: before, episodeCost, threshold, lambdaLr: config.lambdaLr, lambdaMax: config.lambdaMax };
  // The PID rule's step depends on its internal state (I, P, D_c history), which the table does not hold.
  if (config.lambdaRule === 'pid') return null;
  return { iteration, step: config.lambdaRule === 'additive' ? explainAdditiveStep(input) : explainLambdaStep(input) };
}

const ADDITIVE_FORMULA = 'λ ← clip(λ + lr·(J_C − threshold), 0, λ_max)';
const PID_FORMULA = 'λ ← clip(K_p·P + I + K_d·D, 0, λ_max), I ← max(0, I + K_i·(J_C − threshold))';

/** The formula of the rule the config selects, for the "next step" sentence. */
export function ruleFormula(rule: ExperimentConfig['lambdaRule']): string {
  return rule === 'additive' ? ADDITIVE_FORMULA : rule === 'pid' ? PID_FORMULA : LAMBDA_RULE.formula;
}

/**
 * The next step of the additive rule in words: λ ← clip(λ + lr·(J_C − threshold), 0, λ_max).
 */
export function explainAdditiveStep({ lambda, episodeCost, threshold, lambdaLr, lambdaMax }: LambdaStepInput): LambdaStep {
  const gap = episodeCost - threshold;
  const step = lambdaLr * gap;
  const nextLambda = Math.min(Math.max(0, lambda + step), lambdaMax);
  const capped = lambda + step > lambdaMax;
  const f = (value: number) => formatNumber(value, 4);
  const relation = gap > 0 ? '>' : gap < 0 ? '<' : '=';
  const substituted = `${term(lambdaLr)} · (${term(episodeCost)} − ${term(threshold)}) = ${term(step)}`;
  const sentence =
    `J_C = ${term(episodeCost)} ${relation} threshold ${term(threshold)} ⇒ λ moves by lr·(J_C − threshold) = ` +
    `${substituted}, so λ goes from ${f(lambda)} to ${f(nextLambda)}` +
    (capped ? ` (capped at λ_max = ${f(lambdaMax)}).` : nextLambda === 0 && lambda + step < 0 ? ' (floored at 0).' : '.');
  return { gap, logStep: NaN, nextLambda, capped, rule: ADDITIVE_FORMULA, substituted, sentence };
}

/** The PID rule's live input in words (its I, P, D terms live in the engine; the sentence names what they do). */
export function explainPidInput({ episodeCost, threshold, ki }: { episodeCost: number; threshold: number; ki: number }): string {
  const gap = episodeCost - threshold;
  return (
    `J_C = ${term(episodeCost)}, threshold ${term(threshold)} ⇒ e = ${term(gap)}: the integral I ${gap >= 0 ? 'grows' : 'shrinks'} by ` +
    `K_i·e = ${term(ki * gap)} (never below 0), P moves toward e, and D adds to λ only while the smoothed cost rises.`
  );
}
