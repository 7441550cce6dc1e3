import { useEffect, useId, useRef, useState } from 'react';
import { PARAMS, type ExperimentConfig, type ParamKey } from '../../config/params';
import { parseParamInput } from './paramInput';

/** A typed value applies after this long without a keystroke (or at once on Enter, blur or a spinner step). */
export const APPLY_PAUSE_MS = 700;

interface ParamFieldProps {
  paramKey: ParamKey;
  value: ExperimentConfig[ParamKey];
  /** The value the engine runs with, when it exists (to mark pending changes). */
  appliedValue: ExperimentConfig[ParamKey] | undefined;
  onChange: (key: ParamKey, value: ExperimentConfig[ParamKey]) => void;
}

/** One setting: label, live / needs-reset tag, input with range, validation message, help and formula. */
export function ParamField({ paramKey, value, appliedValue, onChange }: ParamFieldProps) {
  const spec = PARAMS[paramKey];
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const [seen, setSeen] = useState(value);
  const [error, setError] = useState<string | null>(null);
  // Follow outside changes (preset, JSON editor, shared link) without clobbering what is being typed.
  if (seen !== value) {
    setSeen(value);
    setDraft(String(value));
    setError(null);
  }
  // The typed text waits here until it is complete (Enter, leaving the field, a spinner step or a pause).
  const pendingText = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ value, onChange, paramKey });
  latest.current = { value, onChange, paramKey };

  const cancelPause = () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  };
  /** Applies `text` once if it is a valid, different value; otherwise shows why not. */
  const apply = (text: string) => {
    cancelPause();
    pendingText.current = null;
    if (text.trim() === '') return;
    const parsed = parseParamInput(latest.current.paramKey, text);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    if (parsed.value !== latest.current.value) latest.current.onChange(latest.current.paramKey, parsed.value);
  };
  const flush = () => {
    if (pendingText.current !== null) apply(pendingText.current);
  };
  // A value still waiting when the field goes away (another area opened) is applied, not lost.
  useEffect(() => () => flush(), []); // eslint-disable-line react-hooks/exhaustive-deps

  /**
   * What was typed: shown at once, applied when complete. Typing "-1.5" passes through "-1" and "-1.": applying each
   * keystroke would run the run at −1 for a few iterations and record a stray change, so a typed value waits for a
   * pause of APPLY_PAUSE_MS; a spinner or arrow-key step (an input event without an inputType) is complete at once.
   */
  const edit = (text: string, complete: boolean) => {
    setDraft(text);
    cancelPause();
    // Mid-typing ("", "-": a number input reports both as ""): wait; leaving the field restores the value.
    if (text.trim() === '') {
      pendingText.current = null;
      setError(null);
      return;
    }
    const parsed = parseParamInput(paramKey, text);
    if (!parsed.ok) {
      pendingText.current = null;
      setError(parsed.error);
      return;
    }
    setError(null);
    if (complete) {
      apply(text);
      return;
    }
    pendingText.current = text;
    timer.current = setTimeout(flush, APPLY_PAUSE_MS);
  };
  const commit = (text: string) => {
    setDraft(text);
    apply(text);
  };

  const pending = appliedValue !== undefined && appliedValue !== value;
  const isDefault = value === spec.default;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;

  return (
    <div className={error ? 'param-field invalid' : 'param-field'} data-param={paramKey}>
      <div className="param-label-row">
        <label htmlFor={id}>{spec.label}</label>
        <span className={spec.live ? 'tag safe' : 'tag warn'} title={spec.live ? 'Applies at the next iteration' : 'Takes effect after Apply & reset'}>
          {spec.live ? 'live' : 'needs reset'}
        </span>
        {pending && !spec.live && <span className="tag unsafe">pending</span>}
        {!isDefault && (
          <button
            type="button"
            className="link-button param-default"
            onClick={() => commit(String(spec.default))}
            aria-label={`Restore ${spec.label} to its default ${String(spec.default)}`}
            title={`Restore default (${String(spec.default)})`}
          >
            ↺
          </button>
        )}
      </div>
      {spec.kind === 'enum' ? (
        <select
          id={id}
          value={String(value)}
          data-testid={`param-${paramKey}`}
          aria-describedby={helpId}
          onChange={(e) => commit(e.target.value)}
        >
          {spec.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type="number"
          inputMode="decimal"
          value={draft}
          min={spec.min}
          max={spec.max}
          step={'step' in spec && spec.step !== undefined ? spec.step : spec.kind === 'int' ? 1 : 'any'}
          data-testid={`param-${paramKey}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${errorId} ${helpId}` : helpId}
          onChange={(e) => edit(e.target.value, !(e.nativeEvent as InputEvent).inputType)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') apply(e.currentTarget.value);
          }}
          onBlur={() => {
            flush();
            // Leaving an invalid entry shows the value actually in force again.
            if (error || draft.trim() === '') {
              setDraft(String(value));
              setError(null);
            }
          }}
        />
      )}
      {error && (
        <p className="param-error" id={errorId} role="alert">
          {error}
        </p>
      )}
      <p className="param-help" id={helpId}>
        {spec.help}{' '}
        <span className="param-range">
          default {String(spec.default)}
          {spec.kind === 'enum' ? '' : ` · range ${spec.min} to ${spec.max}`}
        </span>
      </p>
      {'formula' in spec && spec.formula && <code className="param-formula">{spec.formula}</code>}
    </div>
  );
}
