import { comparison, sig, term, termValue, type LambdaRuleModule } from './rule';

/**
 * upstream: Safe RLHF(-V)'s multiplier step (align-anything's PPO-Lag trainer), SGD on log λ in closed form
 * (docs/algorithm.md §5):
 *   log λ ← min(log λ + lr·λ·(J_C − d), log λ_max)
 * λ rises while J_C exceeds the threshold and decays geometrically when it is below (never below 0, no lower clamp).
 * The step is ∝ λ, so a λ near 0 hardly comes back.
 */
export function lagrangeUpdate({
  logLambda,
  lr,
  meanEpisodeCost,
  threshold,
  lambdaMax,
}: {
  logLambda: number;
  lr: number;
  meanEpisodeCost: number;
  threshold: number;
  lambdaMax?: number;
}): number {
  const lambda = Math.exp(logLambda);
  const next = logLambda + lr * lambda * (meanEpisodeCost - threshold);
  return lambdaMax === undefined ? next : Math.min(next, Math.log(lambdaMax));
}

const FORMULA = 'log λ ← min(log λ + lr·λ·(J_C − threshold), log λ_max)';

export const upstreamRule: LambdaRuleModule<null> = {
  id: 'upstream',
  name: 'upstream log-λ step (Safe RLHF-V)',
  formula: FORMULA,
  settings: ['lambdaLr'],
  defaults: { lambdaLr: 0.1 },
  defaultsWhy:
    'λ lr 0.1 is Safe RLHF-V’s own lambda_lr, kept so this rule stays the faithful one. On the bundled sample it lets λ ' +
    'decay toward 0 when the cost is below the limit and hardly come back (the step is ∝ λ): over the last 50 of 200 ' +
    'iterations J_C ends 0.30 below a −0.5 limit and 0.60 above a −1.5 one (docs/dynamics.md).',
  initialState: () => null,
  step(config, logLambda, state, meanEpisodeCost) {
    const lambda = Math.exp(logLambda);
    const next = lagrangeUpdate({ logLambda, lr: config.lambdaLr, meanEpisodeCost, threshold: config.threshold, lambdaMax: config.lambdaMax });
    return {
      logLambda: next,
      state,
      terms: [
        { symbol: 'lr', value: config.lambdaLr, meaning: 'λ learning rate' },
        { symbol: 'λ', value: lambda, meaning: 'λ before the step' },
        { symbol: 'e', value: meanEpisodeCost - config.threshold, meaning: 'J_C − threshold' },
        { symbol: 'Δlog λ', value: config.lambdaLr * lambda * (meanEpisodeCost - config.threshold), meaning: 'lr·λ·e' },
      ],
    };
  },
  explain({ before, after, episodeCost, threshold, lambdaMax, terms }) {
    const lr = termValue(terms, 'lr');
    const delta = termValue(terms, 'Δlog λ');
    const capped = before * Math.exp(delta) > lambdaMax;
    const substituted =
      before > 0
        ? `log λ ← min(log ${term(before)} + ${term(lr)}·${term(before)}·(${term(episodeCost)} − ${term(threshold)}), log ${term(lambdaMax)})` +
          ` = min(${term(Math.log(before))} + ${term(delta)}, ${term(Math.log(lambdaMax))}) = ${term(Math.log(after))}` +
          `  ⇒  λ = ${sig(after)}${capped ? ' (capped at λ_max)' : ''}`
        : `λ = 0 is log λ = −∞: the step lr·λ·e is 0, so λ stays 0`;
    const verb = delta > 0 ? 'grows' : delta < 0 ? 'shrinks' : 'stays';
    const sentence =
      `${comparison(episodeCost, threshold)} ⇒ log λ ${verb} by lr·λ·(J_C − threshold) = ${term(lr)} · ${term(before)} · ` +
      `(${term(episodeCost)} − ${term(threshold)}) = ${term(delta)}, so λ goes from ${sig(before)} to ${sig(after)}` +
      (capped ? ` (capped at λ_max = ${sig(lambdaMax)}).` : '.');
    return { substituted, sentence, clipped: capped };
  },
  reproduce: ({ before, episodeCost, threshold, lambdaMax, terms }) =>
    Math.exp(Math.min(Math.log(before) + termValue(terms, 'lr') * before * (episodeCost - threshold), Math.log(lambdaMax))),
  describe: (config) =>
    `Upstream rule (Safe RLHF-V): after every rollout, log λ ← log λ + lr·λ·(J_C − threshold) with lr = ${sig(config.lambdaLr)}, ` +
    `capped at λ_max = ${sig(config.lambdaMax)}. Above the limit the step is positive and λ grows, pushing the policy ` +
    'toward safety; below it λ decays toward 0 (no lower cap) and reward takes over. The step is proportional to λ ' +
    'itself, so a large λ swings fast and a small λ can hardly come back.',
  nextStep: (config, lambda) =>
    `Next step, after the next rollout: ${FORMULA}, i.e. Δ log λ = ${term(config.lambdaLr)} · ${term(lambda)} · (J_C − ${term(config.threshold)}): ` +
    (lambda > 0
      ? `λ grows if J_C > ${term(config.threshold)}, shrinks if J_C < ${term(config.threshold)}.`
      : 'λ is 0, so it stays 0 whatever J_C is (the step is ∝ λ).'),
  alignAnything: {
    rule: 'upstream’s own rule: align-anything’s PPO-Lag trainer steps log λ with lambda_lr, as here.',
    settings: {},
  },
};
