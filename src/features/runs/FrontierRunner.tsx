import { useAppStore } from '../../state/store';
import { frontierPlanText, frontierProgressText } from './frontierPlan';
import { cancelFrontier, runFrontier, useFrontierQueue } from './frontierQueue';

/**
 * "Run the frontier" (issue 21): the fixed-λ baseline at the runner's --frontier grid, queued in the trainer worker
 * one run after another, each saved in the run list; the sweep view above draws their end points as the dashed
 * reachable curve.
 */
export function FrontierRunner() {
  const queue = useFrontierQueue();
  const config = useAppStore((s) => s.config);
  const trainBusy = useAppStore((s) => s.train.runState === 'running' || s.train.runState === 'initialising');
  const running = queue.status === 'running';
  const progress = frontierProgressText(queue);
  return (
    <div className="frontier-runner" data-testid="frontier-runner" data-status={queue.status}>
      <p className="muted small" data-testid="frontier-plan">
        {frontierPlanText(config)}
      </p>
      <div className="row">
        <button type="button" className="primary" data-testid="run-frontier" disabled={running || trainBusy} onClick={() => void runFrontier()}>
          Run the frontier
        </button>
        {running && (
          <button type="button" data-testid="cancel-frontier" disabled={queue.cancelling} onClick={() => void cancelFrontier()}>
            Stop the frontier
          </button>
        )}
        {!running && trainBusy && <span className="muted small">A run is going in Train: pause or stop it first.</span>}
      </div>
      {running && <progress max={queue.total} value={queue.index} aria-label="Frontier runs finished" data-testid="frontier-progress" />}
      {progress && (
        <p role="status" className={queue.status === 'failed' ? 'error-box' : 'small'} data-testid="frontier-status">
          {progress}
        </p>
      )}
    </div>
  );
}
