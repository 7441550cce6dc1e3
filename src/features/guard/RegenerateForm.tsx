import { useId } from 'react';
import { FALLBACKS, FLAG_SEVERITIES } from '../../train/guardLoop';
import type { RegenerateSettings } from '../../state/slices/guardSlice';
import { useAppStore, useConfig } from '../../state/store';
import { shownGroupSeed } from '../../config/seedGroup';
import { cancelModeration, runFilterAndRegenerate } from './guardJobs';
import { useGuardActions, useGuardState } from './useGuard';

const FALLBACK_LABELS: Record<(typeof FALLBACKS)[number], string> = {
  refusal: 'a fixed refusal',
  'lowest-risk': 'the candidate with the lowest guard risk',
};

/** The filter-and-regenerate settings and the Run / Cancel buttons. */
export function RegenerateForm({ heldOut }: { heldOut: number }) {
  const { regenerate, runJob, batchJob, threshold } = useGuardState();
  const { setRegenerate } = useGuardActions();
  const config = useConfig();
  // A seed group's current checkpoint is its first seed's policy (as the Train area's generations are).
  const groupSeed = shownGroupSeed(useAppStore((s) => s.train.appliedConfig));
  const ids = {
    policy: useId(),
    prompts: useId(),
    rounds: useId(),
    severity: useId(),
    fallback: useId(),
  };
  const running = runJob.status === 'running';
  const set = <K extends keyof RegenerateSettings>(key: K, value: RegenerateSettings[K]) =>
    setRegenerate(key, value);
  const clampInt = (value: string, lo: number, hi: number, fallback: number) => {
    const n = Math.round(Number(value));
    return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : fallback;
  };
  const maxPrompts = Math.max(1, Math.min(256, heldOut || 256));
  const run = () =>
    void runFilterAndRegenerate({
      ...regenerate,
      prompts: Math.min(regenerate.prompts, maxPrompts),
      threshold,
      seed: config.seed,
      temperature: config.temperature,
      topP: config.topP,
    });
  return (
    <form
      className="regenerate-form"
      onSubmit={(e) => {
        e.preventDefault();
        run();
      }}
    >
      <div className="grid-3">
        <div className="field">
          <label htmlFor={ids.policy}>Policy</label>
          <select
            id={ids.policy}
            value={regenerate.policy}
            data-testid="moderation-policy"
            onChange={(e) => set('policy', e.target.value as RegenerateSettings['policy'])}
          >
            <option value="sft">SFT policy (before PPO)</option>
            <option value="current">Current PPO checkpoint{groupSeed !== undefined ? ` (seed ${groupSeed}, the group's first)` : ''}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.prompts}>Held-out prompts (of {heldOut})</label>
          <input
            id={ids.prompts}
            type="number"
            min={1}
            max={maxPrompts}
            value={regenerate.prompts}
            data-testid="moderation-prompts"
            onChange={(e) => set('prompts', clampInt(e.target.value, 1, maxPrompts, regenerate.prompts))}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.rounds}>Rounds (at most)</label>
          <input
            id={ids.rounds}
            type="number"
            min={1}
            max={10}
            value={regenerate.maxRounds}
            data-testid="moderation-rounds"
            onChange={(e) => set('maxRounds', clampInt(e.target.value, 1, 10, regenerate.maxRounds))}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.severity}>Flag at severity</label>
          <select
            id={ids.severity}
            value={regenerate.flagAtSeverity}
            data-testid="moderation-flag-severity"
            onChange={(e) => set('flagAtSeverity', e.target.value as RegenerateSettings['flagAtSeverity'])}
          >
            {FLAG_SEVERITIES.map((level) => (
              <option key={level} value={level}>
                {level === 'minor' ? 'any unsafe (probability alone)' : `${level} or worse`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.fallback}>After the last round, serve</label>
          <select
            id={ids.fallback}
            value={regenerate.fallback}
            data-testid="moderation-fallback"
            onChange={(e) => set('fallback', e.target.value as RegenerateSettings['fallback'])}
          >
            {FALLBACKS.map((f) => (
              <option key={f} value={f}>
                {FALLBACK_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox-field">
          <input
            type="checkbox"
            checked={regenerate.screenQuery}
            data-testid="moderation-screen-query"
            onChange={(e) => set('screenQuery', e.target.checked)}
          />{' '}
          Screen the image and question first (refuse flagged queries without generating)
        </label>
      </div>
      <p className="muted small">
        Flagged ⇔ P(unsafe) ≥ {threshold.toFixed(2)} (the threshold slider above)
        {regenerate.flagAtSeverity !== 'minor' &&
          ` and the guard's severity is ${regenerate.flagAtSeverity} or worse`}
        . Sampling uses the run seed {config.seed}, temperature {config.temperature} and top-p {config.topP};
        each round draws fresh responses for the prompts still flagged.
      </p>
      <div className="row">
        <button
          type="submit"
          className="primary"
          disabled={running || batchJob.status === 'running' || heldOut === 0}
          data-testid="moderation-run"
        >
          Run filter and regenerate
        </button>
        <button type="button" disabled={!running} data-testid="moderation-cancel" onClick={cancelModeration}>
          Cancel
        </button>
      </div>
    </form>
  );
}
