import { useMemo } from 'react';
import { ScatterPath } from '../../charts/ScatterPath';
import { finalConfig, type RunMeta } from '../../runs/types';
import { runColor } from './compareData';

interface RunScatterProps {
  runs: RunMeta[];
  /** Colour by position in the comparison (true) or one neutral colour ramp by age (false). */
  colored: boolean;
}

/**
 * One point per run at its end: mean reward (helpfulness) against episode cost J_C, with the cost limit in force
 * at each run's end (a limit changed mid-run counts with its last value, as recorded).
 */
export function RunScatter({ runs, colored }: RunScatterProps) {
  const points = useMemo(
    () =>
      runs
        .map((run, i) => ({ run, color: colored ? runColor(i) : undefined }))
        .sort((a, b) => a.run.seq - b.run.seq)
        .map(({ run, color }) => ({
          x: run.summary.reward,
          y: run.summary.episodeCost,
          t: run.seq,
          label: run.name,
          color,
        })),
    [runs, colored],
  );
  const endLimits = runs.map((run) => finalConfig(run).threshold);
  const thresholds = [...new Set(endLimits)];
  const changed = runs.filter((run) => (run.configChanges ?? []).some((change) => change.key === 'threshold'));
  const changedNote = changed.length
    ? `; limit changed mid-run in ${changed.map((run) => `“${run.name}” (${run.config.threshold} → ${finalConfig(run).threshold})`).join(', ')}, so its end value is used`
    : '';
  return (
    <ScatterPath
      testId="runs-scatter"
      title="Helpfulness vs harm across runs"
      note={
        thresholds.length > 1
          ? `one point per run at its end; the runs end with different cost limits (${thresholds.join(', ')}), so no limit shading is drawn${changedNote}`
          : `one point per run at its end; shaded: within the cost limit in force at the end${changedNote}`
      }
      points={points}
      threshold={thresholds.length === 1 ? thresholds[0] : undefined}
      xLabel="mean reward R"
      yLabel="episode cost J_C"
      connect={false}
      emptyText="No run has metrics yet."
    />
  );
}
