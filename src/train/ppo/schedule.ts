/**
 * Scripted live edits: settings that change at a given iteration boundary of a run, exactly as if someone edited
 * them live at that moment. One meaning of "iteration" everywhere:
 *
 *   iteration = k  ⇔  applied when k iterations are done, before the iteration with 0-based index k runs
 *
 * which is the headless runner's `--set-at k:key=value` (applied when engine.iteration === k) and a recorded
 * ConfigChange's `afterIteration` (the engine's completed iterations when the edit went in; the metric row with
 * 0-based iteration k is the first to carry the new value). So a recorded change maps to a scheduled one with
 * iteration = afterIteration, and replaying the schedule records the same afterIteration again.
 */
import { PARAMS, type ExperimentConfig, type ParamKey } from '../../config/params';

export interface ScheduledChange {
  /** Completed iterations when it applies (before the iteration with this 0-based index). */
  iteration: number;
  key: ParamKey;
  value: ExperimentConfig[ParamKey];
  /** The value it replaced in the run it was taken from (shown only; the change sets `value` whatever is in force). */
  from?: ExperimentConfig[ParamKey];
}

/** A live edit as a run records it (src/runs/types.ts ConfigChange). */
interface RecordedChange {
  afterIteration: number;
  key: ParamKey;
  from: ExperimentConfig[ParamKey];
  to: ExperimentConfig[ParamKey];
}

/**
 * The schedule that reproduces a run's recorded live edits: iteration = afterIteration, in the recorded order (a
 * later change of the same setting at the same boundary wins). Settings that cannot change mid-run are left out.
 */
export function scheduleFromRecorded(changes: readonly RecordedChange[]): ScheduledChange[] {
  return changes
    .filter((change) => PARAMS[change.key]?.live === true && Number.isInteger(change.afterIteration) && change.afterIteration >= 0)
    .map((change) => ({ iteration: change.afterIteration, key: change.key, value: change.to, from: change.from }));
}

/** The changes due when `completedIterations` iterations are done (those scheduled for exactly that boundary). */
export function dueChanges<T extends Pick<ScheduledChange, 'iteration'>>(schedule: readonly T[], completedIterations: number): T[] {
  return schedule.filter((change) => change.iteration === completedIterations);
}

/** `config` with `changes` applied in order. */
export function withChanges(config: ExperimentConfig, changes: readonly { key: ParamKey; value: unknown }[]): ExperimentConfig {
  const next = { ...config };
  for (const change of changes) (next as Record<ParamKey, unknown>)[change.key] = change.value;
  return next;
}

/** The schedule without `done` (matched by value, so a copy sent through the worker boundary still matches). */
export function withoutChanges(schedule: readonly ScheduledChange[], done: readonly ScheduledChange[]): ScheduledChange[] {
  const same = (a: ScheduledChange, b: ScheduledChange) => a.iteration === b.iteration && a.key === b.key && a.value === b.value;
  return schedule.filter((change) => !done.some((d) => same(change, d)));
}

/** "Cost limit (threshold = −d) −0.5 → −1.5 after iteration 100" (iteration = completed iterations, as recorded). */
export function describeScheduled(change: ScheduledChange): string {
  const from = change.from === undefined ? '' : `${String(change.from)} → `;
  return `${PARAMS[change.key].label} ${from}${String(change.value)} after iteration ${change.iteration}`;
}
