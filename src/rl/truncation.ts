/**
 * Truncation penalty (docs/dynamics.md; TRL's `missing_eos_penalty`): a response that reaches the length cap without an
 * end token gets a fixed shift of its end score, −p on the reward R and +p on the cost C:
 *   score_i ← score_i + shift·[truncated_i]
 * The score models never saw an unfinished response, so without it such responses are an out-of-distribution
 * channel the policy can exploit (reward hacking by truncation).
 */
export function truncationAdjusted(scores: ArrayLike<number>, truncated: ArrayLike<number>, shift: number): Float32Array {
  if (scores.length !== truncated.length) {
    throw new Error(`truncationAdjusted: ${scores.length} scores but ${truncated.length} truncation flags`);
  }
  const out = Float32Array.from(scores);
  if (shift !== 0) for (let i = 0; i < out.length; i++) if (truncated[i]) out[i] += shift;
  return out;
}
