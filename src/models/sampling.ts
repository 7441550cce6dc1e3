/**
 * Token sampling in plain JS from one step's probabilities (read back once per step for the whole batch), so every
 * backend draws the same tokens from the same seeded stream (tf.multinomial uses Math.random: docs/browser.md §8.10).
 */

/**
 * Draws one index from `probs[offset .. offset+vocab)` with nucleus (top-p) truncation.
 * top-p keeps the smallest set of most-likely tokens whose mass reaches p, then renormalises over it.
 */
export function sampleTopP(probs: Float32Array | Float64Array, offset: number, vocab: number, topP: number, u: number): number {
  if (topP >= 1) {
    let total = 0;
    for (let v = 0; v < vocab; v++) total += probs[offset + v];
    let target = u * total;
    for (let v = 0; v < vocab; v++) {
      target -= probs[offset + v];
      if (target < 0) return v;
    }
    return lastPositive(probs, offset, vocab);
  }
  const order = Array.from({ length: vocab }, (_, v) => v);
  // Stable order: probability descending, then index ascending, so ties never depend on the sort implementation.
  order.sort((a, b) => probs[offset + b] - probs[offset + a] || a - b);
  let kept = 0;
  let mass = 0;
  while (kept < vocab && (kept === 0 || mass < topP)) mass += probs[offset + order[kept++]];
  let target = u * mass;
  for (let i = 0; i < kept; i++) {
    target -= probs[offset + order[i]];
    if (target < 0) return order[i];
  }
  return order[kept - 1];
}

function lastPositive(probs: Float32Array | Float64Array, offset: number, vocab: number): number {
  for (let v = vocab - 1; v >= 0; v--) if (probs[offset + v] > 0) return v;
  return vocab - 1;
}

/** Seeded Fisher–Yates shuffle of 0..n−1 (never tf.util.shuffle, which uses Math.random). */
export function shuffledIndices(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Draws `count` items from `pool` without replacement while possible (a fresh shuffle each pass). */
export function drawFrom<T>(pool: readonly T[], count: number, random: () => number): T[] {
  if (pool.length === 0) throw new Error('No prompts to draw from');
  const out: T[] = [];
  while (out.length < count) {
    for (const i of shuffledIndices(pool.length, random)) {
      out.push(pool[i]);
      if (out.length === count) break;
    }
  }
  return out;
}
