import { useId } from 'react';
import { Y_SCALES, Y_SCALE_LABELS, type YScale } from './scales';
import type { SmoothingKind } from './smoothing';

export interface ChartToolbarProps {
  testId: string;
  smoothing: number;
  onSmoothing: (value: number) => void;
  smoothingKind: SmoothingKind;
  onSmoothingKind: (kind: SmoothingKind) => void;
  scale: YScale;
  onScale: (scale: YScale) => void;
  zoomed: boolean;
  onResetZoom: () => void;
}

/** Smoothing, y scale and zoom reset of one chart. */
export function ChartToolbar(props: ChartToolbarProps) {
  const id = useId();
  const { testId } = props;
  return (
    <div className="chart-toolbar" data-export-skip>
      <label className="chart-control" htmlFor={`${id}-smooth`}>
        <span>Smoothing</span>
        <input
          id={`${id}-smooth`}
          type="range"
          min={0}
          max={0.999}
          step={0.001}
          value={props.smoothing}
          data-testid={`${testId}-smoothing`}
          aria-valuetext={props.smoothing === 0 ? 'off' : props.smoothing.toFixed(3)}
          onChange={(e) => props.onSmoothing(Number(e.target.value))}
        />
        <output className="chart-smoothing-value">{props.smoothing === 0 ? 'off' : props.smoothing.toFixed(2)}</output>
      </label>
      <label className="chart-control">
        <span className="sr-only">Smoothing kind</span>
        <select
          value={props.smoothingKind}
          data-testid={`${testId}-smoothing-kind`}
          onChange={(e) => props.onSmoothingKind(e.target.value as SmoothingKind)}
          title="Debiased exponential moving average, or a trailing moving average of about 1/(1 − s) points"
        >
          <option value="ema">EMA</option>
          <option value="moving">moving avg</option>
        </select>
      </label>
      <label className="chart-control">
        <span>y</span>
        <select value={props.scale} data-testid={`${testId}-scale`} onChange={(e) => props.onScale(e.target.value as YScale)}>
          {Y_SCALES.map((scale) => (
            <option key={scale} value={scale}>
              {Y_SCALE_LABELS[scale]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="chart-button" disabled={!props.zoomed} onClick={props.onResetZoom} data-testid={`${testId}-reset-zoom`}>
        Reset zoom
      </button>
    </div>
  );
}
