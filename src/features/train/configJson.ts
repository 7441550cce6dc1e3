import type { ExperimentConfig } from '../../config/params';
import { validateConfig, type FieldIssue } from '../../config/schema';
import { errorText } from '../../util/errorText';

/**
 * Parses the editor text into a config: fields present replace the current ones; fields left out keep their
 * current values. Any problem (bad JSON, unknown field, out-of-range value) is reported and nothing is applied.
 */
export function parseConfigJson(text: string, current: ExperimentConfig): { config: ExperimentConfig | null; issues: FieldIssue[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { config: null, issues: [{ field: '(JSON)', message: errorText(error) }] };
  }
  const { config, issues } = validateConfig(raw);
  if (issues.length > 0) return { config: null, issues };
  const merged = { ...current } as Record<string, unknown>;
  for (const key of Object.keys(raw as object)) merged[key] = (config as Record<string, unknown>)[key];
  return { config: merged as unknown as ExperimentConfig, issues: [] };
}
