/** What a run's "Link" and "Fork here" buttons do (store and clipboard side; the planning is in runLinks.ts). */
import { describeScheduled } from '../../train/ppo/schedule';
import { encodeLink, linkUrl } from '../../state/link';
import { useAppStore } from '../../state/store';
import type { RunMeta } from '../../runs/types';
import { forkPlan, forkProblem, runReplay } from './runLinks';

const notify = (level: 'info' | 'warning' | 'error', message: string) =>
  useAppStore.getState().systemActions.notify(level, message);

/** The URL that replays `run` (this page's address and ?backend=, the run's settings and edits). */
export function runLinkUrl(run: RunMeta): string {
  const { config, edits } = runReplay(run);
  return linkUrl(window.location, encodeLink(config, { tab: 'train', edits }));
}

/** A sentence on what the run link replays, for the notice after copying it. */
export function describeRunLink(run: RunMeta, url: string): string {
  const { config, edits, skipped } = runReplay(run);
  const left = skipped > 0 ? ` ${skipped} recorded change(s) of settings that need a reset cannot be replayed and are left out.` : '';
  return `Link to “${run.name}” (${url.length} characters): its settings, ${config.iterations} iterations, ${edits.length} live edit${edits.length === 1 ? '' : 's'} replayed at ${edits.length === 1 ? 'its iteration' : 'their iterations'}.${left}`;
}

/**
 * Fork here: loads the run's start settings with run length `iteration` and its earlier edits scripted, remembers
 * the fork (the new run's record names its origin), and opens Train. The run stands at `iteration` when it ends;
 * then the run length returns to the original's and every further change is the person's.
 */
export function forkRun(run: RunMeta, iteration: number): boolean {
  const problem = forkProblem(run, iteration);
  if (problem) {
    notify('error', `Cannot fork “${run.name}”: ${problem}`);
    return false;
  }
  const plan = forkPlan(run, iteration);
  const state = useAppStore.getState();
  state.configActions.replace(plan.config);
  state.trainActions.setScheduled(plan.edits);
  state.trainActions.setFork({
    runId: run.id,
    runName: run.name,
    iteration,
    resumeIterations: plan.resumeIterations,
    status: 'waiting',
  });
  state.uiActions.setArea('train');
  const scripted = plan.edits.length > 0 ? ` Its edits before then are scripted: ${plan.edits.map(describeScheduled).join('; ')}.` : '';
  const invalid = plan.issues.length > 0 ? ` ${plan.issues.length} setting(s) were invalid and reset to defaults.` : '';
  notify(
    plan.issues.length > 0 ? 'warning' : 'info',
    `Fork of “${run.name}” at iteration ${iteration}: Start replays its first ${iteration} iterations and stops there; then change settings and Resume.${scripted}${invalid}`,
  );
  return true;
}
