import { useMemo } from 'react';
import { ScatterPath } from '../../charts/ScatterPath';
import { formatNumber } from '../../charts/scales';
import type { RunMeta } from '../../runs/types';
import { SWEEP_COLORS, sweepPoints } from './thresholdSweep';

interface ThresholdSweepProps {
  runs: RunMeta[];
}

/**
 * The helpfulness–safety frontier across a threshold sweep (e.g. `npm run experiment -- --sweep
 * 'threshold=…;lambdaRule=additive,pid'`, imported here): end reward against end J_C, one colour per λ rule, with
 * the numbers in a table.
 */
export function ThresholdSweep({ runs }: ThresholdSweepProps) {
  const groups = useMemo(() => sweepPoints(runs), [runs]);
  const rows = [...groups.values()].flat();
  const points = rows.map((p, i) => ({ x: p.reward, y: p.episodeCost, t: i, label: `${p.name} (${p.group}, limit ${formatNumber(p.threshold)})`, color: SWEEP_COLORS[p.group] }));
  const thresholds = new Set(rows.filter((p) => p.group !== 'ppo').map((p) => p.threshold));
  return (
    <section aria-labelledby="sweep-heading" data-testid="threshold-sweep">
      <h3 id="sweep-heading">Threshold sweep: the helpfulness–safety frontier</h3>
      {thresholds.size < 2 ? (
        <p className="muted">
          Import or pick runs with different cost limits (for example a runner sweep over threshold and λ rule) to see
          how reward trades against cost for each λ rule.
        </p>
      ) : (
        <>
          <ScatterPath
            testId="threshold-sweep-plot"
            title="End reward vs end J_C, one colour per λ rule"
            note="a tighter cost limit should give lower cost and lower reward; plain PPO (grey) is the unconstrained end"
            points={points}
            xLabel="mean reward R (last iteration)"
            yLabel="episode cost J_C (last iteration)"
            connect={false}
          />
          <ul className="sweep-legend" aria-label="λ rules">
            {[...groups.keys()].map((group) => (
              <li key={group}>
                <span aria-hidden="true" style={{ color: SWEEP_COLORS[group] }}>●</span> {group === 'ppo' ? 'plain PPO' : `${group} rule`}
              </li>
            ))}
          </ul>
          <table className="sweep-table" data-testid="threshold-sweep-table">
            <thead>
              <tr>
                <th scope="col">run</th>
                <th scope="col">λ rule</th>
                <th scope="col">cost limit</th>
                <th scope="col">end J_C</th>
                <th scope="col">end reward</th>
                <th scope="col">end λ</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.group === 'ppo' ? 'plain PPO' : p.group}</td>
                  <td>{p.group === 'ppo' ? '—' : formatNumber(p.threshold)}</td>
                  <td>{formatNumber(p.episodeCost)}</td>
                  <td>{formatNumber(p.reward)}</td>
                  <td>{formatNumber(p.lambda)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
