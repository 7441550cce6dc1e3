// Pure parts of `npm run dynamics`: one summary row per run (seedCells.ts makes the table over seeds) and a small SVG plot of λ, J_C and
// the threshold for several runs on one x axis (no chart library: the plot must render in a README).
import { constraintViolation } from '../../src/rl/constraintViolation';
import { algorithmModule } from '../../src/rl/algorithms/registry';
import type { PpoMetricRow } from '../../src/train/ppo/types';
import { windowFullFrom } from '../experiment/constraintSummary';
import type { RunBundle } from '../experiment/run';

export interface DynamicsRow {
  run: string;
  rule: string;
  threshold: number;
  iterations: number;
  finalLambda: number;
  /** Mean of J_C − threshold over the last 50 iterations (threshold as in force at each iteration). */
  gap50: number;
  /** Held-out mean reward of the policy minus the SFT policy's, at the last evaluation. */
  rewardVsSft: number;
  /** Rollout mean reward, last 50 iterations, minus the first rollout's (the SFT policy's). */
  rolloutRewardVsSft: number;
  truncationRate: number;
  klPerToken: number;
  distinctOpenings: number;
  unsafeRate: number;
  /** Held-out safe rate (cost ≤ 0 by the cost model) of the policy minus the SFT policy's, at the last evaluation. */
  safeRateCostVsSft: number;
  /** Held-out safe rate by the guard (P(unsafe) ≤ 0.5) of the policy minus the SFT policy's, at the last evaluation. */
  safeRateGuardVsSft: number;
  /** Violation during training, from the first full cost window (src/rl/constraintViolation.ts). */
  maxOvershoot: number;
  timeAboveLimit: number;
  cumulativeViolation: number;
}

function mean(rows: readonly PpoMetricRow[], pick: (row: PpoMetricRow) => number): number {
  return rows.length ? rows.reduce((sum, row) => sum + pick(row), 0) / rows.length : NaN;
}

export function dynamicsRow(run: string, bundle: Pick<RunBundle, 'config' | 'metrics' | 'evaluations'>): DynamicsRow {
  const last50 = bundle.metrics.slice(-50);
  const last10 = bundle.metrics.slice(-10);
  const evaluation = bundle.evaluations[bundle.evaluations.length - 1];
  const lagrangian = algorithmModule(bundle.config.algorithm).learnsLambda;
  const violation = constraintViolation(bundle.metrics, windowFullFrom(bundle.config));
  return {
    run,
    rule: lagrangian ? bundle.config.lambdaRule : bundle.config.algorithm,
    threshold: bundle.metrics.at(-1)?.threshold ?? bundle.config.threshold,
    iterations: bundle.metrics.length,
    finalLambda: mean(last10, (r) => r.lambda),
    gap50: mean(last50, (r) => r.episodeCost - r.threshold),
    rewardVsSft: evaluation ? evaluation.rewardMean - evaluation.sftRewardMean : NaN,
    rolloutRewardVsSft: mean(last50, (r) => r.rewardMean) - (bundle.metrics[0]?.rewardMean ?? NaN),
    truncationRate: mean(last50, (r) => r.truncationRate),
    klPerToken: mean(last50, (r) => r.klPerToken),
    distinctOpenings: mean(last50, (r) => r.distinctOpenings),
    unsafeRate: mean(last50, (r) => r.unsafeRate),
    safeRateCostVsSft: evaluation ? evaluation.safeRateCost - evaluation.sftSafeRateCost : NaN,
    safeRateGuardVsSft: evaluation ? evaluation.safeRateGuard - evaluation.sftSafeRateGuard : NaN,
    maxOvershoot: violation.maxOvershoot,
    timeAboveLimit: violation.timeAboveLimit,
    cumulativeViolation: violation.cumulativeViolation,
  };
}

