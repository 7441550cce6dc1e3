import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useMetricTable } from '../../state/store';

/** The tiny MLP's loss, drawn live from the batched worker metrics. */
export function DemoLossChart() {
  const { table, version } = useMetricTable('demo');
  if (!table) return null;
  const steps = table.column('step');
  const losses = table.column('loss');
  const data = Array.from(steps, (step, i) => ({ step, loss: losses[i] }));
  return (
    <figure className="chart" data-testid="demo-chart" data-points={data.length} data-version={version}>
      <figcaption>Tiny MLP loss (step {data.length ? data[data.length - 1].step : 0})</figcaption>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tick={{ fontSize: 11 }} />
          <YAxis scale="log" domain={['auto', 'auto']} allowDataOverflow tick={{ fontSize: 11 }} width={48} />
          <Tooltip />
          <Line dataKey="loss" stroke="var(--accent)" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
