import { useSystem } from '../../state/store';
import { formatNumber } from '../../charts/scales';
import type { TrainRunState } from '../../state/slices/trainSlice';
import { pauseTraining, resetTraining, startTraining, stepIteration, stopTraining } from './trainControls';
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
}

/** Start / pause / resume / stop / reset / step, with the run state, speed and backend. */
export function RunControls({ runState, iteration, iterations, speed, info }: RunControlsProps) {
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
    </div>
  );
}
