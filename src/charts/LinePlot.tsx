import { memo, useMemo, useRef, useState, type PointerEvent } from 'react';
import type { ChartData, ChartSeries, ChartStepLine } from './chartData';
import { setHoveredX, useHoveredX } from './hoverSync';
import { placeLineLabel, textWidth } from './labelPlacement';
import { areaPath, linePath, nearestIndex, stepAreaAbovePath, stepPath, xAtPixel, xMapper, yMapper, type PlotBox } from './plotGeometry';
import { formatNumber, logTicks, niceTicks, symlogTicks, type YScale } from './scales';

export interface ChartReferenceLine {
  y: number;
  label: string;
  color?: string;
  /** Class on the line's <g>, so tests and styles can find it (e.g. 'ref-lambda-max'). */
  className?: string;
}

export interface LinePlotProps {
  data: ChartData;
  series: ChartSeries[];
  stepLines: ChartStepLine[];
  hidden: ReadonlySet<number>;
  scale: YScale;
  referenceLines: ChartReferenceLine[];
  width: number;
  height: number;
  /** Charts with the same id share the crosshair and tooltip (matched by x value). */
  syncId: string;
  title: string;
  xLabel: string;
  /** Larger type and lines (charts meant to be read from the back of a room). */
  large?: boolean;
  /** Axis and label text size in px (default 13 when large, else 11; the presentation view uses 16). */
  fontSize?: number;
  /** What a series' band shows, e.g. "min–max over 4 seeds" (its tooltip). */
  bandLabel?: string;
  /** Draw each member seed's own line (thin) under a group's mean. */
  showMembers?: boolean;
  onZoom: (range: [number, number]) => void;
}

/** Points tested along each curve segment when placing step-line labels. */
const SEGMENT_SAMPLES = 8;

/** Round ticks for the y axis; on a linear axis the domain snaps out to the outer ticks. */
export function axisTicks(domain: [number, number], scale: YScale): { domain: [number, number]; ticks: number[] } {
  if (scale === 'log') return { domain, ticks: logTicks(domain[0], domain[1]).filter((t) => t >= domain[0] && t <= domain[1]) };
  if (scale === 'symlog') return { domain, ticks: symlogTicks(domain[0], domain[1]) };
  const ticks = niceTicks(domain[0], domain[1]);
  return ticks.length >= 2 ? { domain: [ticks[0], ticks[ticks.length - 1]], ticks } : { domain, ticks };
}

/**
 * Whole-number round ticks inside the x range, about one per 90 px: every x axis counts iterations or training
 * steps, so a tick at 0.5 would name a step that does not exist.
 */
export function xAxisTicks(range: [number, number], width: number): number[] {
  const [lo, hi] = range;
  if (lo === hi) return [lo];
  const count = Math.max(2, Math.min(8, Math.floor(width / 90)));
  return niceTicks(lo, hi, count).filter((t) => t >= lo && t <= hi && Number.isInteger(t));
}

/**
 * A line chart drawn as plain SVG from precomputed columns: grid, axes with an x-axis title, reference lines, step
 * lines of recorded settings, faint raw and bold smoothed series, drag-to-zoom and a synced crosshair. It holds a
 * few dozen nodes and at most one path vertex per pixel column and series, so redrawing a chart at every metrics
 * flush stays a couple of milliseconds (recharts' generic machinery took tens: issue 12).
 */
