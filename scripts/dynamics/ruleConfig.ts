import { LAMBDA_RULE_MODULES } from '../../src/rl/lambdaRules/registry';

/**
 * The dynamics report runs each rule with its module's measured defaults (src/rl/lambdaRules, docs/rules.md): the
 * same numbers the app applies when a user switches rules.
 */
export { withLambdaRule } from '../../src/rl/lambdaRules/registry';

/** The λ learning rate the additive rule runs with (its module's default, 0.02; why: additive.ts, docs/rules.md). */
export const ADDITIVE_LAMBDA_LR = LAMBDA_RULE_MODULES.additive.defaults.lambdaLr!;
