/**
 * The fork's hand-over (main thread): once the forked run stands at the fork's iteration (it ended there, run length
 * = that iteration), the run length goes back to the original's, a live edit recorded in the fork's record, so Resume
 * continues with whatever the person changes next.
 */
import { useAppStore, type AppState } from '../../state/store';

/** The fork has replayed to its iteration and stands there. */
export function forkReached(state: Pick<AppState, 'train'>): boolean {
  const { fork, runState, iteration } = state.train;
  return fork?.status === 'replaying' && runState === 'finished' && iteration === fork.iteration;
}

let watching = false;

export function watchForks(): void {
  if (watching) return;
  watching = true;
  useAppStore.subscribe((state) => {
    if (!forkReached(state)) return;
    const fork = state.train.fork!;
    state.trainActions.setFork({ ...fork, status: 'reached' });
    if (state.config.iterations !== fork.resumeIterations) state.configActions.set('iterations', fork.resumeIterations);
  });
}
