import type { PpoPhase } from '../../train/ppo/types';

/** Each PPO phase's name and a one-line account of what it does (the phase strip and the phase output panel). */
export const PHASE_INFO: Record<PpoPhase, { label: string; what: string }> = {
  rollout: { label: 'Rollout', what: 'Sample one response per prompt; log-probs under the policy and the frozen SFT reference.' },
  score: { label: 'Score', what: 'Frozen reward and cost models score each response; critics give values; costs enter the J_C window.' },
  advantages: { label: 'Advantages', what: 'Per-token KL shaping of both streams, then GAE (γ, λ_GAE) on reward and cost.' },
  lambda: { label: 'λ update', what: 'log λ ← log λ + lr·λ·(J_C − threshold), capped at λ_max.' },
  update: { label: 'Policy & critics', what: 'Actor step on A = (A_r − λ·A_c)/(1+λ) with the PPO clip; each critic steps on its clipped value loss.' },
};
