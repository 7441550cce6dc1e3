import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DatasetSummary } from '../../data/summary';
import { categoryDefinition } from './categoryInfo';
import { categoryBars, severityBars, unsafeRateBars } from './summaryStats';
import { useSeverityLabels } from './useDataset';

const BAR_ROW = 20;
const CATEGORY_AXIS_WIDTH = 190;
const MAX_TICK_CHARS = 30;
const AXIS_TICK = { fontSize: 11 };

function CategoryTooltip({ active, payload, unit }: { active?: boolean; payload?: { payload: { category: string; label: string }; value: number }[]; unit: string }) {
  if (!active || !payload?.length) return null;
  const { category, label } = payload[0].payload;
  return (
    <div className="chart-tooltip">
      <strong>{label}</strong>
      <div>
        {unit === '%' ? `${payload[0].value.toFixed(1)}% unsafe` : `${payload[0].value} ${unit}`}
      </div>
      <div className="muted">{categoryDefinition(category)}</div>
    </div>
  );
}

/** A one-line category tick (recharts would wrap long names into overlapping lines); the full name on hover. */
function CategoryTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  const text = String(payload?.value ?? '');
  const short = text.length > MAX_TICK_CHARS ? `${text.slice(0, MAX_TICK_CHARS - 1)}…` : text;
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={11} fill="var(--muted)">
      <title>{text}</title>
      {short}
    </text>
  );
}

/** Three small charts of the loaded data: rows per category, the severity histogram, unsafe rate per category. */
export function SummaryCharts({ summary }: { summary: DatasetSummary }) {
  const labels = useSeverityLabels();
  const data = useMemo(
    () => ({ categories: categoryBars(summary), severities: severityBars(summary, labels), unsafe: unsafeRateBars(summary) }),
    [summary, labels],
  );
  const categoryHeight = Math.max(120, data.categories.length * BAR_ROW + 40);
  const unsafeHeight = Math.max(120, data.unsafe.length * BAR_ROW + 40);
  return (
    <section className="panel summary-charts" aria-labelledby="summary-heading" data-testid="dataset-summary-charts">
      <h2 id="summary-heading">What is loaded</h2>
      <div className="summary-grid">
        <figure className="chart">
          <figcaption>Rows per category</figcaption>
          <ResponsiveContainer width="100%" height={categoryHeight}>
            <BarChart data={data.categories} layout="vertical" margin={{ top: 4, right: 12, bottom: 4, left: 4 }}>
              <CartesianGrid horizontal={false} strokeDasharray="3 3" />
              <XAxis type="number" tick={AXIS_TICK} allowDecimals={false} />
              <YAxis type="category" dataKey="label" width={CATEGORY_AXIS_WIDTH} tick={(props) => <CategoryTick {...props} />} interval={0} />
              <Tooltip content={<CategoryTooltip unit="rows" />} />
              <Bar dataKey="rows" fill="var(--accent)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="chart">
          <figcaption>Image severity (labels are a configurable guess)</figcaption>
          <ResponsiveContainer width="100%" height={200}>
            <BarChart data={data.severities} margin={{ top: 4, right: 12, bottom: 4, left: 4 }}>
              <CartesianGrid vertical={false} strokeDasharray="3 3" />
              <XAxis dataKey="label" tick={AXIS_TICK} interval={0} />
              <YAxis tick={AXIS_TICK} allowDecimals={false} width={44} />
              <Tooltip formatter={(value) => [`${String(value)} rows`, 'count']} />
              <Bar dataKey="rows" fill="var(--warn)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <figure className="chart">
          <figcaption>Unsafe responses per category (%)</figcaption>
          <ResponsiveContainer width="100%" height={unsafeHeight}>
            <BarChart data={data.unsafe} layout="vertical" margin={{ top: 4, right: 12, bottom: 4, left: 4 }}>
              <CartesianGrid horizontal={false} strokeDasharray="3 3" />
              <XAxis type="number" domain={[0, 100]} tick={AXIS_TICK} unit="%" />
              <YAxis type="category" dataKey="label" width={CATEGORY_AXIS_WIDTH} tick={(props) => <CategoryTick {...props} />} interval={0} />
              <Tooltip content={<CategoryTooltip unit="%" />} />
              <Bar dataKey="unsafePercent" fill="var(--unsafe)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      </div>
    </section>
  );
}
