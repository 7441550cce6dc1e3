import type { GuardJobState } from '../../state/slices/guardSlice';

/** A running job's progress bar and message, or its error (earlier results stay shown below). */
export function JobProgress({ job, testId }: { job: GuardJobState; testId: string }) {
  if (job.status === 'idle') return null;
  if (job.status === 'error') {
    return (
      <p className="error-box" role="alert" data-testid={`${testId}-error`}>
        {job.message}
      </p>
    );
  }
  const pct = job.progress === null ? null : Math.round(job.progress * 100);
  return (
    <div className="job-progress" data-testid={testId} aria-live="polite">
      <div
        className="progress"
        role="progressbar"
        aria-label={job.message}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
      >
        <div style={{ width: `${pct ?? 100}%` }} />
      </div>
      <span className="muted small">{job.message}</span>
    </div>
  );
}
