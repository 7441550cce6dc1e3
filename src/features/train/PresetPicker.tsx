import { memo, useId, useState } from 'react';
import type { ExperimentConfig } from '../../config/params';
import { PRESETS } from '../../config/presets';
import { useAppStore, useConfig, useConfigActions } from '../../state/store';
import { classifyChanges } from './configChanges';
import { runningConfig } from './runningConfig';
import { useTrain } from './useTrain';

/** Which preset a config matches, if any. */
function matchingPreset(config: ExperimentConfig): string {
  const values = config as unknown as Record<string, unknown>;
  const match = PRESETS.find((preset) => Object.entries(preset.values).every(([key, value]) => values[key] === value));
  return match?.id ?? '';
}

/**
 * Preset picker: applies the preset's values over the current config. "In use" only when the engine runs it; a
 * preset applied to the settings but not yet taken by the engine is shown as pending. Locked on a classroom link.
 */
export const PresetPicker = memo(function PresetPicker() {
  const config = useConfig();
  const train = useTrain();
  const locked = useAppStore((s) => s.ui.classroom);
  const { applyPreset } = useConfigActions();
  const id = useId();
  const running = runningConfig(train, config);
  const runningPreset = matchingPreset(running);
  const editedPreset = matchingPreset(config);
  const [shown, setShown] = useState(runningPreset || editedPreset || PRESETS[0].id);
  const preset = PRESETS.find((p) => p.id === shown) ?? PRESETS[0];
  const state = shown === runningPreset && shown === editedPreset ? 'in-use' : shown === editedPreset ? 'pending' : 'none';
  const { needsReset } = classifyChanges(train.appliedConfig, config);
  const runningLabel = PRESETS.find((p) => p.id === runningPreset)?.label;
  return (
    <section className="panel preset-panel" data-hide-id="train-presets" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Preset</h3>
      <div className="row">
        <label htmlFor={id} className="sr-only">
          Preset
        </label>
        <select
          id={id}
          value={shown}
          data-testid="train-preset"
          disabled={locked}
          onChange={(e) => setShown(e.target.value)}
        >
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        {!locked && (
          <button
            type="button"
            data-testid="train-preset-apply"
            data-state={state}
            disabled={state !== 'none'}
            onClick={() => applyPreset(shown)}
          >
            {state === 'in-use' ? 'In use' : state === 'pending' ? 'Pending' : 'Apply'}
          </button>
        )}
      </div>
      {locked && (
        <p className="muted small" data-testid="preset-locked">
          Locked: this classroom link sets the teacher’s settings. Individual settings below can still be explored.
        </p>
      )}
      {state === 'pending' && (
        <p className="small pending-note" role="status" data-testid="preset-pending">
          Pending: the run still uses {runningLabel ? `“${runningLabel}”` : 'other settings'}
          {needsReset.length > 0 ? ' until you press “Apply & reset”.' : ' until its next iteration.'}
        </p>
      )}
      <p className="muted small">{preset.description}</p>
    </section>
  );
});
