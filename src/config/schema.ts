// First: zod's jitless mode before this module builds its schemas (whichever chunk the bundler puts it in).
import '../util/zodJitless';
import * as z from 'zod';
import { PARAMS, PARAM_KEYS, defaultConfig, type ExperimentConfig, type ParamKey, type ParamSpec } from './params';

/** zod schema for one parameter, strict (no fallback): used to report field-level errors. */
export function paramSchema(spec: ParamSpec): z.ZodType {
  switch (spec.kind) {
    case 'enum':
      return z.enum(spec.options as unknown as [string, ...string[]]);
    case 'bool':
      return z.boolean();
    case 'int':
      return z.number().int().min(spec.min).max(spec.max);
    case 'number':
      return z.number().finite().min(spec.min).max(spec.max);
  }
}

/**
 * True only for the table's own keys. User keys (JSON, bundles, links, the runner's flags) must be checked with this,
 * never with `key in PARAMS` or `PARAMS[key]`: `constructor`, `toString`, `hasOwnProperty` and `__proto__` are
 * inherited by every object and would pass.
 */
export function isParamKey(key: string): key is ParamKey {
  return Object.hasOwn(PARAMS, key);
}

const shape: Record<string, z.ZodType> = { dataUrls: z.array(z.string().url()).max(64) };
for (const key of PARAM_KEYS) shape[key] = paramSchema(PARAMS[key]);

/** Strict schema of a whole config (every field required). */
export const ExperimentConfigSchema = z.object(shape).strict();

export interface FieldIssue {
  field: string;
  message: string;
  /** The field is not a setting of this version (as opposed to a setting with an invalid value). */
  unknown?: true;
}

/**
 * Validates a partial config object (e.g. from the JSON editor or a bundle). Missing fields take defaults;
 * unknown fields and invalid values are reported per field and replaced by defaults, so the result is always
 * a complete, valid config.
 */
export function validateConfig(raw: unknown): { config: ExperimentConfig; issues: FieldIssue[] } {
  const config = defaultConfig();
  const issues: FieldIssue[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { config, issues: [{ field: '(root)', message: 'expected a JSON object' }] };
  }
  const record = raw as Record<string, unknown>;
  for (const [field, value] of Object.entries(record)) {
    if (!Object.hasOwn(shape, field)) {
      issues.push({ field, message: `unknown setting ${JSON.stringify(field)} (ignored)`, unknown: true });
      continue;
    }
    const parsed = shape[field].safeParse(value);
    if (parsed.success) (config as Record<string, unknown>)[field] = parsed.data;
    else issues.push({ field, message: parsed.error.issues.map((i) => i.message).join('; ') });
  }
  return { config, issues };
}

export function configDiff(a: ExperimentConfig, b: ExperimentConfig): ParamKey[] {
  return PARAM_KEYS.filter((key) => a[key] !== b[key]);
}

/**
 * Settings added after runs were first recorded, with the value such runs actually ran with: a recorded config
 * (a saved run, an imported bundle) that lacks them ran the upstream λ rule without a truncation penalty, whatever
 * today's defaults are.
 */
export const RECORDED_BEFORE_SETTING: Partial<ExperimentConfig> = { lambdaRule: 'upstream', truncationPenalty: 0 };

/** validateConfig for a config recorded by a run: missing later-added settings take what such runs ran with. */
export function validateRecordedConfig(raw: unknown): { config: ExperimentConfig; issues: FieldIssue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return validateConfig(raw);
  return validateConfig({ ...RECORDED_BEFORE_SETTING, ...(raw as Record<string, unknown>) });
}
