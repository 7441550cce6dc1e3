import { useSystem } from '../../state/store';
import { formatNumber } from '../../charts/scales';
import type { TrainRunState } from '../../state/slices/trainSlice';
import { cancelSetup, pauseTraining, resetTraining, startTraining, stepIteration, stopTraining } from './trainControls';
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
}

/** Start / pause / resume / stop / reset / step, with the run state, speed and backend. */
export function RunControls({ runState, iteration, iterations, speed, info, setupProgress }: RunControlsProps) {
  const { backend, backendState } = useSystem();
  const running = runState === 'running';
  const busy = runState === 'initialising';
  const resumable = runState === 'paused' || (runState === 'finished' && iteration < iterations);
  const started = runState !== 'uninitialised' && runState !== 'failed' && runState !== 'initialising';
  return (
    <div className="run-controls" role="group" aria-label="Run controls">
      <div className="row">
        {resumable ? (
          <button type="button" className="primary" data-testid="train-resume" onClick={() => void startTraining()}>
            ▶ Resume
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            data-testid="train-start"
            disabled={running || busy}
            onClick={() => void startTraining()}
            title="Initialise if needed, then train (Space)"
          >
            ▶ {runState === 'stopped' || runState === 'finished' ? 'Start again' : 'Start'}
          </button>
        )}
        <button type="button" data-testid="train-pause" disabled={!running} onClick={() => void pauseTraining()} title="Pause (Space)">
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
      </div>
      <p className="run-status" aria-live="polite">
        <span className={`run-state state-${runState}`} data-testid="train-state" data-state={runState}>
          {STATE_LABELS[runState]}
        </span>
        <span>
          iteration {iteration} / {iterations}
        </span>
        <span data-testid="train-speed">
          {speed.iterationsPerSecond !== null ? `${formatNumber(speed.iterationsPerSecond)} it/s` : '— it/s'}
          {' · '}
          {speed.tokensPerSecond !== null ? `${formatNumber(speed.tokensPerSecond)} tokens/s` : '— tokens/s'}
        </span>
        <span className="muted" data-testid="train-backend">
          backend {backendState === 'ready' && backend ? backend.active : backendState === 'failed' ? 'unavailable' : 'starting…'}
        </span>
        {info && <span className="muted run-info" data-testid="train-info">{info}</span>}
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
