/**
 * Warnings about a run that is collapsing while every setting is in range (e.g. λ_max 1000 with β 0: λ pinned at
 * 1000, KL 4,384 nats per response). Read from the 'ppo' metric table after each flush; pure.
 *
 * - λ at its cap: for a learned λ (ppo-lag), λ ≥ λ_max·(1 − 1e-6) over the last LAMBDA_CAP_ITERATIONS rows. The upstream rule
 *   caps log λ at log λ_max, so a λ that stays there means the cost limit is not being met and the cost term
 *   dominates every update. (A default run touches the cap for a few iterations; ten in a row is not a blip.)
 * - KL per token: kl / responseLength (the 'kl' metric sums log p_old − log p_ref over a response) above
 *   KL_PER_TOKEN_LIMIT nats. On the bundled sample a drifting default run reaches ≈ 0.5 nats per token
 *   (13 per 24-token response, docs/dynamics.md); 2 is four times that.
 * - Mode collapse: over the last COLLAPSE_ITERATIONS rows, the mean share of distinct 6-token openings below
 *   COLLAPSE_DISTINCT with either the mean truncation rate ≥ COLLAPSE_TRUNCATION or the mean KL per token ≥
 *   COLLAPSE_KL_PER_TOKEN. Healthy start-up runs keep 71–83% distinct openings, ≈ 3% truncated and ≈ 0.09 nats/token
 *   (last 50 of 200 iterations); the Safe RLHF-V preset reaches 20% / 11% / 0.41 at 200 iterations and 7% / 27–63% /
 *   0.77 by 400 (docs/dynamics.md, issue 21).
 */
import type { ExperimentConfig } from '../../config/params';
import type { MetricTable } from '../../metrics/metricTable';
import { algorithmModule } from '../../rl/algorithms/registry';

export const LAMBDA_CAP_ITERATIONS = 10;
export const KL_PER_TOKEN_LIMIT = 2;
export const COLLAPSE_ITERATIONS = 10;
export const COLLAPSE_DISTINCT = 0.25;
export const COLLAPSE_TRUNCATION = 0.2;
export const COLLAPSE_KL_PER_TOKEN = 0.3;

export interface HealthWarning {
  id: 'lambda-cap' | 'kl-per-token' | 'mode-collapse';
  message: string;
}

const format = (value: number) => Number(value.toPrecision(4)).toLocaleString('en-US');

export function trainingHealth(table: MetricTable | undefined, config: ExperimentConfig): HealthWarning[] {
  if (!table || table.length === 0) return [];
  const warnings: HealthWarning[] = [];
  const lambda = table.column('lambda');
  if (algorithmModule(config.algorithm).learnsLambda && lambda.length >= LAMBDA_CAP_ITERATIONS) {
    const cap = config.lambdaMax * (1 - 1e-6);
    let streak = 0;
    for (let i = lambda.length - 1; i >= 0 && lambda[i] >= cap; i--) streak++;
    if (streak >= LAMBDA_CAP_ITERATIONS) {
      warnings.push({
        id: 'lambda-cap',
        message: `λ has sat at its cap λ_max = ${format(config.lambdaMax)} for the last ${streak} iterations: the cost limit (threshold ${format(config.threshold)}) is not being met and the cost term outweighs the reward in every update, so the policy may collapse (e.g. into refusals). Raise the threshold, or lower λ_max or λ's learning rate.`,
      });
    }
  }
  const kl = table.last('kl');
  const length = table.last('responseLength');
  if (kl !== undefined && length !== undefined && length > 0 && Number.isFinite(kl)) {
    const perToken = kl / length;
    if (perToken > KL_PER_TOKEN_LIMIT) {
      warnings.push({
        id: 'kl-per-token',
        message: `KL to the SFT policy is ${format(perToken)} nats per token (${format(kl)} per response), above ${KL_PER_TOKEN_LIMIT}: the policy has moved far from the reference and its texts are likely degenerate. Raise the KL coefficient β (now ${format(config.klCoeff)}) or lower the actor learning rate (now ${format(config.actorLr)}).`,
      });
    }
  }
  const collapse = modeCollapse(table, config);
  if (collapse) warnings.push(collapse);
  return warnings;
}

/** Mean of the last `count` finite values of a column; undefined when the table lacks it or has too few rows. */
function recentMean(table: MetricTable, column: string, count: number): number | undefined {
  const values = table.column(column);
  if (values.length < count) return undefined;
  let total = 0;
  for (let i = values.length - count; i < values.length; i++) {
    if (!Number.isFinite(values[i])) return undefined;
    total += values[i];
  }
  return total / count;
}

/** The policy repeating a few answers: few distinct openings, with long cut-off answers or a large drift from SFT. */
function modeCollapse(table: MetricTable, config: ExperimentConfig): HealthWarning | null {
  const distinct = recentMean(table, 'distinctOpenings', COLLAPSE_ITERATIONS);
  const truncated = recentMean(table, 'truncationRate', COLLAPSE_ITERATIONS);
  const klPerToken = recentMean(table, 'klPerToken', COLLAPSE_ITERATIONS);
  if (distinct === undefined || distinct >= COLLAPSE_DISTINCT) return null;
  const longAnswers = truncated !== undefined && truncated >= COLLAPSE_TRUNCATION;
  const drifted = klPerToken !== undefined && klPerToken >= COLLAPSE_KL_PER_TOKEN;
  if (!longAnswers && !drifted) return null;
  const percent = (value: number | undefined) => (value === undefined ? '—' : `${format(value * 100)}%`);
  return {
    id: 'mode-collapse',
    message:
      `Mode collapse: over the last ${COLLAPSE_ITERATIONS} iterations only ${percent(distinct)} of responses open with 6 tokens no earlier ` +
      `response in the rollout shares (healthy runs here keep 70% or more), ${percent(truncated)} are cut off at the length cap and KL to ` +
      `the SFT policy is ${klPerToken === undefined ? '—' : format(klPerToken)} nats per token: the policy is repeating a few answers. ` +
      (algorithmModule(config.algorithm).learnsLambda && config.lambdaRule === 'upstream'
        ? `The upstream λ rule with β ${format(config.klCoeff)} does this at this scale; the start-up preset (PID rule, β 0.2) keeps the policy varied.`
        : `Raise the KL coefficient β (now ${format(config.klCoeff)}) or lower the actor learning rate (now ${format(config.actorLr)}).`),
  };
}
