import { useId, useMemo, useState } from 'react';
import { MetricChart, type ChartStepLine } from '../../charts/MetricChart';
import type { RunRecord } from '../../runs/types';
import {
  bandColumn,
  COMPARE_METRICS,
  defaultScale,
  mergeRuns,
  runColor,
  runColumn,
  runSeeds,
  sharedThreshold,
  thresholdColumn,
  withColumn,
} from './compareData';
import { formatNumber } from './format';

interface CompareChartProps {
  records: RunRecord[];
  version: number;
}

const SHARED_LIMIT = 'sharedThreshold';

/**
 * The picked runs overlaid on one chart, one colour per run; the legend toggles runs. Each run's cost limit is a
 * step line from its recorded history (one line when every run kept the same limit); each metric gets its own
 * y scale (the chart is rebuilt when the metric changes).
 */
export function CompareChart({ records, version }: CompareChartProps) {
  const [metricId, setMetricId] = useState('lambda');
  const selectId = useId();
  const metric = COMPARE_METRICS.find((m) => m.id === metricId) ?? COMPARE_METRICS[0];
  const merged = useMemo(() => mergeRuns(records, metric), [records, metric]);
  const series = useMemo(
    () =>
      records.map((run, i) => {
        const seeds = runSeeds(run);
        return {
          column: runColumn(i),
          label: seeds > 1 ? `${run.name} (mean of ${seeds} seeds)` : run.name,
          color: runColor(i),
          factor: metric.factor,
          ...(seeds > 1 ? { band: { low: bandColumn(i, 'min'), high: bandColumn(i, 'max') } } : {}),
        };
      }),
    [records, metric],
  );
  const groups = records.filter((run) => runSeeds(run) > 1).length;
  const { table, stepLines, shared } = useMemo(() => {
    if (!metric.threshold) return { table: merged, stepLines: [] as ChartStepLine[], shared: null };
    const shared = sharedThreshold(merged, records.length);
    if (shared !== null) {
      const line: ChartStepLine = { column: SHARED_LIMIT, label: 'cost limit', color: '#c92a2a', testId: 'threshold-history', className: 'ref-threshold' };
      return { table: withColumn(merged, SHARED_LIMIT, new Float64Array(merged.length).fill(shared)), stepLines: [line], shared };
    }
    const lines = records.map<ChartStepLine>((run, i) => ({
      column: thresholdColumn(i),
      label: `limit (${run.name})`,
      color: runColor(i),
      testId: 'threshold-history',
      className: 'ref-threshold',
    }));
    return { table: merged, stepLines: lines, shared };
  }, [merged, metric, records]);
  const scale = useMemo(() => defaultScale(metric, merged, records.length), [metric, merged, records.length]);
  const changed = records.filter((run) => (run.configChanges ?? []).some((c) => c.key === 'threshold'));
  return (
    <div className="compare-chart">
      <label className="field compare-metric" htmlFor={selectId}>
        <span>Metric</span>
        <select
          id={selectId}
          data-testid="compare-metric"
          value={metric.id}
          onChange={(e) => setMetricId(e.target.value)}
        >
          {COMPARE_METRICS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <MetricChart
        key={`${metric.id}-${scale}`}
        testId="compare-chart"
        title={`${metric.label} — ${records.length} run${records.length === 1 ? '' : 's'}`}
        note={metric.stream === 'evaluations' ? 'at each evaluation against the SFT policy' : undefined}
        table={table}
        version={version}
        series={series}
        stepLines={stepLines}
        yScaleDefault={scale}
        height={280}
        bandLabel={groups > 0 ? 'band: min–max across each group’s seeds' : undefined}
        emptyText={`No ${metric.label} values in these runs.`}
      />
      {metric.threshold && shared === null && records.length > 0 && (
        <p className="chart-note" data-testid="compare-limits-note">
          The runs ran with different cost limits
          {changed.length > 0 ? `; changed mid-run in ${changed.map((run) => `“${run.name}”`).join(', ')}` : ''}: each run's
          dashed step line shows the limit in force at each iteration (
          {records.map((run) => formatNumber(run.config.threshold)).join(', ')} at the start).
        </p>
      )}
    </div>
  );
}
