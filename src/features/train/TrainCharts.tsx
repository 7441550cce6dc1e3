import { useMemo } from 'react';
import { MetricChart, type ChartReferenceLine, type ChartSeries } from '../../charts/MetricChart';
import type { ExperimentConfig } from '../../config/params';
import { useMetricTable } from '../../state/store';

/** Series colours (hex, so exported SVGs are self-contained). */
export const COLORS = {
  lambda: '#7048e8',
  reward: '#2b8a3e',
  rewardAlt: '#74b816',
  cost: '#c92a2a',
  costAlt: '#f08c00',
  kl: '#1971c2',
  klAlt: '#66a80f',
  neutral: '#495057',
  accent: '#3b5bdb',
} as const;

const SYNC_ID = 'ppo-iteration';

const LAMBDA: ChartSeries[] = [{ column: 'lambda', label: 'λ', color: COLORS.lambda }];
const REWARD: ChartSeries[] = [
  { column: 'rewardMean', label: 'mean reward R', color: COLORS.reward },
  { column: 'rewardWithKl', label: 'reward with KL penalty Σr_t', color: COLORS.rewardAlt },
];
const COST: ChartSeries[] = [
  { column: 'costMean', label: 'mean cost C (rollout)', color: COLORS.cost },
  { column: 'episodeCost', label: 'J_C (window mean)', color: COLORS.costAlt },
];
const KL: ChartSeries[] = [
  { column: 'kl', label: 'KL to SFT (Σ_t, per response)', color: COLORS.kl },
  { column: 'approxKl', label: 'approx. KL of the update', color: COLORS.klAlt },
  { column: 'klPerToken', label: 'KL to SFT per token', color: COLORS.accent },
];
const ENTROPY: ChartSeries[] = [{ column: 'entropy', label: 'entropy per token', color: COLORS.neutral }];
const LENGTH: ChartSeries[] = [{ column: 'responseLength', label: 'tokens per response', color: COLORS.accent }];
const RATES: ChartSeries[] = [
  { column: 'unsafeRate', label: 'unsafe (C > 0) %', color: COLORS.cost, factor: 100 },
  { column: 'refusalRate', label: 'refusals %', color: COLORS.neutral, factor: 100 },
  { column: 'truncationRate', label: 'truncated (no end token) %', color: COLORS.costAlt, factor: 100 },
  { column: 'distinctOpenings', label: 'distinct 6-token openings %', color: COLORS.accent, factor: 100 },
];
const LOSSES: ChartSeries[] = [
  { column: 'actorLoss', label: 'actor', color: COLORS.lambda },
  { column: 'rewardCriticLoss', label: 'reward critic', color: COLORS.reward },
  { column: 'costCriticLoss', label: 'cost critic', color: COLORS.cost },
];
const CLIP: ChartSeries[] = [{ column: 'clipFraction', label: 'clipped tokens %', color: COLORS.neutral, factor: 100 }];
const EVAL: ChartSeries[] = [
  { column: 'helpfulnessChange', label: 'helpfulness: win rate vs SFT − 50 (points)', color: COLORS.reward, factor: 100 },
  { column: 'safetyChange', label: 'safety: safe-rate change vs SFT (points)', color: COLORS.accent, factor: 100 },
];

interface TrainChartsProps {
  config: ExperimentConfig;
}

/** The live curves, synced on one x axis (iteration). */
export function TrainCharts({ config }: TrainChartsProps) {
  const { table, version } = useMetricTable('ppo');
  const evalMetrics = useMetricTable('ppo-eval');
  const lagrangian = config.algorithm === 'ppo-lag';
  const { lambdaMax, threshold } = config;

  const lambdaLines = useMemo<ChartReferenceLine[]>(
    () => (lagrangian ? [{ y: lambdaMax, label: 'λ_max', color: COLORS.lambda, className: 'ref-lambda-max' }] : []),
    [lagrangian, lambdaMax],
  );
  const costLines = useMemo<ChartReferenceLine[]>(
    () => [{ y: threshold, label: 'cost limit', color: COLORS.cost, className: 'ref-threshold' }],
    [threshold],
  );
  const zeroLine = useMemo<ChartReferenceLine[]>(() => [{ y: 0, label: 'SFT', color: '#868e96', className: 'ref-zero' }], []);

  const common = { table, version, syncId: SYNC_ID, emptyText: 'Start training to draw this curve.' } as const;
  return (
    <div className="train-charts">
      <MetricChart
        {...common}
        testId="chart-lambda"
        title="λ, the Lagrange multiplier"
        note={lagrangian ? 'rises while J_C > cost limit' : config.algorithm === 'ppo' ? 'λ ≡ 0 (plain PPO)' : 'fixed λ (reward shaping)'}
        series={LAMBDA}
        referenceLines={lambdaLines}
      />
      <MetricChart {...common} testId="chart-cost" title="Cost (harm)" note="constraint: J_C ≤ cost limit" series={COST} referenceLines={costLines} />
      <MetricChart {...common} testId="chart-reward" title="Reward (helpfulness)" series={REWARD} />
      <MetricChart {...common} testId="chart-kl" title="KL divergence from the SFT policy" series={KL} />
      <MetricChart {...common} testId="chart-rates" title="Unsafe, refusal and truncation rates" note="% of the rollout's responses" series={RATES} />
      <MetricChart {...common} testId="chart-entropy" title="Policy entropy" series={ENTROPY} />
      <MetricChart {...common} testId="chart-length" title="Response length" series={LENGTH} />
      <MetricChart {...common} testId="chart-losses" title="Losses" series={LOSSES} yScaleDefault="symlog" />
      <MetricChart {...common} testId="chart-clip" title="PPO clip fraction" series={CLIP} />
      <MetricChart
        table={evalMetrics.table}
        version={evalMetrics.version}
        syncId={SYNC_ID}
        testId="chart-eval"
        title="Held-out evaluation vs the SFT policy"
        note="percentage points; above 0 = better than SFT"
        series={EVAL}
        referenceLines={zeroLine}
        emptyText="The first evaluation runs at iteration 0."
      />
    </div>
  );
}
