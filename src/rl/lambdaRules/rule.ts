import type { ExperimentConfig, LambdaRule, ParamKey } from '../../config/params';

/**
 * What every λ rule module (upstream.ts, additive.ts, pid.ts) provides; registry.ts lists them. The engine, the
 * explanations, the phase panel, the align-anything export and the dynamics report read a rule only through this
 * interface, so a rule's maths and the words about it live in one file.
 * Notation: J = J_C, the mean of the episode-cost window; d = threshold; e = J − d (the constraint violation).
 */

/** The settings a λ step may read (all live). */
export type LambdaRuleConfig = Pick<
  ExperimentConfig,
  'threshold' | 'lambdaMax' | 'lambdaLr' | 'pidKp' | 'pidKi' | 'pidKd' | 'pidAlphaP' | 'pidAlphaD' | 'pidDelay' | 'pidAntiWindup'
>;

/** One number a step used or produced, under the symbol its explanation shows it with. */
export interface LambdaTerm {
  symbol: string;
  value: number;
  /** What it is, in a few words. */
  meaning: string;
}

/** A λ step as recorded: λ before and after, its input, and every number of the rule's own (gains, I, P, D…). */
export interface LambdaStepRecord {
  before: number;
  after: number;
  episodeCost: number;
  threshold: number;
  lambdaMax: number;
  /** In the order the explanation shows them; the substitution uses exactly these numbers. */
  terms: LambdaTerm[];
}

export interface LambdaStepOutcome<S> {
  logLambda: number;
  state: S;
  /** The numbers the step used and produced, for the explanation (LambdaStepRecord.terms). */
  terms: LambdaTerm[];
}

export interface LambdaStepExplanation {
  /** The rule's step with this step's numbers substituted, ending in the new λ. */
  substituted: string;
  /** Which way λ went and why, true for this rule (e.g. pid: P is a smoothed error, so λ can fall above the limit). */
  sentence: string;
  /** True when λ_max or the floor at 0 cut the step. */
  clipped: boolean;
}

export interface LambdaRuleModule<S = unknown> {
  id: LambdaRule;
  /** Short name for labels, e.g. "PID Lagrangian". */
  name: string;
  /** The update in symbols. */
  formula: string;
  /** The settings this rule reads besides the threshold and λ_max (the panel highlights them). */
  settings: readonly ParamKey[];
  /** Measured defaults the app applies when the user switches to this rule (and the dynamics report runs with). */
  defaults: Partial<ExperimentConfig>;
  /** Why these defaults, with the measurement behind them (shown in the panel after switching). */
  defaultsWhy: string;
  /** The rule's state when it starts (or is switched to mid-run) at multiplier `lambda`. */
  initialState(lambda: number): S;
  /** One step, pure: λ is carried as log λ (λ = 0 is log λ = −∞) so the upstream rule runs bit-for-bit as before. */
  step(config: LambdaRuleConfig, logLambda: number, state: S, meanEpisodeCost: number): LambdaStepOutcome<S>;
  /** The recorded step in words and numbers; recomputing from the shown numbers gives the recorded λ. */
  explain(step: LambdaStepRecord): LambdaStepExplanation;
  /** λ after the step recomputed from the numbers `explain` substitutes (a check that they add up). */
  reproduce(step: LambdaStepRecord): number;
  /** "What is happening": the rule in one paragraph, with the config's numbers. */
  describe(config: ExperimentConfig): string;
  /** The next step in words, with which way λ will move (truthfully for this rule). */
  nextStep(config: ExperimentConfig, lambda: number): string;
  /** The align-anything export's note for `lambdaRule`, and for each setting only this rule reads. */
  alignAnything: { rule: string; settings: Partial<Record<ParamKey, string>> };
}

/**
 * A number for substitution into a formula: `digits` significant digits (5 by default, so the new λ recomputed from
 * the shown numbers agrees to 3 significant digits even after a subtraction), '−' for minus, negatives in
 * parentheses so "0.1 − (−0.5)" reads unambiguously.
 */
export function term(value: number, digits = 5): string {
  const text = sig(value, digits);
  return value < 0 ? `(${text})` : text;
}

/** `value` to `digits` significant digits, no exponent for 1e-4 ≤ |x| < 1e6, '−' for minus. */
export function sig(value: number, digits = 5): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const text = abs >= 1e6 || abs < 1e-4 ? value.toExponential(digits - 1) : Number(value.toPrecision(digits)).toString();
  return text.replace(/^-/, '−');
}

/** The value of a term by symbol (NaN when absent). */
export function termValue(terms: readonly LambdaTerm[], symbol: string): number {
  return terms.find((t) => t.symbol === symbol)?.value ?? NaN;
}

/** "J_C = −0.4 > threshold (−0.5)": the comparison that drives every rule. */
export function comparison(episodeCost: number, threshold: number): string {
  const relation = episodeCost > threshold ? '>' : episodeCost < threshold ? '<' : '=';
  return `J_C = ${term(episodeCost)} ${relation} threshold ${term(threshold)}`;
}
