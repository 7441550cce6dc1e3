/**
 * The Safe RLHF / Safe RLHF-V algorithm, as pure functions (docs/algorithm.md). TensorFlow.js tensors in and out unless
 * said otherwise; no state, no randomness. Shared by the browser worker, Node tests and the headless runner.
 */
export { rewardModelLoss, costModelLoss } from './scoreLosses';
export { shapeRewards } from './shaping';
export { gae } from './gae';
export { mixAdvantages, actorLoss, criticLoss, clipFraction, approxKl } from './ppoLosses';
export { lagrangeUpdate, lambdaUpdateDue, EpisodeCostWindow } from './lagrange';
export { additiveLambdaUpdate } from './lambdaRules/additive';
export { pidLambdaUpdate, pidLambdaStep, initialPidState, type PidState, type PidGains } from './lambdaRules/pid';
export { LAMBDA_RULE_MODULES, findLambdaRule, withLambdaRule, differsFromRuleDefaults } from './lambdaRules/registry';
export type { LambdaRuleModule, LambdaStepRecord, LambdaTerm, LambdaRuleConfig } from './lambdaRules/rule';
export { ALGORITHM_MODULES, algorithmModule } from './algorithms/registry';
export type { AlgorithmModule, AlgorithmConfig } from './algorithms/algorithm';
export { truncationAdjusted } from './truncation';
export { maskedMean, lastMaskIndex, endOneHot } from './masks';
