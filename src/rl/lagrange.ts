/** Upstream's λ step lives with its rule (lambdaRules/upstream.ts); re-exported for the callers that predate the registry. */
export { lagrangeUpdate } from './lambdaRules/upstream';

/** λ moves only once `step ≥ lambdaUpdateDelay` (global step in rl_step units). */
export function lambdaUpdateDue(step: number, lambdaUpdateDelay: number): boolean {
  return step >= lambdaUpdateDelay;
}

/**
 * The episode-cost window: the raw end costs C of the last `capacity` sampled responses, across rollouts.
 * J_C = its mean.
 */
export class EpisodeCostWindow {
  private costs: number[] = [];

  constructor(private capacity: number) {
    if (!(capacity >= 1)) throw new Error(`episode-cost window capacity must be ≥ 1, got ${capacity}`);
  }

  push(costs: ArrayLike<number>): void {
    for (let i = 0; i < costs.length; i++) this.costs.push(costs[i]);
    if (this.costs.length > this.capacity) this.costs.splice(0, this.costs.length - this.capacity);
  }

  /** Changing the capacity keeps the most recent costs. */
  resize(capacity: number): void {
    if (!(capacity >= 1)) throw new Error(`episode-cost window capacity must be ≥ 1, got ${capacity}`);
    this.capacity = capacity;
    if (this.costs.length > capacity) this.costs.splice(0, this.costs.length - capacity);
  }

  get size(): number {
    return this.costs.length;
  }

  mean(): number {
    if (this.costs.length === 0) return NaN;
    return this.costs.reduce((sum, c) => sum + c, 0) / this.costs.length;
  }

  values(): number[] {
    return [...this.costs];
  }

  clear(): void {
    this.costs = [];
  }
}
