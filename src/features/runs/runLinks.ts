/**
 * A run's own link and "Fork here" (pure planning; the actions are in runLinkActions.ts).
 *
 * A run link carries the run's start settings and its recorded live edits as a schedule (`ed=`, src/state/linkEdits.ts):
 * the recipient's run makes the same edits at the same iteration boundaries, so with the same seed it reproduces
 * the run, edits included. A run that ended before its run length (stopped, interrupted, failed) is linked with the
 * run length it reached, so the replay ends where the original did.
 *
 * A fork at iteration k replays the run's first k iterations (start settings, run length k, the edits made before
 * iteration k scripted), stands at k, and then takes the person's own changes: the run length goes back to the
 * original's and the rest is theirs. Rows 0 … k − 1 of the fork are the original's.
 */
import type { ExperimentConfig } from '../../config/params';
import { validateRecordedConfig, type FieldIssue } from '../../config/schema';
import { finalConfig, type RunMeta } from '../../runs/types';
import { scheduleFromRecorded, type ScheduledChange } from '../../train/ppo/schedule';

export interface RunReplay {
  config: ExperimentConfig;
  edits: ScheduledChange[];
  /** Recorded changes of settings that cannot change mid-run (left out of the replay). */
  skipped: number;
  /** Start settings that were invalid and fell back to defaults. */
  issues: FieldIssue[];
}

/** The settings and edit schedule that replay `run`. */
export function runReplay(run: Pick<RunMeta, 'config' | 'configChanges' | 'status' | 'summary'>): RunReplay {
  const { config, issues } = validateRecordedConfig(run.config);
  const changes = run.configChanges ?? [];
  const edits = scheduleFromRecorded(changes).map(({ iteration, key, value }) => ({ iteration, key, value }));
  const done = run.summary.iterations;
  const endedEarly = run.status !== 'finished' && run.status !== 'running' && run.status !== 'paused';
  // No live edit of the run length: the replay stops where the original stopped.
  const lengthEdited = edits.some((edit) => edit.key === 'iterations');
  if (endedEarly && !lengthEdited && Number.isInteger(done) && done >= 1 && done < config.iterations) {
    config.iterations = done;
  }
  return { config, edits, skipped: changes.length - edits.length, issues };
}

export interface ForkPlan extends RunReplay {
  iteration: number;
  /** The run length to go on with once the fork stands at `iteration`: the original's final run length. */
  resumeIterations: number;
}

/** Why `iteration` cannot be forked from (null: it can). Forks start at 1 … completed iterations. */
export function forkProblem(run: Pick<RunMeta, 'summary'>, iteration: number): string | null {
  const done = run.summary.iterations;
  if (!Number.isFinite(done) || done < 1) return 'This run has no completed iteration to fork from.';
  if (!Number.isInteger(iteration) || iteration < 1 || iteration > done) {
    return `Fork at a whole iteration from 1 to ${done} (got ${Number.isFinite(iteration) ? iteration : 'nothing'}).`;
  }
  return null;
}

/** What a fork at `iteration` runs: the replay up to there, with the run length `iteration`. */
export function forkPlan(run: Pick<RunMeta, 'config' | 'configChanges' | 'status' | 'summary'>, iteration: number): ForkPlan {
  const { config, issues } = validateRecordedConfig(run.config);
  const changes = run.configChanges ?? [];
  const all = scheduleFromRecorded(changes).map(({ iteration: at, key, value }) => ({ iteration: at, key, value }));
  // Edits at boundary k would shape iteration k, which is already the fork's own.
  const edits = all.filter((edit) => edit.iteration < iteration && edit.key !== 'iterations');
  config.iterations = iteration;
  return {
    config,
    edits,
    skipped: changes.length - all.length,
    issues,
    iteration,
    resumeIterations: Math.max(iteration, finalConfig(run).iterations),
  };
}
