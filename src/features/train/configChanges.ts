import { PARAMS, PARAM_KEYS, type ExperimentConfig, type ParamKey } from '../../config/params';

/** A setting of the experiment config: a PARAMS entry or the data source list. */
export type ConfigKey = ParamKey | 'dataUrls';

export interface ConfigChanges {
  /** Changed settings the engine applies at its next iteration. */
  live: ParamKey[];
  /** Changed settings that rebuild models or data: they wait for "Apply & reset". */
  needsReset: ConfigKey[];
}

/** Splits the differences between the engine's config and the edited one into live and needs-reset settings. */
export function classifyChanges(applied: ExperimentConfig | null, edited: ExperimentConfig): ConfigChanges {
  if (!applied) return { live: [], needsReset: [] };
  const live: ParamKey[] = [];
  const needsReset: ConfigKey[] = [];
  for (const key of PARAM_KEYS) {
    if (applied[key] === edited[key]) continue;
    (PARAMS[key].live ? live : needsReset).push(key);
  }
  if (applied.dataUrls.join('\n') !== edited.dataUrls.join('\n')) needsReset.push('dataUrls');
  return { live, needsReset };
}

/** The engine's config after it accepted `keys` from the edited config. */
export function mergeApplied(applied: ExperimentConfig, edited: ExperimentConfig, keys: readonly ParamKey[]): ExperimentConfig {
  const next = { ...applied } as Record<string, unknown>;
  for (const key of keys) next[key] = edited[key];
  return next as ExperimentConfig;
}

/** The edited values of `keys` only: what a live update sends (the engine owns every other setting). */
export function liveEdits(edited: ExperimentConfig, keys: readonly ParamKey[]): Partial<ExperimentConfig> {
  return Object.fromEntries(keys.map((key) => [key, edited[key]])) as Partial<ExperimentConfig>;
}

/**
 * The draft after the engine applied `keys` (now `engine[key]`, before `appliedBefore[key]`): a setting the person
 * left as it was applied follows the engine; one they edited since keeps their value. The same object when nothing
 * changes.
 */
export function mergeIntoDraft(
  draft: ExperimentConfig,
  appliedBefore: ExperimentConfig,
  engine: ExperimentConfig,
  keys: readonly ParamKey[],
): ExperimentConfig {
  const follow = keys.filter((key) => draft[key] === appliedBefore[key] && draft[key] !== engine[key]);
  return follow.length === 0 ? draft : mergeApplied(draft, engine, follow);
}

export function settingLabel(key: ConfigKey): string {
  return key === 'dataUrls' ? 'Data source' : PARAMS[key].label;
}
