import type { ExperimentConfig } from '../../config/params';
import type { MetricTable } from '../../metrics/metricTable';
import { LAMBDA_RULE_MODULES } from '../../rl/lambdaRules/registry';
import { sig, type LambdaStepExplanation, type LambdaStepRecord } from '../../rl/lambdaRules/rule';
import type { PhaseOutput } from '../../train/ppo/types';
import { algorithmModule } from '../../rl/algorithms/registry';
import { memberColumn } from '../../util/groupRows';

export { term } from '../../rl/lambdaRules/rule';

type LambdaOutput = Extract<PhaseOutput, { phase: 'lambda' }>;

/**
 * A λ step explained with the numbers it used (from the rule's module), or why it cannot be. `seed`: in a seed group,
 * the member whose step it is.
 */
export type ExplainedLambdaStep = { iteration: number; seed?: number } & (
  | { record: LambdaStepRecord; explanation: LambdaStepExplanation }
  | { mismatch: string }
);

/** The rule in force, in symbols (the phase strip's "what"). */
export function ruleFormula(rule: ExperimentConfig['lambdaRule']): string {
  return LAMBDA_RULE_MODULES[rule].formula;
}

/**
 * The λ step of the latest recorded iteration, with every number it used (in a seed group, seed `seed`'s, from its
 * own columns). The rules that carry state (PID: I, P, D_c) are replayed over the recorded J_C and threshold columns
 * from λ initial with the config's gains; the explanation is shown only when the replay reproduces the recorded λ
 * (1e-9 relative), otherwise it says why (a gain or the rule changed mid-run). null before the first row, or when
 * that iteration was within the λ update delay or the run has no learned λ.
 */
export function lastLambdaStep(config: ExperimentConfig, table: MetricTable | undefined, seed?: number): ExplainedLambdaStep | null {
  if (!table || table.length === 0 || !algorithmModule(config.algorithm).learnsLambda) return null;
  // A seed group's rows hold means; each seed has its own λ, so the step replayed is one seed's (its own columns).
  const column = (name: string) => table.column(seed === undefined ? name : memberColumn(name, seed));
  const iterations = table.column('iteration');
  const lambdas = column('lambda');
  const costs = column('episodeCost');
  const thresholds = column('threshold');
  const at = table.length - 1;
  const iteration = iterations[at];
  if (!(iteration >= config.lambdaUpdateDelay)) return null;
  const rule = LAMBDA_RULE_MODULES[config.lambdaRule];
  let state = rule.initialState(config.lambdaInit);
  let record: LambdaStepRecord | null = null;
  for (let i = 0; i <= at; i++) {
    if (!(iterations[i] >= config.lambdaUpdateDelay)) continue;
    const before = i > 0 ? lambdas[i - 1] : config.lambdaInit;
    if (![before, costs[i], thresholds[i]].every(Number.isFinite)) return null;
    const settings = { ...config, threshold: thresholds[i] };
    const out = rule.step(settings, Math.log(before), state, costs[i]);
    state = out.state;
    if (i === at) {
      record = { before, after: Math.exp(out.logLambda), episodeCost: costs[i], threshold: thresholds[i], lambdaMax: config.lambdaMax, terms: out.terms };
    }
  }
  if (!record) return null;
  const recorded = lambdas[at];
  if (!(Math.abs(record.after - recorded) <= 1e-9 * Math.max(1, Math.abs(recorded)))) {
    return {
      iteration,
      seed,
      mismatch:
        `Replaying the ${config.lambdaRule} rule over the recorded J_C with today’s settings gives λ = ${sig(record.after)}, ` +
        `not the recorded ${sig(recorded)} (a setting of the rule changed during the run), so the step is not spelled out here; ` +
        'step phase by phase to see each step with the numbers the engine used.',
    };
  }
  return { iteration, seed, record: { ...record, after: recorded }, explanation: rule.explain({ ...record, after: recorded }) };
}

/** A λ phase output (step by phase) explained by its rule's module; null when the rule did not run or left no terms. */
export function phaseLambdaStep(output: LambdaOutput): ExplainedLambdaStep | null {
  if (!output.updated || !output.terms || !Object.hasOwn(LAMBDA_RULE_MODULES, output.rule)) return null;
  const rule = LAMBDA_RULE_MODULES[output.rule as ExperimentConfig['lambdaRule']];
  const record = { ...output, terms: output.terms };
  return { iteration: output.iteration, seed: output.seed, record, explanation: rule.explain(record) };
}

/**
 * The step "What is happening" explains: the λ phase just stepped (phase by phase, before its iteration's row
 * lands) when there is one, else the latest recorded iteration's.
 */
export function currentLambdaStep(
  config: ExperimentConfig,
  table: MetricTable | undefined,
  phaseOutput: PhaseOutput | null | undefined,
  seed?: number,
): ExplainedLambdaStep | null {
  const lastRow = table?.last('iteration');
  if (phaseOutput?.phase === 'lambda' && (lastRow === undefined || phaseOutput.iteration > lastRow)) {
    return phaseLambdaStep(phaseOutput);
  }
  return lastLambdaStep(config, table, seed);
}
