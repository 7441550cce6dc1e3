import { formatNumber } from '../../charts/scales';
import type { PhaseOutput } from '../../train/ppo/types';

type LambdaOutput = Extract<PhaseOutput, { phase: 'lambda' }>;

export interface LambdaStepText {
  /** The rule in symbols. */
  formula: string;
  /** The same with this step's numbers substituted, ending in the new λ. Null when the rule did not run. */
  substituted: string | null;
  /** True when λ_max cut the step. */
  capped: boolean;
}

/**
 * The λ step that ran, in symbols and with its numbers (ALGORITHM.md §5), for the 'log-lambda' rule:
 *   log λ ← min(log λ + lr·λ·(J_C − threshold), log λ_max)
 * The substituted line recomputes from the recorded inputs and shows the engine's result, so a mismatch would show.
 */
export function lambdaStepText(output: LambdaOutput): LambdaStepText {
  const f = formatNumber;
  const formula = 'log λ ← min(log λ + lr·λ·(J_C − threshold), log λ_max)';
  if (!output.updated) return { formula, substituted: null, capped: false };
  const { before, after, episodeCost, threshold, lambdaLr, lambdaMax } = output;
  const gap = episodeCost - threshold;
  const logStep = lambdaLr * before * gap;
  const capped = before * Math.exp(logStep) > lambdaMax;
  const substituted =
    `log λ ← min(log(${f(before)}) + ${f(lambdaLr)}·${f(before)}·(${f(episodeCost)} − (${f(threshold)})), log(${f(lambdaMax)}))` +
    ` = min(${f(Math.log(before))} + (${f(logStep)}), ${f(Math.log(lambdaMax))}) = ${f(Math.log(after))}` +
    `  ⇒  λ = ${f(after)}${capped ? ' (capped at λ_max)' : ''}`;
  return { formula, substituted, capped };
}
