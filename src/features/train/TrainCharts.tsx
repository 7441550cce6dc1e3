import { useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { ColumnSource } from '../../charts/chartData';
import { MetricChart, type ChartReferenceLine, type ChartSeries, type ChartStepLine } from '../../charts/MetricChart';
import type { ExperimentConfig } from '../../config/params';
import { changesOf, settingAtIterations } from '../../runs/configHistory';
import type { RunMeta } from '../../runs/types';
import { useAppStore, useMetricTable } from '../../state/store';
import { algorithmModule } from '../../rl/algorithms/registry';
import { useSeedGroup } from './seedGroupCharts';
import { ConstraintReadouts } from './ConstraintReadouts';

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

/** The cost limit in force at each iteration, as the engine recorded it in the row (never the current setting). */
const THRESHOLD_STEP: ChartStepLine[] = [
  {
    column: 'threshold', label: 'cost limit', color: COLORS.cost, testId: 'threshold-history', className: 'ref-threshold',
    shadeAbove: { color: COLORS.cost, label: 'above the cost limit: J_C here violates the constraint', testId: 'violation-zone' },
  },
];
const LAMBDA_MAX_STEP: ChartStepLine[] = [
  { column: 'lambdaMax', label: 'λ_max', color: COLORS.lambda, testId: 'lambda-max-history', className: 'ref-lambda-max', offAxisAbove: 4 },
];

/** The run being drawn: the latest one recorded in this page (its live changes give λ_max's history). */
function latestRecordedRun(list: RunMeta[]): RunMeta | undefined {
  let latest: RunMeta | undefined;
  for (const run of list) if (run.source === 'recorded' && (!latest || run.seq > latest.seq)) latest = run;
  return latest;
}

/**
 * The PPO table plus a `lambdaMax` column: λ_max is not in the metric rows, so its per-iteration value comes from
 * the run's start config and recorded live changes (or the current setting before the run is recorded).
 */
function withLambdaMax(table: ColumnSource | undefined, run: RunMeta | undefined, lambdaMax: number): ColumnSource | undefined {
  if (!table) return table;
  return {
    get length() {
      return table.length;
    },
    column: (name) => {
      if (name !== 'lambdaMax') return table.column(name);
      const iterations = table.column('iteration');
      return run ? settingAtIterations(run, 'lambdaMax', iterations) : new Float64Array(iterations.length).fill(lambdaMax);
    },
  };
}

interface TrainChartsProps {
  config: ExperimentConfig;
}

/**
 * Keeps `--sticky-offset` on the chart grid equal to the sticky run bar's height, so a chart scrolled to (links,
 * keyboard, scrollIntoView) stops with its title below the bar instead of under it (issue 13, projector layouts).
 */
function useStickyOffset(ref: RefObject<HTMLDivElement | null>): void {
  useLayoutEffect(() => {
    const grid = ref.current;
    const bar = grid?.closest('.train-area')?.querySelector<HTMLElement>('.train-top');
    if (!grid || !bar || typeof ResizeObserver === 'undefined') return;
    // On small screens the bar scrolls away with the page (position: static): nothing to keep clear of then.
    const update = () =>
      grid.style.setProperty(
        '--sticky-offset',
        getComputedStyle(bar).position === 'sticky' ? `${Math.ceil(bar.getBoundingClientRect().height) + 12}px` : '0.5rem',
      );
    update();
    const observer = new ResizeObserver(update);
    observer.observe(bar);
    return () => observer.disconnect();
  }, [ref]);
}

/** Axis text in the presentation view: readable from the back of a room. */
export const PRESENT_FONT_PX = 16;
/**
 * Space a presentation chart needs around its plot: title, a note of up to three lines at 16 px (the λ and cost
 * charts' notes wrap to three in a third of 1024 px), legend and margins (px).
 */
const PRESENT_CHROME_PX = 190;

/**
 * The plot height that fits the presentation view's charts in the window below the grid's top (at least 180 px,
 * at most 520 px), following window resizes.
 */
function usePresentHeight(ref: RefObject<HTMLDivElement | null>, present: boolean): number {
  const [height, setHeight] = useState(300);
  useLayoutEffect(() => {
    if (!present) return;
    const update = () => {
      const top = ref.current ? ref.current.getBoundingClientRect().top + window.scrollY : 300;
      setHeight(Math.round(Math.min(520, Math.max(180, window.innerHeight - top - PRESENT_CHROME_PX))));
    };
    update();
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, [ref, present]);
  return height;
}

/** The live curves, synced on one x axis (iteration). */
export function TrainCharts({ config }: TrainChartsProps) {
  const { table, version } = useMetricTable('ppo');
  const evalMetrics = useMetricTable('ppo-eval');
  const lagrangian = algorithmModule(config.algorithm).learnsLambda;
  const run = latestRecordedRun(useAppStore((s) => s.runs.list));
  const lambdaMaxChanges = run ? changesOf(run, 'lambdaMax').length : 0;
  const lambdaTable = useMemo(
    () => withLambdaMax(table, run, config.lambdaMax),
    // Rebuilt when the run or its λ_max history changes; the wrapper reads the table's rows live.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [table, run?.id, lambdaMaxChanges, config.lambdaMax],
  );
  const zeroLine = useMemo<ChartReferenceLine[]>(() => [{ y: 0, label: 'SFT', color: '#5d6678', className: 'ref-zero' }], []);
  // Under the upstream rule λ moves multiplicatively (log λ ← log λ + η·λ·(J_C − d)) and spikes early, so a log axis
  // keeps the later, small values readable. The additive and pid rules move λ by steps and floor it at exactly 0,
  // which a log axis cannot show: symlog keeps 0 and still leaves room for λ under a distant λ_max. Plain PPO and
  // fixed λ: linear.
  const logLambda = lagrangian && config.lambdaRule === 'upstream' && config.lambdaInit > 0;
  const lambdaScale = logLambda ? 'log' : lagrangian ? 'symlog' : 'linear';

  const gridRef = useRef<HTMLDivElement>(null);
  useStickyOffset(gridRef);
  const present = useAppStore((s) => s.ui.view === 'present');
  const presentHeight = usePresentHeight(gridRef, present);
  const big = present ? { fontSize: PRESENT_FONT_PX, height: presentHeight } : { large: true };
  // A seed group: every line is the mean across seeds, with a min–max band and per-seed lines on demand.
  const group = useSeedGroup(table);
  const evalGroup = useSeedGroup(evalMetrics.table);

  const common = { table, version, syncId: SYNC_ID, emptyText: 'Start training to draw this curve.', bandLabel: group.bandLabel } as const;
  return (
    <div className={present ? 'train-charts train-charts-present' : 'train-charts'} ref={gridRef}>
      <MetricChart
        {...common}
        key={`lambda-${lambdaScale}`}
        table={lambdaTable}
        {...big}
        testId="chart-lambda"
        title="λ, the Lagrange multiplier"
        note={
          lagrangian
            ? logLambda
              ? 'rises while J_C > cost limit; log axis (λ changes by factors)'
              : `rises while J_C > cost limit; symlog axis (${config.lambdaRule} rule: λ moves by steps and can reach 0)`
            : (algorithmModule(config.algorithm).lambdaChartNote ?? '')
        }
        series={group.series(LAMBDA)}
        stepLines={lagrangian ? LAMBDA_MAX_STEP : undefined}
        yScaleDefault={lambdaScale}
      />
      <MetricChart
        {...common}
        {...big}
        testId="chart-cost"
        title="Cost (harm)"
        note="constraint: J_C ≤ cost limit (dashed: the limit in force at each iteration; shaded: above it, violated)"
        series={group.series(COST)}
        stepLines={THRESHOLD_STEP}
      />
      {!present && <ConstraintReadouts config={config} />}
      <MetricChart {...common} {...(present ? big : {})} testId="chart-reward" title="Reward (helpfulness)" series={group.series(REWARD)} />
      {/* The presentation view shows λ, cost and reward only. */}
      {!present && (
        <>
      <MetricChart {...common} testId="chart-kl" title="KL divergence from the SFT policy" series={group.series(KL)} />
      <MetricChart {...common} testId="chart-rates" title="Unsafe, refusal and truncation rates" note="% of the rollout's responses" series={group.series(RATES)} />
      <MetricChart {...common} testId="chart-entropy" title="Policy entropy" series={group.series(ENTROPY)} />
      <MetricChart {...common} testId="chart-length" title="Response length" series={group.series(LENGTH)} />
      <MetricChart {...common} testId="chart-losses" title="Losses" series={group.series(LOSSES)} yScaleDefault="symlog" />
      <MetricChart {...common} testId="chart-clip" title="PPO clip fraction" series={group.series(CLIP)} />
      <MetricChart
        table={evalMetrics.table}
        version={evalMetrics.version}
        syncId={SYNC_ID}
        testId="chart-eval"
        title="Held-out evaluation vs the SFT policy"
        note="percentage points; above 0 = better than SFT"
        series={evalGroup.series(EVAL)}
        bandLabel={evalGroup.bandLabel}
        referenceLines={zeroLine}
        emptyText="The first evaluation runs at iteration 0."
      />
        </>
      )}
    </div>
  );
}
