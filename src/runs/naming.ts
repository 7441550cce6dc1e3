import type { ExperimentConfig } from '../config/params';
import type { ConfigChange } from './types';

/** Numbers as people write them, with a true minus sign: −0.5, 10, 0.001. */
export function formatSigned(value: number): string {
  const text = String(Number(value.toPrecision(6)));
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}

/**
 * The cost limits a run ran with: "−0.5", or with live changes "−0.5→0.2@40" (the new limit from iteration 40,
 * 0-based like the metric rows), and past two changes "−0.5→…→0 (3 changes)".
 */
function thresholdPart(config: ExperimentConfig, changes: readonly ConfigChange[]): string {
  const steps = changes.filter((change) => change.key === 'threshold');
  const start = formatSigned(config.threshold);
  if (steps.length === 0) return start;
  const last = Number(steps[steps.length - 1].to);
  if (steps.length > 2) return `${start}→…→${formatSigned(last)} (${steps.length} changes)`;
  return [start, ...steps.map((change) => `${formatSigned(Number(change.to))}@${change.afterIteration}`)].join('→');
}

/**
 * Named by what ran: "ppo-lag thr −0.5 #3" (with a mid-run limit change "ppo-lag thr −0.5→0.2@40 #3"),
 * "reward-shaping λ 1 #4", "ppo #5". Other live edits are listed beside the name (the run list's "live change" tag).
 */
export function autoRunName(config: ExperimentConfig, seq: number, changes: readonly ConfigChange[] = []): string {
  switch (config.algorithm) {
    case 'ppo-lag':
      return `ppo-lag thr ${thresholdPart(config, changes)} #${seq}`;
    case 'reward-shaping':
      return `reward-shaping λ ${formatSigned(config.lambdaInit)} #${seq}`;
    default:
      return `${config.algorithm} #${seq}`;
  }
}

/** "a, b ,,c" → ["a", "b", "c"] (trimmed, unique, non-empty). */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ].slice(0, 50);
}
