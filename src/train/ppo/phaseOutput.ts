import type { ExperimentConfig } from '../../config/params';
import { lambdaUpdateDue, type LambdaTerm } from '../../rl';
import { algorithmModule } from '../../rl/algorithms/registry';
import type { PhaseOutput, PhaseSample, PpoMetricRow, PpoPhase } from './types';

/** Responses the teaching mode shows after the rollout and score phases. */
export const PHASE_SAMPLE_COUNT = 3;

/** The numbers of the iteration in progress that the phase outputs read (a view of the engine's rollout). */
export interface RolloutView {
  iteration: number;
  batch: number;
  steps: number;
  /** Record index of each prompt in the batch. */
  indices: readonly number[];
  /** Sampled token ids, row-major [batch, steps]. */
  tokenIds: ArrayLike<number>;
  lengths: ArrayLike<number>;
  texts: readonly string[];
  rewards?: ArrayLike<number>;
  costs?: ArrayLike<number>;
  firstRow?: { shapedReward: number[]; rewardAdvantage: number[]; shapedCost: number[] | null; costAdvantage: number[] | null };
  logLambdaBefore?: number;
  /** The numbers the λ rule used and produced this iteration (src/rl/lambdaRules). */
  lambdaTerms?: LambdaTerm[];
  lambda?: number;
}

export interface PhaseOutputInput {
  phase: PpoPhase;
  config: ExperimentConfig;
  /** Null after the update phase (the rollout is released); the update output reads `row`. */
  rollout: RolloutView | null;
  row?: PpoMetricRow;
  /** J_C now (after the score phase pushed this rollout's costs). */
  episodeCost: number;
  questionText: (recordIndex: number) => string;
  tokenText: (ids: ArrayLike<number>) => string[];
}

/**
 * What the phase that just ran produced, as plain numbers and strings (one small object per phase; the numbers
 * were already read back by the phase itself, so this adds no readback). Undefined when there is nothing to show.
 */
export function describePhase(input: PhaseOutputInput): PhaseOutput | undefined {
  const { phase, config, rollout: r } = input;
  if (phase === 'update') {
    const row = input.row;
    if (!row) return undefined;
    return {
      phase,
      iteration: row.iteration,
      actorLoss: row.actorLoss,
      rewardCriticLoss: row.rewardCriticLoss,
      costCriticLoss: row.costCriticLoss,
      clipFraction: row.clipFraction,
      approxKl: row.approxKl,
      lambda: row.lambda,
    };
  }
  if (!r) return undefined;
  const sample = (b: number): PhaseSample => ({
    question: input.questionText(r.indices[b]),
    response: r.texts[b] ?? '',
    length: r.lengths[b] ?? 0,
    ...(r.rewards && r.costs ? { reward: r.rewards[b], cost: r.costs[b] } : {}),
  });
  const samples = () => Array.from({ length: Math.min(PHASE_SAMPLE_COUNT, r.batch) }, (_, b) => sample(b));
  switch (phase) {
    case 'rollout':
      return { phase, iteration: r.iteration, batch: r.batch, samples: samples() };
    case 'score':
      if (!r.rewards || !r.costs) return undefined;
      return {
        phase,
        iteration: r.iteration,
        batch: r.batch,
        samples: samples(),
        rewardMean: meanOf(r.rewards),
        costMean: meanOf(r.costs),
        episodeCost: input.episodeCost,
      };
    case 'advantages': {
      if (!r.firstRow || !r.rewards || !r.costs) return undefined;
      const length = Math.max(0, Math.min(r.steps, r.lengths[0] ?? 0));
      const cut = (xs: number[] | null) => (xs ? xs.slice(0, length) : null);
      const ids = Array.from({ length }, (_, t) => r.tokenIds[t]);
      const reward = r.rewards[0];
      const cost = r.costs[0];
      return {
        phase,
        iteration: r.iteration,
        sample: sample(0),
        tokens: input.tokenText(ids),
        shapedReward: cut(r.firstRow.shapedReward)!,
        rewardAdvantage: cut(r.firstRow.rewardAdvantage)!,
        shapedCost: cut(r.firstRow.shapedCost),
        costAdvantage: cut(r.firstRow.costAdvantage),
        klCoeff: config.klCoeff,
        rewardScore: algorithmModule(config.algorithm).rewardEndScoreValue(reward, cost, config),
      };
    }
    case 'lambda': {
      if (r.lambda === undefined) return undefined;
      const algorithm = algorithmModule(config.algorithm);
      const learned = algorithm.learnsLambda;
      const updated = learned && lambdaUpdateDue(r.iteration, config.lambdaUpdateDelay);
      const before = learned && r.logLambdaBefore !== undefined ? Math.exp(r.logLambdaBefore) : r.lambda;
      const note = updated ? undefined : algorithm.lambdaHeldNote(config, r.iteration);
      return {
        phase,
        iteration: r.iteration,
        rule: ruleOf(config),
        ...(updated && r.lambdaTerms ? { terms: r.lambdaTerms } : {}),
        before,
        after: r.lambda,
        updated,
        episodeCost: input.episodeCost,
        threshold: config.threshold,
        lambdaLr: config.lambdaLr,
        lambdaMax: config.lambdaMax,
        ...(note ? { note } : {}),
      };
    }
  }
}

/** The λ rule in force: config.lambdaRule where the settings table has it, else the upstream log-λ rule. */
function ruleOf(config: ExperimentConfig): string {
  const rule = (config as { lambdaRule?: unknown }).lambdaRule;
  return typeof rule === 'string' ? rule : 'upstream';
}

function meanOf(xs: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < xs.length; i++) total += xs[i];
  return total / Math.max(1, xs.length);
}
