/**
 * What the align-anything export writes (pure): the run ticked in the list (the last one ticked when several are),
 * else the current settings. A run is exported with the settings it started with; its live edits have no upstream
 * counterpart (the trainer reads one config), so they are listed beside the export, never silently merged.
 */
import type { ExperimentConfig } from '../../config/params';
import { validateRecordedConfig } from '../../config/schema';
import type { ConfigChange, RunMeta } from '../../runs/types';

export interface ScaleOutSource {
  /** "run “ppo-lag thr −0.5 #3”" or "the current settings". */
  label: string;
  config: ExperimentConfig;
  /** The run's live edits (not in the export). */
  changes: ConfigChange[];
  runId: string | null;
}

export function scaleOutSource(list: readonly RunMeta[], selected: readonly string[], current: ExperimentConfig): ScaleOutSource {
  for (let i = selected.length - 1; i >= 0; i--) {
    const run = list.find((meta) => meta.id === selected[i]);
    if (run) {
      return {
        label: `run “${run.name}”`,
        config: validateRecordedConfig(run.config).config,
        changes: run.configChanges ?? [],
        runId: run.id,
      };
    }
  }
  return { label: 'the current settings', config: current, changes: [], runId: null };
}

/**
 * The warning shown where the user exports when the λ rule has no upstream counterpart: launch.sh runs upstream's
 * log-λ rule (log λ ← log λ + lambda_lr·λ·(J_C − threshold)) from λ₀ = lambda_init instead. null for the upstream rule.
 */
export function lambdaRuleWarning(config: Pick<ExperimentConfig, 'lambdaRule' | 'lambdaInit'>): string | null {
  if (config.lambdaRule === 'upstream') return null;
  return (
    `The ${config.lambdaRule} λ rule does not exist upstream: align-anything only has the log-λ step, so launch.sh ` +
    `runs log λ ← log λ + lambda_lr·λ·(J_C − threshold) from λ₀ = ${config.lambdaInit}, a different λ trajectory ` +
    `from this run's. To compare like with like, train here with the upstream rule before exporting.`
  );
}
