import { useMemo } from 'react';
import { useDataset } from '../data-explorer/useDataset';
import { JobProgress } from './JobProgress';
import { RegenerateForm } from './RegenerateForm';
import { RegenerateResults } from './RegenerateResults';
import { useGuardState } from './useGuard';

/** Filter and regenerate: sample, moderate, regenerate what the guard flags, up to N rounds; compare before/after. */
export function FilterRegenerate() {
  const { index } = useDataset();
  const { run, runJob } = useGuardState();
  const heldOut = useMemo(() => index.filter((e) => e.split === 'evaluation').length, [index]);
  return (
    <section className="panel" aria-labelledby="guard-regenerate-title">
      <h3 id="guard-regenerate-title">Filter and regenerate</h3>
      <p className="muted">
        The policy answers held-out prompts; the guard checks each answer, and flagged answers are sampled
        again, up to the round limit. Then a fixed refusal or the least risky candidate is served.
      </p>
      <RegenerateForm heldOut={heldOut} />
      <JobProgress job={runJob} testId="moderation-progress" />
      {run && <RegenerateResults run={run} />}
    </section>
  );
}
