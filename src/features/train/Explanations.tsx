import { formatNumber } from '../../charts/scales';
import type { ExperimentConfig } from '../../config/params';
import type { MetricTable } from '../../metrics/metricTable';
import { algorithmModule } from '../../rl/algorithms/registry';
import { LAMBDA_RULE_MODULES } from '../../rl/lambdaRules/registry';
import type { PhaseOutput } from '../../train/ppo/types';
import type { IterationInProgress } from './iterationInProgress';
import { currentLambdaStep } from './lambdaExplanation';
import { KL_ESTIMATOR_NOTE } from './LiveReadouts';
import { shownGroupSeed } from '../../config/seedGroup';
import { memberColumn } from '../../util/groupRows';

interface ExplanationsProps {
  config: ExperimentConfig;
  table: MetricTable | undefined;
  iteration: number;
  /** The latest phase output (stepping phase by phase): its λ step is explained before its row lands. */
  phaseOutput?: PhaseOutput | null;
  /** What the iteration in progress has produced so far (its λ once the λ phase ran). */
  inProgress?: IterationInProgress | null;
}

/** "What is happening": the constrained objective and the λ dynamics, with the run's live numbers. */
export function Explanations({ config, table, iteration, phaseOutput, inProgress }: ExplanationsProps) {
  const f = formatNumber;
  const algorithm = algorithmModule(config.algorithm);
  // A seed group: each seed has its own λ; the numbers here follow the group's first seed (the rows' λ is a mean).
  const seed = shownGroupSeed(config);
  const lambdaSeed = inProgress?.lambda !== undefined ? (inProgress.seed ?? seed) : seed;
  const ofSeed =
    lambdaSeed === undefined ? '' : ` (seed ${lambdaSeed}${lambdaSeed === seed ? ", the group's first" : ''}: each seed has its own λ)`;
  const lambda = inProgress?.lambda ?? table?.last(seed === undefined ? 'lambda' : memberColumn('lambda', seed)) ?? algorithm.initialLambda(config);
  const oneStreamRole = algorithm.lambdaRole(formatNumber(lambda));
  const beta = config.klCoeff;
  const rewardWeight = 1 / (1 + lambda);
  const costWeight = lambda / (1 + lambda);
  const rule = LAMBDA_RULE_MODULES[config.lambdaRule];
  const last = currentLambdaStep(config, table, phaseOutput, seed);
  const stepOf = last?.seed === undefined ? '' : `, seed ${last.seed}`;
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
      {oneStreamRole !== null ? (
        <p data-testid="lambda-role">{oneStreamRole}</p>
      ) : (
        <p data-testid="lambda-role">
          Each token's advantage mixes the two streams: A = (A_r − λ·A_c)/(1 + λ). With λ = <strong>{f(lambda)}</strong>
          {ofSeed} the update weighs helpfulness by 1/(1+λ) = {f(rewardWeight)} and harm by λ/(1+λ) = {f(costWeight)}.
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
      {algorithm.learnsLambda && (
        <>
          <h3>Why cost above the limit raises λ</h3>
          <p data-testid="lambda-rule-text">{rule.describe(config)} J_C is the mean raw cost of the last {config.episodeCostWindow} responses.</p>
          {iteration < config.lambdaUpdateDelay && (
            <p className="muted">λ is held for the first {config.lambdaUpdateDelay} iteration(s) (λ update delay).</p>
          )}
          <p
            className="live-equation"
            data-testid="lambda-explanation"
            data-next-lambda={last && 'record' in last ? last.record.after : ''}
            data-iteration={last?.iteration ?? ''}
          >
            {!last
              ? 'Start training to see each λ step with the numbers it used.'
              : 'record' in last
                ? `Last step (iteration ${last.iteration}${stepOf}): ${last.explanation.sentence}`
                : `Last step (iteration ${last.iteration}${stepOf}): ${last.mismatch}`}
          </p>
          {last && 'record' in last && (
            <p className="live-equation" data-testid="lambda-explanation-substituted">
              {last.explanation.substituted}
            </p>
          )}
          <p className="live-equation" data-testid="lambda-next-step">
            {nextHeld
              ? `Next step: none yet; λ stays ${f(lambda)} until iteration ${config.lambdaUpdateDelay}.`
              : `${rule.nextStep(config, lambda)} J_C is the mean cost of the last ${config.episodeCostWindow} responses including that rollout.`}
          </p>
        </>
      )}
    </section>
  );
}
