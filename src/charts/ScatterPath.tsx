import { memo, useId, useMemo, useRef } from 'react';
import { xMapper, yMapper, type PlotBox } from './plotGeometry';
import { formatNumber, niceTicks, yDomain } from './scales';
import { useElementWidth } from './useElementWidth';
import './charts.css';

export interface PlanePoint {
  x: number;
  y: number;
  /** Ordering value (iteration, or run index); colours go from light (early) to dark (late). */
  t: number;
  label?: string;
  /** Overrides the t-based colour (e.g. one colour per run). */
  color?: string;
  /** A short text drawn beside the point (e.g. its cost limit). */
  tag?: string;
  /** The point's spread along x and y (e.g. a seed group's min–max), drawn as error bars; the caller's note says which. */
  xRange?: [number, number];
  yRange?: [number, number];
}

const finiteRange = (range: [number, number] | undefined): range is [number, number] =>
  range !== undefined && Number.isFinite(range[0]) && Number.isFinite(range[1]);

/** A polyline through given points (e.g. one λ rule's runs in limit order, or the fixed-λ frontier). */
export interface ScatterLine {
  id: string;
  color: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
  /** data-testid of the drawn path. */
  testId?: string;
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
  /** Lines joining chosen points, drawn under them. */
  lines?: ScatterLine[];
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

/** Shades along the path: points are drawn as one round-capped path per shade (a few nodes, not one per point). */
const SHADES = 8;

const px = (v: number) => Math.round(v * 10) / 10;

/**
 * The helpfulness–safety plane: x = mean reward (helpfulness), y = mean cost (harm), the feasible region
 * cost ≤ threshold shaded, and the policy's path over iterations with the latest point emphasised. With
 * `connect={false}` and per-point colours it doubles as a scatter of runs. Plain SVG with a handful of nodes, so
 * it redraws cheaply while training (issue 12).
 */
export const ScatterPath = memo(function ScatterPath(props: ScatterPathProps) {
  const { points, threshold, height = 260 } = props;
  const titleId = useId();
  const plotRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(plotRef);

  const drawn = useMemo(() => {
    const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    const thinned = thinPath(finite, props.maxPoints ?? 400);
    const tMin = thinned.length ? thinned[0].t : 0;
    const tMax = thinned.length ? thinned[thinned.length - 1].t : 1;
    return thinned.map((p) => {
      const u = tMax > tMin ? (p.t - tMin) / (tMax - tMin) : 1;
      const shade = Math.min(SHADES - 1, Math.floor(u * SHADES));
      return { ...p, shade, fill: p.color ?? pathColor((shade + 0.5) / SHADES) };
    });
  }, [points, props.maxPoints]);

  // Error bars stay inside the axes.
  const xExtent = drawn.flatMap((p) => (finiteRange(p.xRange) ? [p.x, ...p.xRange] : [p.x]));
  const yExtent = drawn.flatMap((p) => (finiteRange(p.yRange) ? [p.y, ...p.yRange] : [p.y]));
  const x = niceAxis(yDomain(xExtent, 'linear'));
  const y = niceAxis(yDomain(yExtent, 'linear', threshold !== undefined ? [threshold] : []));
  const latest = drawn[drawn.length - 1];

  const plot = useMemo(() => {
    if (!x.domain || !y.domain || width === 0 || drawn.length === 0) return null;
    const box: PlotBox = { left: 60, right: width - 16, top: 8, bottom: height - 40 };
    const mapX = xMapper(x.domain, box);
    const mapY = yMapper('linear', y.domain, box);
    const byShade: string[] = Array.from({ length: SHADES }, () => '');
    let trail = '';
    drawn.forEach((p, i) => {
      const cx = px(mapX(p.x));
      const cy = px(mapY(p.y));
      if (!p.color) byShade[p.shade] += `M${cx} ${cy}h0.01`;
      trail += `${i === 0 ? 'M' : 'L'}${cx} ${cy}`;
    });
    return { box, mapX, mapY, byShade, trail };
  }, [drawn, x.domain, y.domain, width, height]);

  return (
    <figure className="metric-chart" data-testid={props.testId} data-points={drawn.length} aria-labelledby={titleId}>
      <div className="metric-chart-head">
        <figcaption id={titleId}>{props.title}</figcaption>
      </div>
      {props.note && <p className="chart-note">{props.note}</p>}
      <div className="chart-plot" ref={plotRef}>
        {!plot ? (
          <div className="chart-empty" style={{ height }}>
            {drawn.length === 0 ? (props.emptyText ?? 'No data yet.') : ''}
          </div>
        ) : (
          <svg
            className="line-plot-svg scatter-plot-svg"
            width={width}
            height={height}
            role="img"
            aria-label={`${props.title}: ${props.yLabel} against ${props.xLabel}, ${drawn.length} points`}
            fontSize={11}
          >
            {threshold !== undefined && (
              <rect
                className="feasible-area"
                x={plot.box.left}
                width={plot.box.right - plot.box.left}
                y={Math.max(plot.box.top, Math.min(plot.box.bottom, plot.mapY(threshold)))}
                height={Math.max(0, plot.box.bottom - Math.max(plot.box.top, Math.min(plot.box.bottom, plot.mapY(threshold))))}
                fill="var(--safe)"
                fillOpacity={0.08}
              />
            )}
            <g stroke="var(--line)" strokeDasharray="3 3">
              {(y.ticks ?? []).map((t) => (
                <line key={`y${t}`} x1={plot.box.left} x2={plot.box.right} y1={plot.mapY(t)} y2={plot.mapY(t)} />
              ))}
              {(x.ticks ?? []).map((t) => (
                <line key={`x${t}`} y1={plot.box.top} y2={plot.box.bottom} x1={plot.mapX(t)} x2={plot.mapX(t)} />
              ))}
            </g>
            <g fill="var(--muted)">
              {(y.ticks ?? []).map((t) => (
                <text key={t} x={plot.box.left - 6} y={plot.mapY(t)} dy="0.32em" textAnchor="end">
                  {formatNumber(t)}
                </text>
              ))}
              {(x.ticks ?? []).map((t) => (
                <text key={t} x={plot.mapX(t)} y={plot.box.bottom + 14} textAnchor="middle">
                  {formatNumber(t)}
                </text>
              ))}
            </g>
            <text className="plot-axis-title" x={(plot.box.left + plot.box.right) / 2} y={height - 6} textAnchor="middle" fill="var(--ink)">
              {props.xLabel}
            </text>
            <text
              className="plot-axis-title"
              transform={`translate(12 ${(plot.box.top + plot.box.bottom) / 2}) rotate(-90)`}
              textAnchor="middle"
              fill="var(--ink)"
            >
              {props.yLabel}
            </text>
            {threshold !== undefined && (
              <g className="ref-threshold">
                <line
                  x1={plot.box.left}
                  x2={plot.box.right}
                  y1={plot.mapY(threshold)}
                  y2={plot.mapY(threshold)}
                  stroke="var(--cost)"
                  strokeDasharray="5 4"
                />
                <text x={plot.box.right - 4} y={plot.mapY(threshold) - 4} textAnchor="end" fill="var(--cost)">
                  cost limit {formatNumber(threshold)}
                </text>
              </g>
            )}
            {props.connect && <path d={plot.trail} fill="none" stroke="var(--lambda)" strokeOpacity={0.35} />}
            {(props.lines ?? []).map((line) => {
              const finite = line.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
              if (finite.length < 2) return null;
              const d = finite.map((p, i) => `${i === 0 ? 'M' : 'L'}${px(plot.mapX(p.x))} ${px(plot.mapY(p.y))}`).join('');
              return (
                <path key={line.id} d={d} data-testid={line.testId} fill="none" stroke={line.color} strokeWidth={1.5} strokeDasharray={line.dashed ? '6 4' : undefined} />
              );
            })}
            {drawn.map((p, i) => {
              const xs = finiteRange(p.xRange) ? p.xRange : null;
              const ys = finiteRange(p.yRange) ? p.yRange : null;
              if (!xs && !ys) return null;
              const [cx, cy] = [px(plot.mapX(p.x)), px(plot.mapY(p.y))];
              const cap = 4;
              let d = '';
              if (xs) {
                const [x0, x1] = [px(plot.mapX(xs[0])), px(plot.mapX(xs[1]))];
                d += `M${x0} ${cy}H${x1}M${x0} ${cy - cap}V${cy + cap}M${x1} ${cy - cap}V${cy + cap}`;
              }
              if (ys) {
                const [y0, y1] = [px(plot.mapY(ys[0])), px(plot.mapY(ys[1]))];
                d += `M${cx} ${y0}V${y1}M${cx - cap} ${y0}H${cx + cap}M${cx - cap} ${y1}H${cx + cap}`;
              }
              return <path key={`spread${i}`} d={d} data-testid="point-spread" fill="none" stroke={p.color ?? 'var(--muted)'} strokeWidth={1.2} />;
            })}
            {plot.byShade.map((d, k) =>
              d ? <path key={k} d={d} stroke={pathColor((k + 0.5) / SHADES)} strokeWidth={8} strokeLinecap="round" /> : null,
            )}
            {drawn.map((p, i) =>
              p.color ? (
                <circle key={i} cx={plot.mapX(p.x)} cy={plot.mapY(p.y)} r={5} fill={p.color}>
                  <title>{`${p.label ?? ''}: ${props.xLabel} ${formatNumber(p.x)}, ${props.yLabel} ${formatNumber(p.y)}`}</title>
                </circle>
              ) : null,
            )}
            <g className="point-tags" fill="var(--ink)" stroke="var(--panel)" strokeWidth={3} paintOrder="stroke">
              {drawn.map((p, i) =>
                p.tag ? (
                  <text key={i} x={plot.mapX(p.x) + 7} y={plot.mapY(p.y) - 6} data-testid="point-tag">
                    {p.tag}
                  </text>
                ) : null,
              )}
            </g>
            {latest && (
              <circle
                className="plane-latest"
                cx={plot.mapX(latest.x)}
                cy={plot.mapY(latest.y)}
                r={7}
                fill={latest.color ?? 'var(--lambda)'}
                stroke="#fff"
                strokeWidth={2}
              />
            )}
          </svg>
        )}
      </div>
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
