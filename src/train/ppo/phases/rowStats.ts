// Plain-number statistics of a rollout's responses and the NaN/Inf check, used by the phases and the metric row.
import { POLICY_EOS } from '../../../models/policy';

/** Openings this long count as the same when comparing responses (docs/dynamics.md: distinct 6-token openings). */
export const OPENING_TOKENS = 6;

/** 1 for each row that used all `steps` tokens without ending on EOS. */
export function truncatedRows(tokens: ArrayLike<number>, lengths: ArrayLike<number>, steps: number): Uint8Array {
  const out = new Uint8Array(lengths.length);
  for (let b = 0; b < lengths.length; b++) {
    out[b] = lengths[b] >= steps && tokens[b * steps + steps - 1] !== POLICY_EOS ? 1 : 0;
  }
  return out;
}

/** Distinct first-`n`-token openings over the batch, as a share of the responses (1 = all different). */
export function distinctOpeningShare(tokens: ArrayLike<number>, batch: number, steps: number, n: number): number {
  const seen = new Set<string>();
  const width = Math.min(n, steps);
  for (let b = 0; b < batch; b++) {
    seen.add(Array.from({ length: width }, (_, t) => tokens[b * steps + t]).join(','));
  }
  return seen.size / Math.max(1, batch);
}

export function meanOf(xs: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < xs.length; i++) total += xs[i];
  return total / Math.max(1, xs.length);
}

/** Name of the first quantity with a NaN or ±Infinity, or null. */
export function firstNonFinite(values: Record<string, ArrayLike<number>>): string | null {
  for (const [name, xs] of Object.entries(values)) {
    for (let i = 0; i < xs.length; i++) if (!Number.isFinite(xs[i])) return name;
  }
  return null;
}
