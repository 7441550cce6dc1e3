import { defaultConfig, type ExperimentConfig } from './params';

export interface Preset {
  id: string;
  label: string;
  description: string;
  values: Partial<ExperimentConfig>;
}

/**
 * Presets (docs/algorithm.md §6–7). Lagrangian settings are upstream's; learning rates are scaled for the small models.
 */
/** The settings the start-up preset pins: the Lagrangian, PPO and sampling ones, at their start-up defaults. */
const STARTUP_KEYS = [
  'algorithm', 'lambdaRule', 'threshold', 'lambdaInit', 'lambdaLr', 'lambdaMax', 'lambdaUpdateDelay', 'pidKp', 'pidKi',
  'pidKd', 'pidAlphaP', 'pidAlphaD', 'pidDelay', 'pidAntiWindup', 'truncationPenalty', 'klCoeff', 'clipRatio', 'clipRangeValue',
  'clipRangeScore', 'gamma', 'gaeLambda', 'episodeCostWindow', 'temperature', 'topP',
] as const satisfies readonly (keyof ExperimentConfig)[];

const startupDefaults = defaultConfig();

export const PRESETS: Preset[] = [
  {
    id: 'startup',
    label: 'Playground start-up (PID λ)',
    description:
      'PID Lagrangian as a PI controller from λ₀ 0.2 (K_p 0.5, K_i 0.01, K_d 0), β 0.2, truncation penalty 2; threshold −1.75 (below the SFT policy’s own cost, so the constraint binds; upstream −0.5) and λ_max 20 as upstream. The configuration measured to make the constraint bind on the bundled sample.',
    values: Object.fromEntries(STARTUP_KEYS.map((key) => [key, startupDefaults[key]])) as Partial<ExperimentConfig>,
  },
  {
    id: 'saferlhf-v',
    label: 'Safe RLHF-V defaults',
    description:
      'upstream λ rule, threshold −0.5, λ₀ 10, λ lr 0.1, λ_max 20, delay 1, β 0.02, no truncation penalty (align-anything saferlhf.yaml), kept exactly. ' +
      'At this scale (bundled sample, 200 iterations) λ falls from 10 to about 0.14 and cannot come back (the step is ∝ λ), J_C ends 1.4 below the limit, ' +
      'and the weak KL pull lets the policy narrow: 20% distinct openings, 11% truncated, 0.41 nats of KL per token (docs/dynamics.md); the training health check names it when it collapses.',
    values: {
      algorithm: 'ppo-lag', lambdaRule: 'upstream', threshold: -0.5, lambdaInit: 10, lambdaLr: 0.1, lambdaMax: 20, lambdaUpdateDelay: 1,
      truncationPenalty: 0,
      klCoeff: 0.02, clipRatio: 0.2, clipRangeValue: 5, clipRangeScore: 50, gamma: 1, gaeLambda: 0.95,
      episodeCostWindow: 128, temperature: 1, topP: 1,
    },
  },
  {
    id: 'saferlhf-text',
    label: 'Safe RLHF (text) defaults',
    description: 'upstream λ rule, threshold 0, λ₀ 1, λ lr 0.1, λ_max 5, no delay, β 0.01, no truncation penalty (safe-rlhf scripts/ppo-lag.sh).',
    values: {
      algorithm: 'ppo-lag', lambdaRule: 'upstream', threshold: 0, lambdaInit: 1, lambdaLr: 0.1, lambdaMax: 5, lambdaUpdateDelay: 0,
      truncationPenalty: 0,
      klCoeff: 0.01, clipRatio: 0.2, clipRangeValue: 5, clipRangeScore: 50, gamma: 1, gaeLambda: 0.95,
      episodeCostWindow: 128, temperature: 1, topP: 1,
    },
  },
  {
    id: 'ppo',
    label: 'Unconstrained PPO',
    description: 'Reward only: λ fixed at 0, one critic, β 0.02 (safe-rlhf scripts/ppo.sh).',
    values: { algorithm: 'ppo', klCoeff: 0.02, clipRatio: 0.2, clipRangeValue: 5, clipRangeScore: 50 },
  },
  {
    id: 'reward-shaping',
    label: 'Fixed-λ reward shaping',
    description: 'Score R − λ·C with λ fixed at λ₀ = 1, plain PPO with one critic.',
    values: { algorithm: 'reward-shaping', lambdaInit: 1, klCoeff: 0.02 },
  },
];

export function applyPreset(base: ExperimentConfig, presetId: string): ExperimentConfig {
  const preset = PRESETS.find((p) => p.id === presetId);
  if (!preset) return base;
  return { ...base, ...preset.values };
}

export function presetConfig(presetId: string): ExperimentConfig {
  return applyPreset(defaultConfig(), presetId);
}
