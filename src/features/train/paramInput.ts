import { PARAMS, type ExperimentConfig, type ParamKey, type ParamSpec } from '../../config/params';

export type ParseResult = { ok: true; value: ExperimentConfig[ParamKey] } | { ok: false; error: string };

function rangeText(spec: { min: number; max: number }): string {
  return `${spec.min} and ${spec.max}`;
}

/**
 * Parses what the user typed into a setting's input. Errors name the setting, the value and the rule, e.g.
 * "Cost limit (threshold = −d) must be between -20 and 20 (got 50)."
 */
export function parseParamInput(key: ParamKey, text: string): ParseResult {
  const spec = PARAMS[key] as ParamSpec;
  const trimmed = text.trim();
  if (spec.kind === 'enum') {
    return spec.options.includes(trimmed)
      ? { ok: true, value: trimmed as ExperimentConfig[ParamKey] }
      : { ok: false, error: `${spec.label} must be one of ${spec.options.join(', ')} (got “${trimmed}”).` };
  }
  if (spec.kind === 'bool') {
    if (trimmed === 'true' || trimmed === 'false') return { ok: true, value: (trimmed === 'true') as unknown as ExperimentConfig[ParamKey] };
    return { ok: false, error: `${spec.label} must be true or false (got “${trimmed}”).` };
  }
  if (trimmed === '') return { ok: false, error: `${spec.label} needs a number between ${rangeText(spec)}.` };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, error: `${spec.label} must be a number (got “${trimmed}”).` };
  if (spec.kind === 'int' && !Number.isInteger(value)) {
    return { ok: false, error: `${spec.label} must be a whole number (got ${trimmed}).` };
  }
  if (value < spec.min || value > spec.max) {
    return { ok: false, error: `${spec.label} must be between ${rangeText(spec)} (got ${trimmed}).` };
  }
  return { ok: true, value: value as ExperimentConfig[ParamKey] };
}

/** Groups shown in the Train area, most relevant first (scoreTraining belongs to the Models area). */
export const TRAIN_PARAM_GROUPS = ['lagrangian', 'ppo', 'critics', 'policy', 'data', 'models'] as const;
export type TrainParamGroup = (typeof TRAIN_PARAM_GROUPS)[number];

export function paramsOfGroup(group: TrainParamGroup): ParamKey[] {
  return (Object.keys(PARAMS) as ParamKey[]).filter((key) => PARAMS[key].group === group);
}