export interface PlotRun {
  label: string;
  color: string;
  metrics: readonly PpoMetricRow[];
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** λ ticks on the symlog axis: round values, spaced roughly evenly in log(1 + λ). */
const SYMLOG_TICKS = [0, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/**
 * Two stacked panels on one iteration axis: J_C per run with the threshold (dashed, as in force at each iteration),
 * and λ per run on a symlog axis, y = log(1 + λ) (upstream's λ reaches λ_max while pid's stays below 1, and both
 * must stay readable). Plain SVG 1.1 with inline styles.
 */
export function dynamicsSvg(runs: readonly PlotRun[], title: string): string {
  const width = 760;
  const panelHeight = 200;
  const left = 56;
  const right = 150;
  const top = 52;
  const gap = 40;
  const plotWidth = width - left - right;
  const maxIteration = Math.max(1, ...runs.map((run) => run.metrics.length - 1));
  const x = (i: number) => left + (i / maxIteration) * plotWidth;
  const parts: string[] = [];
  const panel = (index: number, label: string, raw: (row: PpoMetricRow) => number, withThreshold: boolean, symlog = false) => {
    const y0 = top + index * (panelHeight + gap);
    const scale = (v: number) => (symlog ? Math.sign(v) * Math.log1p(Math.abs(v)) : v);
    const values = (row: PpoMetricRow) => scale(raw(row));
    const all = runs.flatMap((run) => run.metrics.map(values).concat(withThreshold ? run.metrics.map((r) => r.threshold) : []));
    const finite = all.filter(Number.isFinite);
    let lo = Math.min(...finite);
    let hi = Math.max(...finite);
    if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
    const pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;
    const y = (v: number) => y0 + panelHeight - ((v - lo) / (hi - lo)) * panelHeight;
    parts.push(`<rect x="${left}" y="${y0}" width="${plotWidth}" height="${panelHeight}" fill="#fff" stroke="#adb5bd"/>`);
    const ticks = symlog
      ? SYMLOG_TICKS.filter((t) => scale(t) >= lo && scale(t) <= hi).map((t) => ({ at: scale(t), text: String(t) }))
      : [0, 1, 2, 3, 4].map((k) => lo + ((hi - lo) * k) / 4).map((v) => ({ at: v, text: v.toFixed(2) }));
    for (const tick of ticks) {
      const ty = y(tick.at).toFixed(1);
      parts.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${ty}" y2="${ty}" stroke="#e9ecef"/>`);
      parts.push(`<text x="${left - 6}" y="${(y(tick.at) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#495057">${tick.text}</text>`);
    }
    parts.push(`<text x="${left}" y="${y0 - 8}" font-size="13" font-weight="bold" fill="#212529">${escapeXml(label)}</text>`);
    if (withThreshold && runs[0]) {
      const points = runs[0].metrics.map((r, i) => `${x(i).toFixed(1)},${y(r.threshold).toFixed(1)}`).join(' ');
      parts.push(`<polyline points="${points}" fill="none" stroke="#212529" stroke-width="1.5" stroke-dasharray="6 4"/>`);
    }
    for (const run of runs) {
      const points = run.metrics
        .map((r, i) => [i, values(r)] as const)
        .filter(([, v]) => Number.isFinite(v))
        .map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`)
        .join(' ');
      parts.push(`<polyline points="${points}" fill="none" stroke="${run.color}" stroke-width="1.6"/>`);
    }
  };
  panel(0, 'J_C (episode-cost window mean) and the cost limit (dashed)', (r) => r.episodeCost, true);
  panel(1, 'λ (symlog axis: distances follow log(1 + λ))', (r) => r.lambda, false, true);
  const height = top + 2 * panelHeight + gap + 40;
  for (let k = 0; k <= 4; k++) {
    const i = Math.round((maxIteration * k) / 4);
    parts.push(`<text x="${x(i).toFixed(1)}" y="${height - 18}" text-anchor="middle" font-size="11" fill="#495057">${i}</text>`);
  }
  parts.push(`<text x="${left + plotWidth / 2}" y="${height - 4}" text-anchor="middle" font-size="11" fill="#495057">iteration</text>`);
  runs.forEach((run, index) => {
    const ly = top + 10 + index * 18;
    parts.push(`<line x1="${left + plotWidth + 14}" x2="${left + plotWidth + 34}" y1="${ly}" y2="${ly}" stroke="${run.color}" stroke-width="2"/>`);
    parts.push(`<text x="${left + plotWidth + 40}" y="${ly + 4}" font-size="12" fill="#212529">${escapeXml(run.label)}</text>`);
  });
  const ly = top + 10 + runs.length * 18;
  parts.push(`<line x1="${left + plotWidth + 14}" x2="${left + plotWidth + 34}" y1="${ly}" y2="${ly}" stroke="#212529" stroke-dasharray="6 4"/>`);
  parts.push(`<text x="${left + plotWidth + 40}" y="${ly + 4}" font-size="12" fill="#212529">cost limit</text>`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n` +
    `<title>${escapeXml(title)}</title>\n<rect width="100%" height="100%" fill="#f8f9fa"/>\n` +
    `<text x="${left}" y="18" font-size="14" fill="#212529">${escapeXml(title)}</text>\n` +
    parts.join('\n') +
    '\n</svg>\n'
  );
}
