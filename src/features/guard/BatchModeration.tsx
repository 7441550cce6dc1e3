import { useId } from 'react';
import type { BatchSplit } from '../../worker/guardHandlers';
import { flaggedRowsCsv } from '../../train/moderationMetrics';
import { ConfusionMatrix } from './ConfusionMatrix';
import { downloadText } from './download';
import { percent } from './format';
import { cancelModeration, runBatchModeration } from './guardJobs';
import { JobProgress } from './JobProgress';
import { ReportTable } from './ReportTable';
import { useGuardActions, useGuardState } from './useGuard';

const SPLITS: { value: BatchSplit; label: string }[] = [
  { value: 'evaluation', label: 'Evaluation (held-out)' },
  { value: 'train', label: 'Train' },
  { value: 'all', label: 'All loaded rows' },
];

/** Moderates a whole loaded split in the worker and compares the guard with the dataset's labels. */
export function BatchModeration() {
  const { batch, batchJob, batchSplit, runJob } = useGuardState();
  const { setBatchSplit } = useGuardActions();
  const splitId = useId();
  const running = batchJob.status === 'running';
  const busy = running || runJob.status === 'running';
  return (
    <section className="panel" aria-labelledby="guard-batch-title">
      <h3 id="guard-batch-title">Batch moderation</h3>
      <p className="muted">
        Every response of a split (and each question alone) through the guard, in chunks, against the
        dataset's labels under the guard's training rule: unsafe = not is_response_safe; severity = safe for a
        safe response, else minor / moderate / severe for harmless rate −1 / −2 / −3; category = the sample's
        category.
      </p>
      <div className="row">
        <label htmlFor={splitId}>Split</label>
        <select
          id={splitId}
          value={batchSplit}
          data-testid="batch-split"
          onChange={(e) => setBatchSplit(e.target.value as BatchSplit)}
        >
          {SPLITS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="primary"
          disabled={busy}
          data-testid="batch-run"
          onClick={() => void runBatchModeration(batchSplit)}
        >
          Moderate split
        </button>
        <button type="button" disabled={!running} data-testid="batch-cancel" onClick={cancelModeration}>
          Cancel
        </button>
      </div>
      <JobProgress job={batchJob} testId="batch-progress" />
      {batch && (
        <div className="batch-results" data-testid="batch-result">
          <p className="muted small">
            {batch.split} split: {batch.records} samples, {batch.responses} responses at threshold{' '}
            {batch.threshold.toFixed(2)}
            {batch.cancelled && ' (cancelled: partial results)'}; {(batch.ms / 1000).toFixed(1)} s. Responses
            flagged: <strong data-testid="batch-flagged-count">{batch.flagged.length}</strong>. Question
            screening agreement (flagged vs image severity ≥ 2 or a response labelled unsafe):{' '}
            {percent(batch.query.accuracy)}%.
            {batch.imageFailures > 0 &&
              ` ${batch.imageFailures} image(s) could not be read or decoded and were moderated as blank images.`}
          </p>
          <div className="row">
            <button
              type="button"
              disabled={batch.flagged.length === 0}
              data-testid="batch-export-csv"
              onClick={() => downloadText(`flagged-${batch.split}.csv`, flaggedRowsCsv(batch.flagged))}
            >
              Export flagged rows (CSV)
            </button>
          </div>
          <div className="grid-2">
            <div>
              <ReportTable
                report={batch.unsafe}
                caption="Unsafe vs is_response_safe"
                testId="batch-unsafe-report"
              />
              <ConfusionMatrix report={batch.unsafe} caption="Unsafe" testId="batch-unsafe-confusion" />
            </div>
            <div>
              <ReportTable report={batch.severity} caption="Severity level" testId="batch-severity-report" />
              <ConfusionMatrix report={batch.severity} caption="Severity" testId="batch-severity-confusion" />
            </div>
          </div>
          <ReportTable
            report={batch.category}
            caption="Harm category (top-1)"
            testId="batch-category-report"
          />
          <details>
            <summary>Category confusion matrix (20 × 20)</summary>
            <ConfusionMatrix report={batch.category} caption="Category" testId="batch-category-confusion" />
          </details>
        </div>
      )}
    </section>
  );
}
