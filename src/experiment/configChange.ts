/**
 * What the experiment core reports when the engine takes in setting edits, live (a person typed them) or scripted
 * (a schedule said so at an iteration boundary). Plain data with no TensorFlow.js import: the main thread reads it
 * from the worker's status events (run history, Train area) and the runner writes it to the run bundle.
 *
 *   afterIteration = k  ⇔  the engine had completed k iterations when the edit went in; the metric row with
 *                          0-based iteration k is the first to carry the new value (src/train/ppo/schedule.ts).
 */
import { PARAMS, type ExperimentConfig, type ParamKey } from '../config/params';
import type { ConfigChange } from '../runs/types';
import type { ScheduledChange } from '../train/ppo/schedule';

export type EditSource = 'live' | 'scripted';

/** One batch of edits the engine took in (the 'info' status event's detail.configApplied). */
export interface ConfigApplied {
  source: EditSource;
  /** The engine's completed iterations when it applied them (every change's afterIteration). */
  iteration: number;
  /** The settings the engine changed. */
  applied: ParamKey[];
  /** The engine's config right after. */
  config: ExperimentConfig;
  /** The recorded changes, one per applied setting, with the value before and after. */
  changes: ConfigChange[];
  /** For scripted edits: the schedule entries that went in (the Train area drops them from its pending list). */
  scheduled: ScheduledChange[];
}

/** detail.configApplied of a status event, or null when the event is not about applied edits. */
export function configAppliedOf(detail: Record<string, unknown> | undefined): ConfigApplied | null {
  const value = detail?.configApplied as Partial<ConfigApplied> | undefined;
  if (!value || typeof value !== 'object') return null;
  const { source, iteration, applied, config, changes, scheduled } = value;
  if (
    (source !== 'live' && source !== 'scripted') ||
    typeof iteration !== 'number' ||
    !Number.isInteger(iteration) ||
    iteration < 0 ||
    !Array.isArray(applied) ||
    !Array.isArray(changes) ||
    !config ||
    typeof config !== 'object'
  ) {
    return null;
  }
  const known = (key: unknown): key is ParamKey => typeof key === 'string' && Object.hasOwn(PARAMS, key);
  return {
    source,
    iteration,
    applied: applied.filter(known),
    config,
    changes: changes.filter((change) => known(change?.key)),
    scheduled: Array.isArray(scheduled) ? scheduled : [],
  };
}

/** "Cost limit (threshold = −d) −0.5 → −1" for each change, joined by "; ". */
export function describeChanges(changes: readonly ConfigChange[]): string {
  return changes.map((change) => `${PARAMS[change.key].label} ${String(change.from)} → ${String(change.to)}`).join('; ');
}
