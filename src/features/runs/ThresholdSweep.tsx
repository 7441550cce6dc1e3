import { useMemo } from 'react';
import { ScatterPath, type ScatterLine } from '../../charts/ScatterPath';
import { formatNumber } from '../../charts/scales';
import type { RunMeta } from '../../runs/types';
import { FrontierRunner } from './FrontierRunner';
import {
  FRONTIER_COLOR,
  frontierPoints,
  frontierRewardAt,
  spreadBars,
  SWEEP_COLORS,
  sweepPoints,
  withSpread,
} from './thresholdSweep';

interface ThresholdSweepProps {
  runs: RunMeta[];
}

const signed = (x: number) =>
  Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${formatNumber(x)}` : 'outside the frontier’s range';

/**
 * The helpfulness–safety frontier across a threshold sweep (e.g. `npm run experiment -- --sweep
 * 'threshold=…;lambdaRule=additive,pid'`, imported here): end reward against end J_C, one colour per λ rule, each
 * rule's points joined in limit order and labelled with their limit; and the true frontier, the fixed-λ baseline at a
 * grid of λ (`npm run experiment -- --frontier`), dashed, so a rule's run can be read against what is reachable.
 */
export function ThresholdSweep({ runs }: ThresholdSweepProps) {
  const groups = useMemo(() => sweepPoints(runs), [runs]);
  const frontier = useMemo(() => frontierPoints(runs), [runs]);
  const rows = [...groups.values()].flat();
  const points = [
    ...rows.map((p, i) => ({
      x: p.reward,
      y: p.episodeCost,
      t: i,
      color: SWEEP_COLORS[p.group],
      label: `${p.name} (${p.group}, limit ${formatNumber(p.threshold)})`,
      tag: p.group === 'ppo' ? 'PPO' : formatNumber(p.threshold),
      ...spreadBars(p.spread),
    })),
    ...frontier.map((p, i) => ({
      x: p.reward,
      y: p.episodeCost,
      t: rows.length + i,
      color: FRONTIER_COLOR,
      label: `${p.name} (fixed λ ${formatNumber(p.lambda)})`,
      tag: `λ=${formatNumber(p.lambda)}`,
      ...spreadBars(p.spread),
    })),
  ];
  const lines: ScatterLine[] = [
    ...(frontier.length >= 2
      ? [
          {
            id: 'frontier',
            color: FRONTIER_COLOR,
            dashed: true,
            testId: 'frontier-line',
            points: frontier.map((p) => ({ x: p.reward, y: p.episodeCost })),
          },
        ]
      : []),
    ...[...groups.entries()]
      .filter(([group, members]) => group !== 'ppo' && members.length >= 2)
      .map(([group, members]) => ({
        id: group,
        color: SWEEP_COLORS[group],
        testId: `sweep-line-${group}`,
        points: members.map((p) => ({ x: p.reward, y: p.episodeCost })),
      })),
  ];
  const thresholds = new Set(rows.filter((p) => p.group !== 'ppo').map((p) => p.threshold));
  const enough = thresholds.size >= 2 || frontier.length >= 2;
  const grouped = [...rows, ...frontier].some((p) => p.spread);
  const cell = (mean: number, spread: { sd: number; min: number; max: number } | undefined) =>
    withSpread(mean, spread, formatNumber);
  return (
    <section aria-labelledby="sweep-heading" data-testid="threshold-sweep">
      <h3 id="sweep-heading">Threshold sweep: the helpfulness–safety frontier</h3>
      {!enough ? (
        <p className="muted">
          Import or pick runs with different cost limits (for example a runner sweep over threshold and λ
          rule) to see how reward trades against cost for each λ rule, and fixed-λ runs (
          <code>npm run experiment -- --frontier</code>, or “Run the frontier” below) for the reachable
          frontier.
        </p>
      ) : (
        <>
          <ScatterPath
            testId="threshold-sweep-plot"
            title="End reward vs end J_C: the fixed-λ frontier (dashed) and each λ rule’s runs in limit order"
            note={`points labelled with their cost limit (fixed-λ runs with their λ); a tighter limit should give lower cost and lower reward; a rule’s run on or above the dashed curve gets all the reward reachable at its cost${grouped ? '; a seed group is drawn at its mean across seeds, with error bars from its lowest to its highest seed (min–max, last iteration)' : ''}`}
            points={points}
            lines={lines}
            xLabel="mean reward R (last iteration)"
            yLabel="episode cost J_C (last iteration)"
            connect={false}
          />
          <ul className="sweep-legend" aria-label="λ rules">
            {frontier.length > 0 && (
              <li>
                <span aria-hidden="true" style={{ color: FRONTIER_COLOR }}>
                  - -
                </span>{' '}
                fixed λ (the frontier)
              </li>
            )}
            {[...groups.keys()].map((group) => (
              <li key={group}>
                <span aria-hidden="true" style={{ color: SWEEP_COLORS[group] }}>
                  ●
                </span>{' '}
                {group === 'ppo' ? 'plain PPO' : `${group} rule`}
              </li>
            ))}
          </ul>
          <div className="runs-table-wrap">
            <table className="table compact sweep-table" data-testid="threshold-sweep-table">
              <thead>
                <tr>
                  <th scope="col">run</th>
                  <th scope="col">λ rule</th>
                  <th scope="col">cost limit</th>
                  <th scope="col">end J_C{grouped ? ' (group: mean ± sd (min … max))' : ''}</th>
                  <th scope="col">end reward{grouped ? ' (group: mean ± sd (min … max))' : ''}</th>
                  <th scope="col">end λ</th>
                  <th scope="col">reward − frontier at the same J_C</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <tr key={p.id}>
                    <td>{p.name}</td>
                    <td>{p.group === 'ppo' ? 'plain PPO' : p.group}</td>
                    <td>{p.group === 'ppo' ? '—' : formatNumber(p.threshold)}</td>
                    <td>{cell(p.episodeCost, p.spread?.episodeCost)}</td>
                    <td>{cell(p.reward, p.spread?.reward)}</td>
                    <td>{formatNumber(p.lambda)}</td>
                    <td data-testid="frontier-gap">
                      {frontier.length >= 2
                        ? signed(p.reward - frontierRewardAt(frontier, p.episodeCost))
                        : 'no frontier runs'}
                    </td>
                  </tr>
                ))}
                {frontier.map((p) => (
                  <tr key={p.id}>
                    <td>{p.name}</td>
                    <td>fixed λ {formatNumber(p.lambda)}</td>
                    <td>—</td>
                    <td>{cell(p.episodeCost, p.spread?.episodeCost)}</td>
                    <td>{cell(p.reward, p.spread?.reward)}</td>
                    <td>{formatNumber(p.lambda)}</td>
                    <td>(the fixed-λ baseline)</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <FrontierRunner />
    </section>
  );
}
