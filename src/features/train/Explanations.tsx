import { formatNumber } from '../../charts/scales';
import type { ExperimentConfig } from '../../config/params';
import type { MetricTable } from '../../metrics/metricTable';
import { LAMBDA_RULE, lastLambdaStep, term } from './lambdaExplanation';
import { KL_ESTIMATOR_NOTE } from './LiveReadouts';

interface ExplanationsProps {
  config: ExperimentConfig;
  table: MetricTable | undefined;
  iteration: number;
}

/** "What is happening": the constrained objective and the λ dynamics, with the run's live numbers. */
export function Explanations({ config, table, iteration }: ExplanationsProps) {
  const f = formatNumber;
  const lambda = table?.last('lambda') ?? (config.algorithm === 'ppo' ? 0 : config.lambdaInit);
  const beta = config.klCoeff;
  const rewardWeight = 1 / (1 + lambda);
  const costWeight = lambda / (1 + lambda);
  const last = lastLambdaStep(config, table);
  const nextHeld = iteration < config.lambdaUpdateDelay;

  return (
    <section className="panel explanations" data-hide-id="train-explanations" aria-labelledby="explain-heading" data-testid="train-explanations">
      <h2 id="explain-heading">What is happening</h2>
      <h3>The constrained objective</h3>
      <p>
        Safe RLHF trains helpfulness and harmlessness separately: a reward model R scores helpfulness, a cost model C
        scores harm (C &gt; 0 means unsafe). The policy maximises E[R] subject to J_C = E[C] ≤ threshold (here{' '}
        <strong>{f(config.threshold)}</strong>). It solves the Lagrangian min<sub>λ≥0</sub> max<sub>θ</sub> E[R] − λ·(J_C −
        threshold).
      </p>
      <h3>What λ does</h3>
      {config.algorithm === 'ppo' ? (
        <p>Plain PPO: λ ≡ 0, the cost is ignored and the policy maximises reward alone.</p>
      ) : (
        <p>
          Each token's advantage mixes the two streams: A = (A_r − λ·A_c)/(1 + λ). With λ = <strong>{f(lambda)}</strong>{' '}
          the update weighs helpfulness by 1/(1+λ) = {f(rewardWeight)} and harm by λ/(1+λ) = {f(costWeight)}.
          {config.algorithm === 'reward-shaping' && ' Reward shaping keeps λ fixed at λ initial.'}
        </p>
      )}
      <p className="muted small">
        The KL penalty β = {f(beta)} enters both streams (−β·kl in the reward, +β·kl in the cost), so the mixed advantage
        keeps an effective KL weight of exactly β for every λ.
      </p>
      <p className="muted small" data-testid="kl-explanation">
        {KL_ESTIMATOR_NOTE} The readout gives it per response (summed over the response's tokens) and per token
        (divided by the mean response length).
      </p>
      {config.algorithm === 'ppo-lag' && (
        <>
          <h3>Why cost above the limit raises λ</h3>
          <p>
            After every rollout, log λ ← log λ + lr·λ·(J_C − threshold), capped at λ_max = {f(config.lambdaMax)}. J_C is the
            mean raw cost of the last {config.episodeCostWindow} responses. Above the limit the step is positive and λ
            grows, pushing the policy toward safety; below it λ decays toward 0 (no lower cap) and reward takes over. The
            step is proportional to λ itself, so a large λ swings fast.
          </p>
          {iteration < config.lambdaUpdateDelay && (
            <p className="muted">λ is held for the first {config.lambdaUpdateDelay} iteration(s) (λ update delay).</p>
          )}
          <p className="live-equation" data-testid="lambda-explanation" data-next-lambda={last?.step.nextLambda ?? ''}>
            {last
              ? `Last step (iteration ${last.iteration}): ${last.step.sentence}`
              : 'Start training to see each λ step with the numbers it used.'}
          </p>
          <p className="live-equation" data-testid="lambda-next-step">
            {nextHeld
              ? `Next step: none yet; λ stays ${f(lambda)} until iteration ${config.lambdaUpdateDelay}.`
              : `Next step, after the next rollout: ${LAMBDA_RULE.formula}, i.e. Δ log λ = ${LAMBDA_RULE.delta(
                  { lambda, lambdaLr: config.lambdaLr, threshold: config.threshold },
                  'J_C',
                )}, where J_C is the mean cost of the last ${config.episodeCostWindow} responses including that rollout: λ grows if J_C > ${term(config.threshold)}, shrinks if J_C < ${term(config.threshold)}.`}
          </p>
        </>
      )}
    </section>
  );
}
