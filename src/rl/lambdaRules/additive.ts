import { comparison, sig, term, termValue, type LambdaRuleModule } from './rule';

/**
 * additive: projected gradient ascent on λ itself (OmniSafe's `Lagrange` with the learning rate on λ):
 *   λ ← clip(λ + lr·(J_C − d), 0, λ_max)
 * Unlike upstream's step on log λ (∝ λ), the step does not shrink with λ, so λ can come back from 0.
 */
export function additiveLambdaUpdate({
  lambda,
  lr,
  meanEpisodeCost,
  threshold,
  lambdaMax,
}: {
  lambda: number;
  lr: number;
  meanEpisodeCost: number;
  threshold: number;
  lambdaMax: number;
}): number {
  return Math.min(Math.max(0, lambda + lr * (meanEpisodeCost - threshold)), lambdaMax);
}

const FORMULA = 'λ ← clip(λ + lr·(J_C − threshold), 0, λ_max)';

export const additiveRule: LambdaRuleModule<null> = {
  id: 'additive',
  name: 'additive (gradient ascent on λ)',
  formula: FORMULA,
  settings: ['lambdaLr'],
  defaults: { lambdaLr: 0.02 },
  defaultsWhy:
    'λ lr 0.02: the config’s 0.1 is upstream’s rate for a step on log λ; as a step on λ itself it moves λ by 0.1 per ' +
    'unit of cost each iteration and swings ±1.3 around the limit. Of the rates measured (0.01–0.04), 0.02 keeps the ' +
    'cycle around the limit smallest; it still cycles (pure integral control, docs/dynamics.md).',
  initialState: () => null,
  step(config, logLambda, state, meanEpisodeCost) {
    const lambda = additiveLambdaUpdate({
      lambda: Math.exp(logLambda),
      lr: config.lambdaLr,
      meanEpisodeCost,
      threshold: config.threshold,
      lambdaMax: config.lambdaMax,
    });
    return {
      logLambda: Math.log(lambda),
      state,
      terms: [
        { symbol: 'lr', value: config.lambdaLr, meaning: 'λ learning rate' },
        { symbol: 'e', value: meanEpisodeCost - config.threshold, meaning: 'J_C − threshold' },
      ],
    };
  },
  explain({ before, after, episodeCost, threshold, lambdaMax, terms }) {
    const lr = termValue(terms, 'lr');
    const step = lr * (episodeCost - threshold);
    const raw = before + step;
    const clipped = raw > lambdaMax || raw < 0;
    const substituted =
      `λ ← clip(${term(before)} + ${term(lr)}·(${term(episodeCost)} − ${term(threshold)}), 0, ${term(lambdaMax)})` +
      ` = clip(${term(raw)}, 0, ${term(lambdaMax)})  ⇒  λ = ${sig(after)}` +
      (raw > lambdaMax ? ' (capped at λ_max)' : raw < 0 ? ' (floored at 0)' : '');
    const sentence =
      `${comparison(episodeCost, threshold)} ⇒ λ moves by lr·(J_C − threshold) = ${term(lr)}·${term(episodeCost - threshold)} = ` +
      `${term(step)}, so λ goes from ${sig(before)} to ${sig(after)}` +
      (raw > lambdaMax ? ` (capped at λ_max = ${sig(lambdaMax)}).` : raw < 0 ? ' (floored at 0).' : '.');
    return { substituted, sentence, clipped };
  },
  reproduce: ({ before, episodeCost, threshold, lambdaMax, terms }) =>
    Math.min(Math.max(0, before + termValue(terms, 'lr') * (episodeCost - threshold)), lambdaMax),
  describe: (config) =>
    `Additive rule (gradient ascent on λ): after every rollout, λ ← clip(λ + lr·(J_C − threshold), 0, λ_max) with ` +
    `lr = ${sig(config.lambdaLr)} and λ_max = ${sig(config.lambdaMax)}. The step does not depend on λ, so λ can climb ` +
    'back from 0 as soon as the cost exceeds the limit; being pure integral control it overshoots and cycles around the limit.',
  nextStep: (config) =>
    `Next step, after the next rollout: ${FORMULA}, i.e. Δλ = ${term(config.lambdaLr)}·(J_C − ${term(config.threshold)}): ` +
    `λ grows if J_C > ${term(config.threshold)} (until λ_max), shrinks if J_C < ${term(config.threshold)} (until 0).`,
  alignAnything: {
    rule: 'no counterpart: upstream only has the log-λ step (the playground’s upstream rule); the additive rule needs a patched trainer. Tune with lambdaRule=upstream before exporting.',
    settings: {},
  },
};
