import { memo, useId, useMemo } from 'react';
import {
  CartesianGrid,
  Cell,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatNumber, niceTicks, yDomain } from './scales';
import './charts.css';

export interface PlanePoint {
  x: number;
  y: number;
  /** Ordering value (iteration, or run index); colours go from light (early) to dark (late). */
  t: number;
  label?: string;
  /** Overrides the t-based colour (e.g. one colour per run). */
  color?: string;
}

export interface ScatterPathProps {
  testId: string;
  title: string;
  note?: string;
  points: PlanePoint[];
  /** Cost limit: the region y ≤ threshold is shaded as feasible. */
  threshold?: number;
  xLabel: string;
  yLabel: string;
  /** Draw the points as a path in t order (a trajectory) rather than a cloud. */
  connect?: boolean;
  height?: number;
  maxPoints?: number;
  emptyText?: string;
}

function niceAxis(domain: [number, number] | undefined): { domain: [number, number] | undefined; ticks?: number[] } {
  if (!domain) return { domain };
  const ticks = niceTicks(domain[0], domain[1]);
  return ticks.length >= 2 ? { domain: [ticks[0], ticks[ticks.length - 1]], ticks } : { domain };
}

/** Even thinning by index that always keeps the last point (the current one). */
export function thinPath<T>(points: T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return points;
  const step = (points.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, k) => points[Math.round(k * step)]);
}

/** Colour for position u ∈ [0, 1] along the path: pale lilac (early) to deep violet (latest). */
export function pathColor(u: number): string {
  const clamped = Math.min(1, Math.max(0, u));
  return `hsl(${258 - 20 * clamped} ${45 + 35 * clamped}% ${82 - 50 * clamped}%)`;
}

/**
 * The helpfulness–safety plane: x = mean reward (helpfulness), y = mean cost (harm), the feasible region
 * cost ≤ threshold shaded, and the policy's path over iterations with the latest point emphasised. With
 * `connect={false}` and per-point colours it doubles as a scatter of runs.
 */
export const ScatterPath = memo(function ScatterPath(props: ScatterPathProps) {
  const { points, threshold, height = 260 } = props;
  const titleId = useId();
  const drawn = useMemo(() => {
    const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    const thinned = thinPath(finite, props.maxPoints ?? 400);
    const tMin = thinned.length ? thinned[0].t : 0;
    const tMax = thinned.length ? thinned[thinned.length - 1].t : 1;
    return thinned.map((p) => ({ ...p, fill: p.color ?? pathColor(tMax > tMin ? (p.t - tMin) / (tMax - tMin) : 1) }));
  }, [points, props.maxPoints]);

  const x = niceAxis(yDomain(drawn.map((p) => p.x), 'linear'));
  const y = niceAxis(yDomain(drawn.map((p) => p.y), 'linear', threshold !== undefined ? [threshold] : []));
  const xDomain = x.domain;
  const yDom = y.domain;
  const latest = drawn[drawn.length - 1];

  return (
    <figure className="metric-chart" data-testid={props.testId} data-points={drawn.length} aria-labelledby={titleId}>
      <div className="metric-chart-head">
        <figcaption id={titleId}>{props.title}</figcaption>
      </div>
      {props.note && <p className="chart-note">{props.note}</p>}
      {drawn.length === 0 || !xDomain || !yDom ? (
        <div className="chart-empty" style={{ height }}>
          {props.emptyText ?? 'No data yet.'}
        </div>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <ScatterChart margin={{ top: 8, right: 16, bottom: 18, left: 4 }} title={props.title}>
            <CartesianGrid stroke="var(--line)" strokeDasharray="3 3" />
            {threshold !== undefined && (
              <ReferenceArea
                y1={yDom[0]}
                y2={Math.min(threshold, yDom[1])}
                fill="var(--safe)"
                fillOpacity={0.08}
                ifOverflow="hidden"
                label={{ value: 'feasible (cost ≤ limit)', position: 'insideBottomLeft', fontSize: 11, fill: 'var(--safe)' }}
              />
            )}
            {threshold !== undefined && (
              <ReferenceLine
                y={threshold}
                className="ref-threshold"
                stroke="var(--cost)"
                strokeDasharray="5 4"
                label={{ value: `cost limit ${formatNumber(threshold)}`, position: 'insideTopRight', fontSize: 11, fill: 'var(--cost)' }}
              />
            )}
            <XAxis
              dataKey="x"
              type="number"
              name={props.xLabel}
              domain={xDomain}
              ticks={x.ticks}
              allowDataOverflow
              tick={{ fontSize: 11 }}
              tickFormatter={(v: number) => formatNumber(v)}
              label={{ value: props.xLabel, position: 'insideBottom', offset: -10, fontSize: 11 }}
            />
            <YAxis
              dataKey="y"
              type="number"
              name={props.yLabel}
              domain={yDom}
              ticks={y.ticks}
              allowDataOverflow
              tick={{ fontSize: 11 }}
              tickFormatter={(v: number) => formatNumber(v)}
              width={52}
              label={{ value: props.yLabel, angle: -90, position: 'insideLeft', fontSize: 11 }}
            />
            <Tooltip
              isAnimationActive={false}
              contentStyle={{ fontSize: 12 }}
              formatter={(value: unknown) => (typeof value === 'number' ? formatNumber(value) : String(value))}
              labelFormatter={() => ''}
            />
            <Scatter
              data={drawn}
              name={props.title}
              line={props.connect ? { stroke: 'var(--lambda)', strokeOpacity: 0.35 } : false}
              lineJointType="linear"
              isAnimationActive={false}
              shape="circle"
            >
              {drawn.map((p, i) => (
                <Cell key={i} fill={p.fill} />
              ))}
            </Scatter>
            {latest && (
              <Scatter
                data={[latest]}
                name="latest"
                isAnimationActive={false}
                fill={latest.color ?? 'var(--lambda)'}
                stroke="#fff"
                strokeWidth={2}
                shape={(shapeProps: { cx?: number; cy?: number }) => (
                  <circle cx={shapeProps.cx} cy={shapeProps.cy} r={7} fill={latest.color ?? 'var(--lambda)'} stroke="#fff" strokeWidth={2} />
                )}
              />
            )}
          </ScatterChart>
        </ResponsiveContainer>
      )}
      {latest && (
        <p className="chart-note">
          Latest{latest.label ? ` (${latest.label})` : ''}: {props.xLabel} {formatNumber(latest.x)}, {props.yLabel}{' '}
          {formatNumber(latest.y)}
          {threshold !== undefined && (latest.y <= threshold ? ' — inside the feasible region.' : ' — above the cost limit.')}
        </p>
      )}
    </figure>
  );
});
