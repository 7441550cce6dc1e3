import { useState } from 'react';
import type { PhaseOutput } from '../../train/ppo/types';

/**
 * While stepping phase by phase, the numbers of the iteration in progress that its phases have already produced
 * (J_C and the means after the score phase, λ after the λ phase), before the iteration's metric row lands. The
 * readouts and "What is happening" show these instead of the previous iteration's row.
 */
export interface IterationInProgress {
  iteration: number;
  /** In a seed group: the member whose phases these are (the group steps its members' phases in turn). */
  seed?: number;
  rewardMean?: number;
  costMean?: number;
  episodeCost?: number;
  lambda?: number;
}

/** Pure: folds the latest phase output into what the iteration in progress has produced so far. */
export function nextInProgress(
  previous: IterationInProgress | null,
  output: PhaseOutput | null,
  lastRowIteration: number | undefined,
): IterationInProgress | null {
  if (!output || (lastRowIteration !== undefined && output.iteration <= lastRowIteration)) return null;
  // A group's next member starts afresh: one member's numbers never mix with another's.
  const same = previous?.iteration === output.iteration && previous.seed === output.seed;
  const base: IterationInProgress = same ? previous : { iteration: output.iteration, ...(output.seed !== undefined ? { seed: output.seed } : {}) };
  switch (output.phase) {
    case 'score':
      return { ...base, rewardMean: output.rewardMean, costMean: output.costMean, episodeCost: output.episodeCost };
    case 'lambda':
      return { ...base, episodeCost: output.episodeCost, lambda: output.after };
    default:
      return base;
  }
}

/** nextInProgress kept across renders (phase outputs arrive one at a time; the strip shows only the latest). */
export function useIterationInProgress(output: PhaseOutput | null, lastRowIteration: number | undefined): IterationInProgress | null {
  const [seen, setSeen] = useState<{ output: PhaseOutput | null; lastRow: number | undefined; value: IterationInProgress | null }>({
    output: null,
    lastRow: undefined,
    value: null,
  });
  if (seen.output !== output || seen.lastRow !== lastRowIteration) {
    const value = nextInProgress(seen.value, output, lastRowIteration);
    setSeen({ output, lastRow: lastRowIteration, value });
    return value;
  }
  return seen.value;
}
