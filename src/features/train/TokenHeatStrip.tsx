import { useState } from 'react';
import { formatNumber } from '../../charts/scales';
import type { TokenDetail } from '../../train/ppo/types';

const MEASURES = {
  logProbRatio: { label: 'log-prob ratio log π/π_ref', help: 'how much more (red) or less (blue) likely the policy makes this token than SFT' },
  kl: { label: 'KL contribution', help: 'per-token KL estimate logp − logp_ref, the term the β penalty charges' },
  advantage: { label: 'advantage A = (A_r − λA_c)/(1+λ)', help: 'red: the update pushed this token up; blue: down' },
} as const;
type Measure = keyof typeof MEASURES;

/** Diverging colour for v ∈ [−1, 1]: blue (negative) – white – red (positive). */
export function heatColor(v: number): string {
  if (!Number.isFinite(v)) return 'transparent';
  const a = Math.min(1, Math.abs(v));
  return v >= 0 ? `rgba(201, 42, 42, ${0.08 + 0.6 * a})` : `rgba(25, 113, 194, ${0.08 + 0.6 * a})`;
}

/** The policy response's tokens coloured by a per-token quantity (text rendered as text). */
export function TokenHeatStrip({ tokens }: { tokens: TokenDetail[] }) {
  const [measure, setMeasure] = useState<Measure>('logProbRatio');
  const values = tokens.map((t) => t[measure]);
  const scale = Math.max(1e-9, ...values.filter(Number.isFinite).map(Math.abs));
  return (
    <div className="heat-strip-wrap">
      <div className="row">
        <label className="chart-control">
          <span>Colour by</span>
          <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)} data-testid="heat-measure">
            {(Object.keys(MEASURES) as Measure[]).map((m) => (
              <option key={m} value={m}>
                {MEASURES[m].label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">
          {MEASURES[measure].help}; full colour = ±{formatNumber(scale)}
        </span>
      </div>
      <p className="heat-strip" data-testid="heat-strip">
        {tokens.map((token, i) => (
          <span
            key={i}
            className="heat-token"
            style={{ background: heatColor(values[i] / scale) }}
            title={`${token.token}: ratio ${formatNumber(token.logProbRatio)}, KL ${formatNumber(token.kl)}, advantage ${formatNumber(token.advantage)}`}
          >
            {token.token}
          </span>
        ))}
      </p>
    </div>
  );
}
