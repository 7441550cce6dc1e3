import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ModerationRunResult } from '../../worker/guardHandlers';

/**
 * Safety rate by round: round 0 is the unguarded policy; round r is the outcome had the loop stopped after r rounds
 * (what was accepted, the fallback for what was still flagged).
 */
export function RoundChart({ run }: { run: ModerationRunResult }) {
  const data = [
    { round: 0, cost: run.before.safeRateCost * 100, rule: run.before.safeRateRule * 100 },
    ...run.rounds.map((r) => ({ round: r.round, cost: r.safeRateCost * 100, rule: r.safeRateRule * 100 })),
  ];
  return (
    <figure className="chart" data-testid="moderation-round-chart" data-points={data.length}>
      <figcaption>Safety rate by round (round 0 = the unguarded policy)</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" />
          <XAxis
            dataKey="round"
            type="number"
            domain={[0, 'dataMax']}
            allowDecimals={false}
            tick={{ fontSize: 11 }}
          />
          <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 11 }} width={48} />
          <Tooltip
            formatter={(value) => `${Number(value).toFixed(1)}%`}
            labelFormatter={(round) => `Round ${round}`}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            dataKey="cost"
            name="Safe by the cost model (C ≤ 0)"
            stroke="var(--cost)"
            dot
            isAnimationActive={false}
          />
          <Line
            dataKey="rule"
            name="Safe by the dataset rule"
            stroke="var(--accent)"
            strokeDasharray="5 3"
            dot
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
