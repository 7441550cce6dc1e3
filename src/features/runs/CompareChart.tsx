import { useId, useMemo, useState } from 'react';
import { MetricChart, type ChartReferenceLine } from '../../charts/MetricChart';
import type { RunRecord } from '../../runs/types';
import { COMPARE_METRICS, mergeRuns, runColor, runColumn } from './compareData';
import { formatNumber } from './format';

interface CompareChartProps {
  records: RunRecord[];
  version: number;
}

/** The picked runs overlaid on one chart, one colour per run; the legend toggles runs. */
export function CompareChart({ records, version }: CompareChartProps) {
  const [metricId, setMetricId] = useState('lambda');
  const selectId = useId();
  const metric = COMPARE_METRICS.find((m) => m.id === metricId) ?? COMPARE_METRICS[0];
  const table = useMemo(() => mergeRuns(records, metric), [records, metric]);
  const series = useMemo(
    () =>
      records.map((run, i) => ({
        column: runColumn(i),
        label: run.name,
        color: runColor(i),
        factor: metric.factor,
      })),
    [records, metric],
  );
  const referenceLines = useMemo<ChartReferenceLine[]>(() => {
    if (!metric.threshold) return [];
    const thresholds = [...new Set(records.map((run) => run.config.threshold))];
    return thresholds.map((y) => ({
      y,
      label:
        thresholds.length === 1
          ? 'cost limit'
          : `limit (${records
              .filter((r) => r.config.threshold === y)
              .map((r) => r.name)
              .join(', ')})`,
      color:
        thresholds.length === 1
          ? 'var(--cost)'
          : runColor(records.findIndex((r) => r.config.threshold === y)),
      className: 'ref-threshold',
    }));
  }, [records, metric]);
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
        testId="compare-chart"
        title={`${metric.label} — ${records.length} run${records.length === 1 ? '' : 's'}`}
        note={metric.stream === 'evaluations' ? 'at each evaluation against the SFT policy' : undefined}
        table={table}
        version={version}
        series={series}
        referenceLines={referenceLines}
        yScaleDefault={metric.id === 'lambda' ? 'symlog' : 'linear'}
        height={280}
        emptyText={`No ${metric.label} values in these runs.`}
      />
      {referenceLines.length > 1 && (
        <p className="chart-note">
          The runs have different cost limits: {referenceLines.map((l) => formatNumber(l.y)).join(', ')}.
        </p>
      )}
    </div>
  );
}
