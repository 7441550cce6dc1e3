/**
 * Generalised advantage estimation on one stream, docs/algorithm.md §4.4 (plain arrays, no gradients):
 *   r_t ← r_t·m_t,  V_t ← V_t·m_t           (pads → 0, so the step after each row's end bootstraps from 0)
 *   δ_t = r_t + γ·V_{t+1} − V_t              (V_T = 0)
 *   A_t = δ_t + γ·λ·A_{t+1}
 *   G_t = A_t + V_t
 * No whitening. With a correct mask, padding never changes the advantages of real tokens.
 */
export function gae({
  rewards,
  values,
  mask,
  gamma,
  lambda,
}: {
  rewards: number[][];
  values: number[][];
  mask: number[][];
  gamma: number;
  lambda: number;
}): { advantages: number[][]; returns: number[][] } {
  const advantages: number[][] = [];
  const returns: number[][] = [];
  for (let b = 0; b < rewards.length; b++) {
    const length = rewards[b].length;
    const rowAdvantages = new Array<number>(length).fill(0);
    const rowReturns = new Array<number>(length).fill(0);
    let running = 0;
    for (let t = length - 1; t >= 0; t--) {
      const m = mask[b][t];
      const value = values[b][t] * m;
      const nextValue = t < length - 1 ? values[b][t + 1] * mask[b][t + 1] : 0;
      const delta = rewards[b][t] * m + gamma * nextValue - value;
      running = delta + gamma * lambda * running;
      rowAdvantages[t] = running;
      rowReturns[t] = running + value;
    }
    advantages.push(rowAdvantages);
    returns.push(rowReturns);
  }
  return { advantages, returns };
}
