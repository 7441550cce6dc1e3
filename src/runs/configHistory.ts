import type { ParamKey } from '../config/params';
import type { ConfigChange, RunMeta } from './types';

/**
 * A setting's value at each iteration, from the start config and the live changes recorded with the run. A change
 * recorded with afterIteration = N (N iterations done when it was applied) is in force from the row with 0-based
 * iteration N on, the same rows whose recorded `threshold` column shows a new cost limit.
 */
export function settingAtIterations(
  run: Pick<RunMeta, 'config' | 'configChanges'>,
  key: ParamKey,
  iterations: ArrayLike<number>,
): Float64Array {
  const start = Number(run.config[key]);
  const changes = (run.configChanges ?? []).filter((change) => change.key === key);
  const out = new Float64Array(iterations.length);
  for (let i = 0; i < iterations.length; i++) {
    let value = start;
    for (const change of changes) if (iterations[i] >= change.afterIteration) value = Number(change.to);
    out[i] = value;
  }
  return out;
}

/** The changes of one setting, in order. */
export function changesOf(run: Pick<RunMeta, 'configChanges'>, key: ParamKey): ConfigChange[] {
  return (run.configChanges ?? []).filter((change) => change.key === key);
}

