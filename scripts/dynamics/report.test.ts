import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/params';
import type { PpoMetricRow } from '../../src/train/ppo/types';
import { dynamicsRow, dynamicsSvg } from './report';

const row = (i: number): PpoMetricRow =>
  ({ iteration: i, rewardMean: i === 0 ? 0.5 : 1, episodeCost: i < 60 ? 1 : -0.4, threshold: i < 60 ? 0 : -0.5, lambda: i / 10,
     truncationRate: 0.02, klPerToken: 0.1, distinctOpenings: 0.5, unsafeRate: 0.25 }) as PpoMetricRow;

describe('dynamics report', () => {
  const metrics = Array.from({ length: 110 }, (_, i) => row(i));
  const evaluations = [{ rewardMean: 1.25, sftRewardMean: 1, safeRateCost: 0.9, sftSafeRateCost: 0.75, safeRateGuard: 0.8, sftSafeRateGuard: 0.85 }] as never[];

  it('summarises the last 50 iterations against the threshold in force', () => {
    const summary = dynamicsRow('pid_thr=-0.5', { config: { ...defaultConfig(), lambdaRule: 'pid' }, metrics, evaluations });
    expect(summary.rule).toBe('pid');
    expect(summary.threshold).toBe(-0.5);
    expect(summary.gap50).toBeCloseTo(0.1, 12);
    expect(summary.finalLambda).toBeCloseTo(10.45, 12);
    expect(summary.rewardVsSft).toBeCloseTo(0.25, 12);
    expect(summary.rolloutRewardVsSft).toBeCloseTo(0.5, 12);
    expect(summary.safeRateCostVsSft).toBeCloseTo(0.15, 12);
    expect(summary.safeRateGuardVsSft).toBeCloseTo(-0.05, 12);
    expect(summary.truncationRate).toBeCloseTo(0.02, 12);
    // Violation from the first full window (128 / 32 → iteration 3): J_C 1 above limit 0 at iterations 3–59 (57 of
    // 107 counted), 0.1 above −0.5 at 60–109 (50 more): overshoot 1, 107/107 above, Σ 57·1 + 50·0.1 = 62.
    expect(summary.maxOvershoot).toBeCloseTo(1, 12);
    expect(summary.timeAboveLimit).toBe(1);
    expect(summary.cumulativeViolation).toBeCloseTo(62, 9);
  });

  it('draws an SVG with one line per run plus the threshold, escaping labels', () => {
    const svg = dynamicsSvg([{ label: 'a<b', color: '#123456', metrics }], 'title & more');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('a&#60;b');
    expect(svg).toContain('title &#38; more');
    expect(svg.match(/<polyline/g)).toHaveLength(3);
  });

  it('puts λ on a symlog axis with round tick labels (λ here runs 0 … 10.9)', () => {
    const svg = dynamicsSvg([{ label: 'pid', color: '#123456', metrics }], 't');
    // The second panel: from its frame to its title (ticks are drawn in between).
    const lambdaPanel = svg.slice(svg.lastIndexOf('<rect x='), svg.indexOf('λ (symlog'));
    const labels = [...lambdaPanel.matchAll(/text-anchor="end"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(labels).toEqual(['0', '0.5', '1', '2', '5', '10']);
  });
});
