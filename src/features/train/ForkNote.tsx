import { useAppStore } from '../../state/store';

/** Where a fork stands: replaying the original up to its iteration, or there and ready for the person's changes. */
export function ForkNote() {
  const fork = useAppStore((s) => s.train.fork);
  const clear = useAppStore((s) => s.trainActions.setFork);
  if (!fork) return null;
  const text =
    fork.status === 'reached'
      ? `Forked from “${fork.runName}”: this run replayed its first ${fork.iteration} iterations and stands there. Change settings, then Resume (run length back to ${fork.resumeIterations}).`
      : fork.status === 'replaying'
        ? `Forking “${fork.runName}”: replaying its first ${fork.iteration} iterations, then it stops for your changes.`
        : `Fork of “${fork.runName}” at iteration ${fork.iteration}: Start replays the run to there, then stops for your changes.`;
  return (
    <section className="pending-reset fork-note" aria-label="Fork" data-testid="fork-note" data-status={fork.status}>
      <p>{text}</p>
      {fork.status === 'waiting' && (
        <button type="button" onClick={() => clear(null)} data-testid="fork-cancel">
          Not a fork
        </button>
      )}
    </section>
  );
}
