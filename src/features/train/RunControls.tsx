import { useEffect, useRef, type FocusEvent } from 'react';
import { useSystem } from '../../state/store';
import { formatNumber } from '../../charts/scales';
import type { TrainRunState } from '../../state/slices/trainSlice';
import { cancelSetup, pauseTraining, resetTraining, startTraining, stepIteration, stopTraining } from './trainControls';
import { PresentToggle } from './PresentToggle';
import { SeedGroupButton } from './SeedGroupButton';
import type { Speed } from './useTrain';

const STATE_LABELS: Record<TrainRunState, string> = {
  uninitialised: 'not started',
  initialising: 'loading models…',
  ready: 'ready',
  running: 'running',
  paused: 'paused',
  stopped: 'stopped',
  finished: 'finished',
  failed: 'failed',
};

interface RunControlsProps {
  runState: TrainRunState;
  iteration: number;
  iterations: number;
  speed: Speed;
  info: string | null;
  /** While initialising: fraction of the images decoded, null when unknown. */
  setupProgress: number | null;
  /** Workers the run's seeds are spread over (a seed group's member workers plus the trainer). */
  workers: number;
}

/** Start / pause / resume / stop / reset / step, with the run state, speed and backend. */
export function RunControls({ runState, iteration, iterations, speed, info, setupProgress, workers }: RunControlsProps) {
  const { backend, backendState } = useSystem();
  const running = runState === 'running';
  const busy = runState === 'initialising';
  const resumable = runState === 'paused' || (runState === 'finished' && iteration < iterations);
  const started = runState !== 'uninitialised' && runState !== 'failed' && runState !== 'initialising';
  // Start, Pause and Resume disable or swap themselves as the run state changes. When that drops keyboard focus,
  // it moves to the control that continues the flow: Pause while running, else Start / Resume.
  const focusInside = useRef(false);
  const primaryRef = useRef<HTMLButtonElement>(null);
  const pauseRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!focusInside.current) return;
    const focused = document.activeElement as HTMLElement | null;
    const dropped = !focused || focused === document.body || !focused.isConnected || (focused as HTMLButtonElement).disabled;
    const target = runState === 'running' ? pauseRef.current : primaryRef.current;
    if (dropped && target && !target.disabled) target.focus();
  }, [runState]);
  const onFocus = () => (focusInside.current = true);
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    const from = event.target as Element;
    const to = event.relatedTarget as Node | null;
    // A button that just disabled itself or left the page did not lose focus on purpose.
    const dropped = !from.isConnected || (from instanceof HTMLButtonElement && from.disabled);
    if (!dropped && !(to && event.currentTarget.contains(to))) focusInside.current = false;
  };
  const start = () => {
    if (running || busy) return;
    void startTraining();
  };
  const active = busy || running;
  const activity = busy
    ? info ?? 'Preparing the engine: models, SFT policy, prompts…'
    : running
      ? 'training…'
      : '';
  return (
    <div className="run-controls" role="group" aria-label="Run controls" onFocus={onFocus} onBlur={onBlur}>
      <div className="row">
        {resumable ? (
          <button ref={primaryRef} type="button" className="primary" data-testid="train-resume" onClick={start}>
            ▶ Resume
          </button>
        ) : (
          <button
            ref={primaryRef}
            type="button"
            className="primary"
            data-testid="train-start"
            // While the engine is being built Start stays focusable (aria-disabled) so focus is not dropped.
            disabled={running}
            aria-disabled={busy || undefined}
            onClick={start}
            title="Initialise if needed, then train (Space)"
          >
            ▶ {runState === 'stopped' || runState === 'finished' ? 'Start again' : 'Start'}
          </button>
        )}
        <button ref={pauseRef} type="button" data-testid="train-pause" disabled={!running} onClick={() => void pauseTraining()} title="Pause (Space)">
          ❚❚ Pause
        </button>
        <button type="button" data-testid="train-stop" disabled={!running && runState !== 'paused'} onClick={() => void stopTraining()}>
          ■ Stop
        </button>
        <button type="button" data-testid="train-reset" disabled={busy || !started} onClick={() => void resetTraining()} title="Back to the SFT policy, iteration 0, λ = λ initial">
          ↺ Reset
        </button>
        <button type="button" data-testid="train-step" disabled={running || busy} onClick={() => void stepIteration()} title="Run exactly one PPO iteration">
          Step 1 iteration
        </button>
        <PresentToggle />
        <SeedGroupButton disabled={running || busy} />
        <span className="run-activity" data-testid="train-activity" data-active={active}>
          {/* Indeterminate: it moves from the moment Start is pressed, before the first iteration ends. */}
          {active && <progress aria-label="Training in progress" />}
          <span className="muted small">{activity}</span>
        </span>
      </div>
      {/* Only the run state is a live region: screen readers hear "running", "paused", "finished", not every
          iteration (the counter is the "iterations done" readout beside these controls). */}
      <p className="run-status">
        <span
          className={`run-state state-${runState}`}
          data-testid="train-state"
          data-state={runState}
          role="status"
          aria-live="polite"
          aria-atomic="true"
        >
          {STATE_LABELS[runState]}
        </span>
        <span data-testid="train-run-length">run length {iterations} iterations</span>
        <span data-testid="train-speed">
          {speed.iterationsPerSecond !== null ? `${formatNumber(speed.iterationsPerSecond)} it/s` : '— it/s'}
          {' · '}
          <span title="Response tokens sampled per second of rollout time (scoring, GAE and the updates are not counted)">
            {speed.tokensPerSecond !== null ? `${formatNumber(speed.tokensPerSecond)} rollout tokens/s` : '— rollout tokens/s'}
          </span>
        </span>
        <span className="muted" data-testid="train-backend">
          backend {backendState === 'ready' && backend ? backend.active : backendState === 'failed' ? 'unavailable' : 'starting…'}
        </span>
        {workers > 1 && (
          <span className="muted" data-testid="train-workers" title="The seed group's members run in this many workers at once, one share of the seeds each">
            seeds in {workers} workers
          </span>
        )}
        {info && !busy && <span className="muted run-info" data-testid="train-info">{info}</span>}
        <span className="muted kbd-hint">Space: run / pause</span>
      </p>
      {busy && <SetupProgress progress={setupProgress} />}
    </div>
  );
}

/** PPO set-up (models, then decoding every image): a progress bar once the worker reports one, and Cancel. */
function SetupProgress({ progress }: { progress: number | null }) {
  const percent = progress === null ? null : Math.round(Math.min(1, Math.max(0, progress)) * 100);
  return (
    <div className="setup-progress row tight" data-testid="train-setup">
      <div
        className={percent === null ? 'progress indeterminate' : 'progress'}
        role="progressbar"
        aria-label="Preparing PPO"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        <div style={{ width: percent === null ? '30%' : `${percent}%` }} />
      </div>
      {percent !== null && <span className="muted">{percent}%</span>}
      <button type="button" data-testid="train-setup-cancel" onClick={() => void cancelSetup()}>
        Cancel set-up
      </button>
    </div>
  );
}
