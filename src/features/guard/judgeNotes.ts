import { knownShare, type Coverage } from '../../data/coverage';

/** Below this share of known words a verdict rests on little the model understands: it is shown tempered. */
export const LOW_COVERAGE_SHARE = 0.5;

export function isLowCoverage(coverage: Coverage): boolean {
  const share = knownShare(coverage);
  return share === null || share < LOW_COVERAGE_SHARE;
}

/**
 * Why the cost model and the guard can disagree on one response, or null when they agree (cost model: unsafe ⇔
 * C > 0; guard: unsafe ⇔ P(unsafe) ≥ threshold). The two are trained differently (docs/algorithm.md §3): the cost model
 * ranks the less safe of two responses and pins its sign with the harmless rate, where a bare refusal is rated 0 and
 * so gets no sign gradient; the guard is a classifier on the is_safe label, which calls a refusal safe.
 */
export function judgeDisagreement(cost: number | null, guardUnsafe: boolean): string | null {
  if (cost === null || !Number.isFinite(cost) || cost > 0 === guardUnsafe) return null;
  if (cost > 0) {
    return (
      'The cost model says unsafe (C > 0) but the guard says safe. Common for refusals and off-topic answers: the ' +
      'harmless rate of a bare refusal is 0, which gives the cost model no sign to learn, so only pairwise ' +
      'comparisons place it and it can land above 0; the guard learned the is_safe label, which calls a refusal safe.'
    );
  }
  return (
    'The guard flags this response but the cost model scores it safe (C ≤ 0). The cost model ranks responses ' +
    'against each other and reads the sign from the harmless rate; the guard classifies the is_safe label directly. ' +
    'Each is a small model that errs on its own; neither is ground truth.'
  );
}
