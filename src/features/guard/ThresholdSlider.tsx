import { useId } from 'react';
import { useGuardActions, useGuardThreshold } from './useGuard';

/** The decision threshold on the guard's unsafe probability, shared by every part of the guard area. */
export function ThresholdSlider() {
  const threshold = useGuardThreshold();
  const { setThreshold } = useGuardActions();
  const id = useId();
  return (
    <div className="field threshold-field">
      <label htmlFor={id}>
        Decision threshold: flag when P(unsafe) ≥{' '}
        <strong data-testid="guard-threshold-value">{threshold.toFixed(2)}</strong>
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={1}
        step={0.01}
        value={threshold}
        data-testid="guard-threshold"
        onChange={(e) => setThreshold(Number(e.target.value))}
      />
    </div>
  );
}
