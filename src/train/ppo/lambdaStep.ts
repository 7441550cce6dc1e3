import type { LambdaRule } from '../../config/params';
import { LAMBDA_RULE_MODULES, type LambdaRuleConfig, type LambdaTerm } from '../../rl';

/** What the λ rule in force carries between steps besides λ itself (PID: I, P, D_c history). */
export interface LambdaRuleState {
  /** The rule the state belongs to; null before any rule ran. */
  rule: LambdaRule | null;
  data: unknown;
}

export const NO_RULE_STATE: LambdaRuleState = { rule: null, data: null };

/**
 * One λ step with the configured rule (config.lambdaRule, live), through the rule registry (src/rl/lambdaRules).
 * λ is kept as log λ so the upstream rule runs exactly as before; the other rules step on λ = exp(log λ) (λ = 0 is
 * log λ = −∞). Switching rules mid-run starts the new rule's state at the current λ (PID: I = λ), so λ continues
 * smoothly; the old rule's state is dropped.
 */
export function stepLambda(
  config: LambdaRuleConfig & { lambdaRule: LambdaRule },
  logLambda: number,
  state: LambdaRuleState,
  meanEpisodeCost: number,
): { logLambda: number; state: LambdaRuleState; terms: LambdaTerm[] } {
  const rule = LAMBDA_RULE_MODULES[config.lambdaRule];
  const data = state.rule === config.lambdaRule ? state.data : rule.initialState(Math.exp(logLambda));
  const next = rule.step(config, logLambda, data, meanEpisodeCost);
  return { logLambda: next.logLambda, state: { rule: config.lambdaRule, data: next.state }, terms: next.terms };
}
