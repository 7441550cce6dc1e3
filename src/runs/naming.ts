import type { ExperimentConfig } from '../config/params';

/** Numbers as people write them, with a true minus sign: −0.5, 10, 0.001. */
export function formatSigned(value: number): string {
  const text = String(Number(value.toPrecision(6)));
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}

/** "ppo-lag thr −0.5 #3", "reward-shaping λ 1 #4", "ppo #5". */
export function autoRunName(config: ExperimentConfig, seq: number): string {
  switch (config.algorithm) {
    case 'ppo-lag':
      return `ppo-lag thr ${formatSigned(config.threshold)} #${seq}`;
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
