import { formatNumber } from '../../charts/scales';
import { findLambdaRule } from '../../rl/lambdaRules/registry';
import { sig } from '../../rl/lambdaRules/rule';
import type { PhaseOutput } from '../../train/ppo/types';

type LambdaOutput = Extract<PhaseOutput, { phase: 'lambda' }>;

export interface LambdaStepText {
  /** The rule that ran, in symbols. */
  formula: string;
  /** The same with this step's numbers substituted, ending in the new λ; null when the rule did not run. */
  substituted: string | null;
  /** Which way λ went and why, true for the rule (from its module). */
  sentence: string | null;
  /** True when λ_max (or the floor at 0) cut the step. */
  capped: boolean;
  /** Set when the recorded numbers do not reproduce the engine's λ under this formula (then no substitution is shown). */
  mismatch?: string;
}

/**
 * The λ step that ran, in symbols and with its numbers, from the rule's own module (src/rl/lambdaRules). The
 * engine records every number the rule used and produced (its gains, PID's P, I and D); the module substitutes
 * them, and the new λ must follow from them: if it does not (an old record without them, a rule this build does not
 * know), the numbers are not dressed up as that formula.
 */
export function lambdaStepText(output: LambdaOutput): LambdaStepText {
  const rule = findLambdaRule(output.rule);
  const formula = rule?.formula ?? `the “${output.rule}” rule`;
  if (!output.updated) return { formula, substituted: null, sentence: null, capped: false };
  if (!rule || !output.terms) {
    return {
      formula,
      substituted: null,
      sentence: null,
      capped: false,
      mismatch: `The step’s own numbers were not recorded, so only its result is shown: J_C = ${formatNumber(output.episodeCost, 4)}, threshold = ${formatNumber(output.threshold, 4)} ⇒ λ = ${sig(output.after)}.`,
    };
  }
  const record = { ...output, terms: output.terms };
  const reproduced = rule.reproduce(record);
  if (!(Math.abs(reproduced - output.after) <= 1e-6 * Math.max(1, Math.abs(output.after)))) {
    return {
      formula,
      substituted: null,
      sentence: null,
      capped: false,
      mismatch: `The recorded numbers give λ = ${sig(reproduced)} under ${formula}, not the engine’s ${sig(output.after)}; the substitution is not shown.`,
    };
  }
  const explained = rule.explain(record);
  return { formula, substituted: explained.substituted, sentence: explained.sentence, capped: explained.clipped };
}
