import type { ExperimentConfig, LambdaRule } from '../../config/params';
import { additiveRule } from './additive';
import { pidRule } from './pid';
import type { LambdaRuleModule } from './rule';
import { upstreamRule } from './upstream';

/**
 * Every λ rule, by its id (config.lambdaRule). The engine's λ step, the explanations, the phase panel, the
 * align-anything export and the dynamics report read rules only from here. Adding a rule: its module (see pid.ts),
 * one line here, its id (and any new settings) in src/config/params.ts. docs/rules.md.
 */
export const LAMBDA_RULE_MODULES: { readonly [R in LambdaRule]: LambdaRuleModule } = {
  upstream: upstreamRule as LambdaRuleModule,
  additive: additiveRule as LambdaRuleModule,
  pid: pidRule as LambdaRuleModule,
};

/** The module of `rule`, undefined for an id no module has (a newer record, a hand-edited file). */
export function findLambdaRule(rule: string | undefined): LambdaRuleModule | undefined {
  return rule !== undefined && Object.hasOwn(LAMBDA_RULE_MODULES, rule) ? LAMBDA_RULE_MODULES[rule as LambdaRule] : undefined;
}

/**
 * `config` switched to `rule` with that rule's measured defaults (its module's `defaults`, e.g. additive at λ lr
 * 0.02): what the app applies when the user picks a rule, and what the dynamics report runs each rule with.
 */
export function withLambdaRule(config: ExperimentConfig, rule: LambdaRule): ExperimentConfig {
  return { ...config, ...LAMBDA_RULE_MODULES[rule].defaults, lambdaRule: rule };
}

/** The settings of `config` that differ from `rule`'s defaults (what the panel marks as changed from them). */
export function differsFromRuleDefaults(config: ExperimentConfig, rule: LambdaRule): (keyof ExperimentConfig)[] {
  const defaults = LAMBDA_RULE_MODULES[rule].defaults;
  return (Object.keys(defaults) as (keyof ExperimentConfig)[]).filter((key) => config[key] !== defaults[key]);
}
