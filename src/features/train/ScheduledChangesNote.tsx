import { useAppStore } from '../../state/store';
import { describeScheduled } from '../../train/ppo/schedule';

/**
 * The scripted live edits still to come (Runs → "Duplicate with changes"): pending until the engine reaches their
 * iteration, then they go in as a live edit and leave this list. One that a running run has already passed will not
 * apply in it (Reset and start again to replay it).
 */
export function ScheduledChangesNote() {
  const scheduled = useAppStore((s) => s.train.scheduled);
  const iteration = useAppStore((s) => s.train.iteration);
  const runState = useAppStore((s) => s.train.runState);
  const clear = useAppStore((s) => s.trainActions.setScheduled);
  if (scheduled.length === 0) return null;
  const started = runState === 'running' || runState === 'paused';
  return (
    <section className="pending-reset scheduled-changes" aria-label="Scripted changes" data-testid="scheduled-changes">
      <div>
        <strong>Scripted (pending):</strong>
        <ul className="scheduled-list">
          {scheduled.map((change, index) => (
            <li key={`${change.iteration}-${change.key}-${index}`} data-testid="scheduled-change">
              {describeScheduled(change)}
              {started && iteration > change.iteration && ' (already passed in this run: Reset to replay it)'}
            </li>
          ))}
        </ul>
        <span className="muted small">Each applies as a live edit when that many iterations are done.</span>
      </div>
      <button type="button" onClick={() => clear([])} data-testid="scheduled-clear">
        Clear scripted changes
      </button>
    </section>
  );
}
