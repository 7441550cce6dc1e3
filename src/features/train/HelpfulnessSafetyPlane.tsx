import { useMemo, useRef } from 'react';
import { stepTrace } from '../../charts/chartData';
import { debiasedEma } from '../../charts/smoothing';
import { ScatterPath, type PlanePoint } from '../../charts/ScatterPath';
import { useStaggeredVersion } from '../../charts/useStaggeredVersion';
import { useMetricTable } from '../../state/store';
import { seedsInSeries } from '../../util/groupRows';

const PATH_SMOOTHING = 0.8;

/**
 * The policy's path on the helpfulness–safety plane: (mean reward, mean cost) per iteration. The feasible region
 * uses the cost limit recorded with the latest iteration (the setting before training starts); a limit changed
 * during the run is named in the note.
 */
export function HelpfulnessSafetyPlane({ threshold: setting }: { threshold: number }) {
  const { table, version: latest } = useMetricTable('ppo');
  const sectionRef = useRef<HTMLElement>(null);
  const version = useStaggeredVersion(latest, sectionRef);
  const points = useMemo<PlanePoint[]>(() => {
    if (!table || table.length === 0) return [];
    // Per-rollout means are noisy; a light debiased EMA shows the trend (the raw values are in the charts).
    const rewards = debiasedEma(table.column('rewardMean'), PATH_SMOOTHING);
    const costs = debiasedEma(table.column('costMean'), PATH_SMOOTHING);
    const iterations = table.column('iteration');
    return Array.from(iterations, (t, i) => ({ x: rewards[i], y: costs[i], t, label: `iteration ${t}` }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [table, version]);
  const limits = useMemo(
    () => (table && table.length > 0 ? stepTrace(table.column('iteration'), table.column('threshold')) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [table, version],
  );
  const threshold = limits && Number.isFinite(limits.last) ? limits.last : setting;
  const changes = limits ? limits.ys.filter((y, k) => k > 0 && y !== limits.ys[k - 1]).length : 0;
  // A seed group's rows hold each metric's mean across its seeds: the path is the group's average policy.
  const seeds = table ? seedsInSeries(table).length : 0;
  const groupNote = seeds > 1 ? `, each the mean over ${seeds} seeds` : '';
  const changeNote = changes > 0 && limits ? `; cost limit changed during the run (${limits.ys[0]} → ${limits.last}), shaded: the latest` : '';
  return (
    <section className="plane-panel" data-hide-id="train-plane" ref={sectionRef}>
      <ScatterPath
        testId="chart-plane"
        title="Helpfulness–safety plane"
        note={`path of (mean reward, mean cost)${groupNote}, EMA ${PATH_SMOOTHING}; shaded: feasible${changeNote}`}
        points={points}
        threshold={threshold}
        xLabel="mean reward R"
        yLabel="mean cost C"
        connect
        emptyText="The policy's path appears once training starts."
      />
    </section>
  );
}
