import { formatNumber } from '../../charts/scales';
import type { ExperimentConfig } from '../../config/params';
import type { MetricTable } from '../../metrics/metricTable';
import { explainPidInput, LAMBDA_RULE, lastLambdaStep, ruleFormula, term } from './lambdaExplanation';
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
  // The PID step depends on the engine's internal I, P and D state: explain the input it used, not a replay.
  const lastCost = table?.last('episodeCost');
  const lastThreshold = table?.last('threshold') ?? config.threshold;
  const pidSentence =
    config.lambdaRule === 'pid' && lastCost !== undefined && Number.isFinite(lastCost)
      ? `Last step: ${explainPidInput({ episodeCost: lastCost, threshold: lastThreshold, ki: config.pidKi })} λ is now ${f(lambda)}.`
      : null;

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
          {config.lambdaRule === 'upstream' && (
            <p data-testid="lambda-rule-text">
              Upstream rule (Safe RLHF): after every rollout, log λ ← log λ + lr·λ·(J_C − threshold), capped at λ_max ={' '}
              {f(config.lambdaMax)}. J_C is the mean raw cost of the last {config.episodeCostWindow} responses. Above the
              limit the step is positive and λ grows, pushing the policy toward safety; below it λ decays toward 0 (no lower
              cap) and reward takes over. The step is proportional to λ itself, so a large λ swings fast and a small λ can
              hardly come back.
            </p>
          )}
          {config.lambdaRule === 'additive' && (
            <p data-testid="lambda-rule-text">
              Additive rule (gradient ascent on λ): after every rollout, λ ← clip(λ + lr·(J_C − threshold), 0, λ_max ={' '}
              {f(config.lambdaMax)}). J_C is the mean raw cost of the last {config.episodeCostWindow} responses. The step does
              not depend on λ, so λ can climb back from 0 as soon as the cost exceeds the limit; it can overshoot and
              oscillate around the limit.
            </p>
          )}
          {config.lambdaRule === 'pid' && (
            <p data-testid="lambda-rule-text">
              PID Lagrangian (Stooke et al. 2020): λ = clip(K_p·P + I + K_d·D, 0, λ_max = {f(config.lambdaMax)}) with the
              violation e = J_C − threshold: the integral I ← max(0, I + K_i·e) (alone, the additive rule), P a smoothed e
              (α_p = {f(config.pidAlphaP)}) and D the rise of the smoothed cost over {config.pidDelay} iteration(s). K_p ={' '}
              {f(config.pidKp)}, K_i = {f(config.pidKi)}, K_d = {f(config.pidKd)}: P and D damp the overshoot of the
              integral alone. J_C is the mean raw cost of the last {config.episodeCostWindow} responses.
            </p>
          )}
          {iteration < config.lambdaUpdateDelay && (
            <p className="muted">λ is held for the first {config.lambdaUpdateDelay} iteration(s) (λ update delay).</p>
          )}
          <p className="live-equation" data-testid="lambda-explanation" data-next-lambda={last?.step.nextLambda ?? ''}>
            {last
              ? `Last step (iteration ${last.iteration}): ${last.step.sentence}`
              : (pidSentence ?? 'Start training to see each λ step with the numbers it used.')}
          </p>
          <p className="live-equation" data-testid="lambda-next-step">
            {nextHeld
              ? `Next step: none yet; λ stays ${f(lambda)} until iteration ${config.lambdaUpdateDelay}.`
              : config.lambdaRule === 'upstream'
                ? `Next step, after the next rollout: ${LAMBDA_RULE.formula}, i.e. Δ log λ = ${LAMBDA_RULE.delta(
                    { lambda, lambdaLr: config.lambdaLr, threshold: config.threshold },
                    'J_C',
                  )}, where J_C is the mean cost of the last ${config.episodeCostWindow} responses including that rollout: λ grows if J_C > ${term(config.threshold)}, shrinks if J_C < ${term(config.threshold)}.`
                : `Next step, after the next rollout: ${ruleFormula(config.lambdaRule)}, where J_C is the mean cost of the last ${config.episodeCostWindow} responses including that rollout: λ grows if J_C > ${term(config.threshold)}, shrinks if J_C < ${term(config.threshold)}.`}
          </p>
        </>
      )}
    </section>
  );
}
