import { memo, useId, useState } from 'react';
import { PRESETS } from '../../config/presets';
import { useConfig, useConfigActions } from '../../state/store';

/** Which preset the config currently matches, if any. */
function matchingPreset(config: Record<string, unknown>): string {
  const match = PRESETS.find((preset) => Object.entries(preset.values).every(([key, value]) => config[key] === value));
  return match?.id ?? '';
}

/** Preset picker: applies the preset's values over the current config. */
export const PresetPicker = memo(function PresetPicker() {
  const config = useConfig();
  const { applyPreset } = useConfigActions();
  const id = useId();
  const current = matchingPreset(config as unknown as Record<string, unknown>);
  const [shown, setShown] = useState(current || PRESETS[0].id);
  const preset = PRESETS.find((p) => p.id === shown) ?? PRESETS[0];
  return (
    <section className="panel preset-panel" data-hide-id="train-presets" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Preset</h3>
      <div className="row">
        <label htmlFor={id} className="sr-only">
          Preset
        </label>
        <select id={id} value={shown} data-testid="train-preset" onChange={(e) => setShown(e.target.value)}>
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        <button type="button" data-testid="train-preset-apply" disabled={current === shown} onClick={() => applyPreset(shown)}>
          {current === shown ? 'In use' : 'Apply'}
        </button>
      </div>
      <p className="muted small">{preset.description}</p>
    </section>
  );
});