export const LinePlot = memo(function LinePlot(props: LinePlotProps) {
  const { data, width, height, scale, large } = props;
  const svgRef = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const font = props.fontSize ?? (large ? 13 : 11);

  const layout = useMemo(() => {
    const { domain, ticks } = axisTicks(data.domain!, scale);
    const labels = ticks.map((t) => formatNumber(t));
    const labelWidth = Math.max(2, ...labels.map((l) => l.length)) * font * 0.62;
    // A step line far above the data is drawn as a "↑ label" marker in a band of its own above the plot, so it
    // never sits on the curve's peak.
    const markerBand = data.steps.some((trace) => trace.offAxis && trace.xs.length > 0) ? font + 6 : 0;
    const box: PlotBox = {
      left: Math.ceil(labelWidth + 10),
      right: Math.max(width - 14, labelWidth + 40),
      top: 8 + markerBand,
      bottom: height - (2 * font + 14),
    };
    const range = data.xRange!;
    return { domain, ticks, labels, box, range, mapX: xMapper(range, box), mapY: yMapper(scale, domain, box) };
  }, [data, scale, width, height, font]);
  const { box, range, mapX, mapY } = layout;

  const curves = useMemo(() => {
    const rawPaths = data.raw?.map((ys) => linePath(data.xs, ys, mapX, mapY)) ?? [];
    const mainPaths = data.main.map((ys) => linePath(data.xs, ys, mapX, mapY));
    const stepPaths = data.steps.map((trace) => (trace.offAxis ? '' : stepPath(trace.xs, trace.ys, mapX, mapY)));
    const bandPaths = data.bands.map((band) => (band ? areaPath(data.xs, band.low, band.high, mapX, mapY) : ''));
    const memberPaths = data.members.map((members) => members.map((ys) => linePath(data.xs, ys, mapX, mapY)));
    const shadePaths = data.steps.map((trace, k) =>
      props.stepLines[k]?.shadeAbove && !trace.offAxis ? stepAreaAbovePath(trace.xs, trace.ys, mapX, mapY, box.top, box.bottom) : '',
    );
    return { rawPaths, mainPaths, stepPaths, bandPaths, memberPaths, shadePaths };
  }, [data, mapX, mapY, box, props.stepLines]);

  // Step-line labels go where no drawn curve passes (above or below the line, right or left end).
  const stepLabels = useMemo(() => {
    const pointsX: number[] = [];
    const pointsY: number[] = [];
    data.main.forEach((ys, i) => {
      if (props.hidden.has(i)) return;
      for (let j = 0; j < data.xs.length; j++) {
        const x = mapX(data.xs[j]);
        const y = mapY(ys[j]);
        // Points along the segment from the previous vertex too, so a line crossing the label counts, not only
        // its vertices.
        if (j > 0) {
          const px = mapX(data.xs[j - 1]);
          const py = mapY(ys[j - 1]);
          for (let t = 1; t < SEGMENT_SAMPLES; t++) {
            pointsX.push(px + ((x - px) * t) / SEGMENT_SAMPLES);
            pointsY.push(py + ((y - py) * t) / SEGMENT_SAMPLES);
          }
        }
        pointsX.push(x);
        pointsY.push(y);
      }
    });
    return props.stepLines.map((line, k) => {
      const trace = data.steps[k];
      if (!trace || trace.xs.length === 0 || trace.offAxis) return null;
      const text = `${line.label} ${formatNumber(trace.last)}`;
      return { text, ...placeLineLabel(mapY(trace.last), textWidth(text.length, font), font, box, pointsX, pointsY) };
    });
  }, [data, mapX, mapY, box, font, props.stepLines, props.hidden]);

  const xTicks = useMemo(() => xAxisTicks(range, box.right - box.left), [range, box]);

  const xAt = (event: PointerEvent<SVGElement>): number => {
    const rect = svgRef.current!.getBoundingClientRect();
    const x = xAtPixel(event.clientX - rect.left, range, box);
    const i = nearestIndex(data.xs, x);
    return i >= 0 ? data.xs[i] : x;
  };

  const inside = (y: number) => y >= box.top - 0.5 && y <= box.bottom + 0.5;
  return (
    <div className="line-plot" style={{ height }}>
      <svg
        ref={svgRef}
        className="line-plot-svg"
        width={width}
        height={height}
        role="img"
        aria-label={`${props.title}: ${props.series.map((s) => s.label).join(', ')} by ${props.xLabel}; drag across the chart to zoom.`}
        fontSize={font}
        onPointerDown={(event) => {
          if (event.button !== 0) return;
          const x = xAt(event);
          svgRef.current?.setPointerCapture?.(event.pointerId);
          setDrag({ from: x, to: x });
        }}
        onPointerMove={(event) => {
          const x = xAt(event);
          setHoveredX(props.syncId, x);
          if (drag && x !== drag.to) setDrag({ ...drag, to: x });
        }}
        onPointerUp={() => {
          if (drag && drag.from !== drag.to) props.onZoom([Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)]);
          setDrag(null);
        }}
        onPointerLeave={() => {
          setHoveredX(props.syncId, null);
          setDrag(null);
        }}
      >
        <rect x={box.left} y={box.top} width={box.right - box.left} height={box.bottom - box.top} fill="transparent" />
        <g className="plot-grid" stroke="var(--line)" strokeDasharray="3 3">
          {layout.ticks.map((t) => {
            const y = mapY(t);
            return inside(y) ? <line key={t} x1={box.left} x2={box.right} y1={y} y2={y} /> : null;
          })}
        </g>
        <g className="plot-axis plot-axis-y" fill="var(--muted)" textAnchor="end">
          {layout.ticks.map((t, k) => {
            const y = mapY(t);
            return inside(y) ? (
              <text key={t} x={box.left - 6} y={y} dy="0.32em">
                {layout.labels[k]}
              </text>
            ) : null;
          })}
        </g>
        <g className="plot-axis plot-axis-x" fill="var(--muted)" textAnchor="middle">
          <line x1={box.left} x2={box.right} y1={box.bottom} y2={box.bottom} stroke="var(--muted)" />
          {xTicks.map((t) => (
            <text key={t} x={mapX(t)} y={box.bottom + font + 3}>
              {formatNumber(t)}
            </text>
          ))}
          <text className="plot-axis-title" x={(box.left + box.right) / 2} y={height - 4} fill="var(--ink)">
            {props.xLabel}
          </text>
        </g>
        {props.referenceLines.map((line) => {
          const y = mapY(line.y);
          if (!inside(y)) return null;
          const color = line.color ?? 'var(--muted)';
          return (
            <g key={line.label} className={line.className}>
              <line x1={box.left} x2={box.right} y1={y} y2={y} stroke={color} strokeDasharray="5 4" />
              <text x={box.right - 4} y={y - 4} textAnchor="end" fill={color}>
                {line.label} {formatNumber(line.y)}
              </text>
            </g>
          );
        })}
        {props.stepLines.map((line, k) =>
          line.shadeAbove && curves.shadePaths[k] ? (
            <path key={`shade-${line.column}`} d={curves.shadePaths[k]} data-testid={line.shadeAbove.testId} fill={line.shadeAbove.color} fillOpacity={0.08} stroke="none">
              <title>{line.shadeAbove.label}</title>
            </path>
          ) : null,
        )}
        {props.stepLines.map((line, k) => {
          const trace = data.steps[k];
          if (!trace || trace.xs.length === 0) return null;
          const changes = trace.ys.filter((y, j) => j === 0 || y !== trace.ys[j - 1]).length - 1;
          return (
            <g key={line.column} className={line.className}>
              <path
                d={curves.stepPaths[k]}
                data-testid={line.testId}
                data-values={trace.ys.map((y, j) => `${trace.xs[j]}:${y}`).join(' ')}
                fill="none"
                stroke={line.color}
                strokeWidth={large ? 2 : 1.5}
                strokeDasharray="6 3"
              >
                <title>
                  {`${line.label}: ${formatNumber(trace.ys[0])}${changes > 0 ? `, changed ${changes}× (last ${formatNumber(trace.last)})` : ''}`}
                </title>
              </path>
            </g>
          );
        })}
        {curves.bandPaths.map((d, i) =>
          props.hidden.has(i) || !d ? null : (
            <path
              key={`band-${props.series[i].column}`}
              className="seed-band"
              data-testid="seed-band"
              d={d}
              fill={props.series[i].color}
              fillOpacity={0.18}
              stroke="none"
            >
              <title>{`${props.series[i].label}: ${props.bandLabel ?? 'spread across seeds'}`}</title>
            </path>
          ),
        )}
        {props.showMembers &&
          curves.memberPaths.map((paths, i) =>
            props.hidden.has(i)
              ? null
              : paths.map((d, m) => (
                  <path
                    key={`member-${props.series[i].column}-${m}`}
                    className="seed-member"
                    data-testid="seed-member-line"
                    d={d}
                    fill="none"
                    stroke={props.series[i].color}
                    strokeOpacity={0.55}
                    strokeWidth={0.75}
                  />
                )),
          )}
        {curves.rawPaths.map((d, i) =>
          props.hidden.has(i) ? null : (
            <path
              key={`raw-${props.series[i].column}`}
              className={`series-raw series-raw-${i}`}
              d={d}
              fill="none"
              stroke={props.series[i].color}
              strokeOpacity={0.25}
              strokeWidth={1}
            />
          ),
        )}
        {curves.mainPaths.map((d, i) =>
          props.hidden.has(i) ? null : (
            <path
              key={props.series[i].column}
              className={`series-main series-main-${i}`}
              d={d}
              fill="none"
              stroke={props.series[i].color}
              strokeWidth={large ? 2.5 : 2}
              strokeLinejoin="round"
              strokeLinecap="round"
            />
          ),
        )}
        {/* Step lines' labels over the curves, with a halo of the page colour, so a curve never crosses them. */}
        <g className="step-labels" fill="var(--ink)" stroke="var(--panel)" strokeWidth={4} paintOrder="stroke" textAnchor="end">
          {props.stepLines.map((line, k) => {
            const trace = data.steps[k];
            if (!trace || trace.xs.length === 0) return null;
            const lastY = mapY(trace.last);
            // Ink-coloured text: run colours (e.g. Tableau yellow) are too light for text on white.
            if (trace.offAxis) {
              return (
                <text key={line.column} x={box.right - 4} y={box.top - 6} className="off-axis-marker">
                  ↑ {line.label} {formatNumber(trace.last)} (above the axis)
                </text>
              );
            }
            const label = stepLabels[k];
            return label && inside(lastY) ? (
              <text key={line.column} x={label.x} y={label.y} textAnchor={label.anchor}>
                {label.text}
              </text>
            ) : null;
          })}
        </g>
        {drag && drag.from !== drag.to && (
          <rect
            className="plot-zoom-area"
            x={Math.min(mapX(drag.from), mapX(drag.to))}
            y={box.top}
            width={Math.abs(mapX(drag.to) - mapX(drag.from))}
            height={box.bottom - box.top}
            fill="var(--accent)"
            fillOpacity={0.12}
          />
        )}
        <HoverMarks syncId={props.syncId} data={data} hidden={props.hidden} series={props.series} mapX={mapX} mapY={mapY} box={box} />
      </svg>
      <HoverTooltip syncId={props.syncId} data={data} hidden={props.hidden} series={props.series} mapX={mapX} box={box} xLabel={props.xLabel} width={width} />
    </div>
  );
});

