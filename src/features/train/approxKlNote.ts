/**
 * The note shown beside a negative "Approx. KL (old → new)". The estimator is k1 = mean over response tokens of
 * (log π_old(a|s) − log π_new(a|s)): an unbiased sample estimate of KL(π_old ‖ π_new) whose single-batch value can
 * fall below 0 even though the true KL is ≥ 0.
 */
export function approxKlNote(approxKl: number): string | null {
  if (!(approxKl < 0)) return null;
  return (
    'Negative is possible here: this is a sample estimate, mean (logp_old − logp_new) over this batch’s tokens, ' +
    'and one batch can average below 0 although the true KL is never negative. A value near 0 means the update ' +
    'barely moved the policy on these tokens.'
  );
}
