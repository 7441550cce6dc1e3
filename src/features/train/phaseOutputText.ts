import { formatNumber } from '../../charts/scales';
import type { PhaseOutput } from '../../train/ppo/types';

type LambdaOutput = Extract<PhaseOutput, { phase: 'lambda' }>;

export interface LambdaStepText {
  /** The rule that ran, in symbols. */
  formula: string;
  /** The same with this step's numbers substituted, ending in the new λ; null when the rule did not run. */
  substituted: string | null;
  /** True when λ_max (or the floor at 0) cut the step. */
  capped: boolean;
  /** Set when the recorded numbers do not reproduce the engine's λ under this formula (then no substitution is shown). */
  mismatch?: string;
}

const FORMULAS: Record<string, string> = {
  upstream: 'log λ ← min(log λ + lr·λ·(J_C − threshold), log λ_max)',
  additive: 'λ ← min(max(0, λ + lr·(J_C − threshold)), λ_max)',
  pid: 'λ ← min(max(0, K_p·P + I + K_d·D), λ_max), with I ← max(0, I + K_i·e), e = J_C − threshold',
};

/**
 * The λ step that ran, in symbols and with its numbers (docs/algorithm.md §5, docs/dynamics.md). The substituted line is
 * recomputed from the recorded inputs and must reproduce the engine's new λ; if it does not (a rule this text does
 * not know), the numbers are not dressed up as that formula.
 */
export function lambdaStepText(output: LambdaOutput): LambdaStepText {
  const f = formatNumber;
  const formula = FORMULAS[output.rule] ?? `the “${output.rule}” rule`;
  if (!output.updated) return { formula, substituted: null, capped: false };
  const { before, after, episodeCost, threshold, lambdaLr, lambdaMax } = output;
  const gap = episodeCost - threshold;
  const gapText = `(${f(episodeCost)} − (${f(threshold)}))`;
  const agrees = (expected: number) => Math.abs(expected - after) <= 1e-6 * Math.max(1, Math.abs(after));
  const unknown = { formula, substituted: null, capped: false, mismatch: `The recorded J_C, threshold and lr do not reproduce λ = ${f(after)} under ${formula}.` };
  switch (output.rule) {
    case 'upstream': {
      const logStep = lambdaLr * before * gap;
      const capped = before * Math.exp(logStep) > lambdaMax;
      if (!agrees(Math.min(before * Math.exp(logStep), lambdaMax))) return unknown;
      const substituted =
        `log λ ← min(log(${f(before)}) + ${f(lambdaLr)}·${f(before)}·${gapText}, log(${f(lambdaMax)}))` +
        ` = min(${f(Math.log(before))} + (${f(logStep)}), ${f(Math.log(lambdaMax))}) = ${f(Math.log(after))}` +
        `  ⇒  λ = ${f(after)}${capped ? ' (capped at λ_max)' : ''}`;
      return { formula, substituted, capped };
    }
    case 'additive': {
      const raw = before + lambdaLr * gap;
      if (!agrees(Math.min(Math.max(0, raw), lambdaMax))) return unknown;
      const capped = raw > lambdaMax || raw < 0;
      const substituted =
        `λ ← min(max(0, ${f(before)} + ${f(lambdaLr)}·${gapText}), ${f(lambdaMax)}) = min(max(0, ${f(raw)}), ${f(lambdaMax)})` +
        `  ⇒  λ = ${f(after)}${raw > lambdaMax ? ' (capped at λ_max)' : raw < 0 ? ' (floored at 0)' : ''}`;
      return { formula, substituted, capped };
    }
    case 'pid': {
      // P, I and D are the controller's internal state; the step shows its input e and the gain on it.
      const ki = output.pidGains?.ki;
      const substituted =
        `e = ${gapText} = ${f(gap)}` +
        (ki !== undefined && Number.isFinite(ki) ? `; I moves by K_i·e = ${f(ki)}·${f(gap)} = ${f(ki * gap)} (never below 0)` : '') +
        `  ⇒  λ = ${f(after)}${after >= lambdaMax ? ' (capped at λ_max)' : ''}`;
      return { formula, substituted, capped: after >= lambdaMax };
    }
    default:
      return { formula, substituted: `J_C = ${f(episodeCost)}, threshold = ${f(threshold)}  ⇒  λ = ${f(after)}`, capped: false };
  }
}