interface HoverProps {
  syncId: string;
  data: ChartData;
  hidden: ReadonlySet<number>;
  series: ChartSeries[];
  mapX: (x: number) => number;
  box: PlotBox;
}

/** The row under the synced crosshair, or −1 (the nearest drawn x, within the shown range). */
function useHoveredRow(syncId: string, xs: Float64Array): number {
  const x = useHoveredX(syncId);
  if (x === null || xs.length === 0 || x < xs[0] - 0.5 || x > xs[xs.length - 1] + 0.5) return -1;
  return nearestIndex(xs, x);
}

function HoverMarks(props: HoverProps & { mapY: (y: number) => number }) {
  const row = useHoveredRow(props.syncId, props.data.xs);
  if (row < 0) return null;
  const x = props.mapX(props.data.xs[row]);
  return (
    <g className="plot-hover" pointerEvents="none">
      <line x1={x} x2={x} y1={props.box.top} y2={props.box.bottom} stroke="var(--muted)" strokeDasharray="2 2" />
      {props.data.main.map((ys, i) => {
        const y = props.mapY(ys[row]);
        return props.hidden.has(i) || !Number.isFinite(y) ? null : (
          <circle key={i} cx={x} cy={y} r={3.5} fill={props.series[i].color} stroke="#fff" strokeWidth={1.5} />
        );
      })}
    </g>
  );
}

function HoverTooltip(props: HoverProps & { xLabel: string; width: number }) {
  const row = useHoveredRow(props.syncId, props.data.xs);
  if (row < 0) return null;
  const x = props.mapX(props.data.xs[row]);
  const onLeft = x > props.width / 2;
  return (
    <div
      className="plot-tooltip"
      style={onLeft ? { right: props.width - x + 10, top: props.box.top } : { left: x + 10, top: props.box.top }}
      aria-hidden="true"
    >
      <div className="plot-tooltip-x">
        {props.xLabel} {formatNumber(props.data.xs[row])}
      </div>
      {props.series.map((s, i) =>
        props.hidden.has(i) ? null : (
          <div key={s.column}>
            <span className="swatch" style={{ background: s.color }} /> {s.label}: {formatNumber(props.data.main[i][row])}
            {s.members && props.data.members[i].length > 0 && (
              <div className="plot-tooltip-members" data-testid="tooltip-seeds">
                {s.members.map((member, m) => `${member.label} ${formatNumber(props.data.members[i][m]?.[row] ?? NaN)}`).join(' · ')}
              </div>
            )}
          </div>
        ),
      )}
    </div>
  );
}
