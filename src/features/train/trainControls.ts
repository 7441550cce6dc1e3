/**
 * Plain functions that drive the PPO engine in the worker and keep the train slice in step with it. Other code
 * calls these too (the shared-link `autoplay=1` calls startTraining()). All of them are safe to call at any time:
 * a call that does not fit the current state does nothing.
 */
import type { ExperimentConfig } from '../../config/params';
import type { TrainRunState } from '../../state/slices/trainSlice';
import { startTrainer } from '../../state/trainerSession';
import { onStatus } from '../../worker/statusBus';
import { flush, resetStream } from '../../metrics/metricsHub';
import { LATE_ROWS_MS } from '../../runs/recorder';
import { runHistorySettled } from '../../runs/history';
import { configAppliedOf, type ConfigApplied } from '../../experiment/configChange';
import { withoutChanges } from '../../train/ppo/schedule';
import { PPO_PHASES, type PhaseOutput, type PpoPhase } from '../../train/ppo/types';
import { useAppStore } from '../../state/store';
import { classifyChanges, liveEdits, mergeApplied, mergeIntoDraft } from './configChanges';
import { isPpoStatus, ppo } from './ppoClient';
import { errorText } from '../../util/errorText';

/** Slow mode: each phase takes this long, so a class can follow rollout → score → advantages → λ → update. */
export const SLOW_MODE_MS_PER_PHASE = 1250;

const store = () => useAppStore.getState();
const actions = () => store().trainActions;

let runPromise: Promise<void> | null = null;
let commandChain: Promise<unknown> = Promise.resolve();
let userPaused = false;
/**
 * The number of the latest run launched (sent with ppoRun; its end events carry it back as detail.run). The worker's
 * events and its replies come on different message ports, so a run's 'paused' can arrive after ppoRun's reply, when
 * the next run has already started: such an event is stale and must not mark the new run paused.
 */
let currentRun = 0;

/** Serialises commands so double clicks and key repeats cannot interleave init/reset/step calls. */
function serial<T>(command: () => Promise<T>): Promise<T> {
  const next = commandChain.then(command, command);
  commandChain = next.catch(() => undefined);
  return next;
}

function fail(context: string, error: unknown): void {
  actions().setError(`${context}: ${errorText(error)}`);
}

async function syncStatus(): Promise<void> {
  try {
    actions().applyStatus(await ppo().ppoStatus());
  } catch (error) {
    fail('Could not read the engine status', error);
  }
}

function needsInit(): boolean {
  const { runState } = store().train;
  return runState === 'uninitialised' || runState === 'failed';
}

function hasPendingReset(): boolean {
  const { train, config } = store();
  return classifyChanges(train.appliedConfig, config).needsReset.length > 0;
}

/** Resolves once the startup data load has finished (the engine needs records), or after `timeoutMs`. */
function dataSettled(timeoutMs = 60_000): Promise<void> {
  const settled = () => {
    const status = store().data.loadState.status;
    return status === 'ready' || status === 'error';
  };
  if (settled()) return Promise.resolve();
  actions().setInfo('Waiting for the dataset to finish loading…');
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const unsubscribe = useAppStore.subscribe(() => settled() && done());
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}

/** Builds the engine from the current config (models, SFT policy, prompts); clears the curves. */
async function initialise(): Promise<boolean> {
  actions().setError(null);
  actions().setPauseReason(null);
  actions().setRunState('initialising');
  resetStream('ppo');
  resetStream('ppo-eval');
  try {
    await startTrainer();
    await dataSettled();
    const config = store().config;
    const status = await ppo().ppoInit(config);
    await ppo().ppoSetSlowMode(store().train.slowMode ? SLOW_MODE_MS_PER_PHASE : 0);
    await ppo().ppoSetSchedule(store().train.scheduled);
    actions().setAppliedConfig(config);
    actions().clearPhase();
    actions().applyStatus(status);
    // Live edits made while the engine was being built go out now.
    scheduleLiveSettings();
    return true;
  } catch (error) {
    if (errorText(error).includes('PPO set-up cancelled')) {
      actions().setRunState('uninitialised');
      actions().setInfo('PPO set-up cancelled; Start prepares it again.');
    } else {
      actions().setRunState('failed');
      fail('Could not initialise PPO', error);
    }
    return false;
  } finally {
    actions().setSetupProgress(null);
  }
}

/** Cancels a PPO set-up in progress (not serialised: the set-up itself holds the command queue). */
export async function cancelSetup(): Promise<void> {
  if (store().train.runState !== 'initialising') return;
  try {
    await ppo().ppoCancelInit();
  } catch (error) {
    fail('Could not cancel the set-up', error);
  }
}

/** Back to the SFT policy at iteration 0; rebuilds from the edited config when a needs-reset setting changed. */
async function resetEngine(): Promise<boolean> {
  if (needsInit() || hasPendingReset()) return initialise();
  try {
    resetStream('ppo');
    resetStream('ppo-eval');
    const result = await ppo().ppoReset(store().config);
    actions().clearPhase();
    actions().setPauseReason(null);
    actions().setError(null);
    if (isPpoStatus(result)) actions().applyStatus(result);
    else await syncStatus();
    return true;
  } catch (error) {
    fail('Reset failed', error);
    return false;
  }
}

async function stopAndWait(): Promise<void> {
  if (!runPromise) return;
  try {
    await ppo().ppoStop();
  } catch (error) {
    fail('Stop failed', error);
  }
  await runPromise;
}

function launchRun(): void {
  userPaused = false;
  actions().setPauseReason(null);
  actions().setError(null);
  actions().setInfo(null);
  // A run moves past any stepped phase: its output would be stale (slow mode sends fresh ones).
  actions().setPhaseOutput(null);
  actions().setRunState('running');
  const run = ++currentRun;
  runPromise = (async () => {
    try {
      actions().applyStatus(await ppo().ppoRun(run));
    } catch (error) {
      fail('The run stopped with an error', error);
      await syncStatus();
    } finally {
      runPromise = null;
    }
  })();
}

/** Starts (initialising first if needed) or resumes the run. A stopped or finished run starts over. */
export function startTraining(): Promise<void> {
  return serial(async () => {
    if (runPromise) {
      if (store().train.runState === 'running') return;
      // The worker already reported the pause; its run call is returning: wait for it, then resume.
      await runPromise;
    }
    const { train, config } = store();
    const canContinue =
      train.runState === 'ready' ||
      train.runState === 'paused' ||
      (train.runState === 'finished' && train.iteration < config.iterations);
    if (needsInit()) {
      if (!(await initialise())) return;
    } else if (!canContinue) {
      if (!(await resetEngine())) return;
    }
    // Live edits still waiting for their debounce go out first, so the run starts with what the user sees.
    await flushLiveSettings();
    launchRun();
  });
}

export function pauseTraining(): Promise<void> {
  return serial(async () => {
    if (!runPromise) return;
    userPaused = true;
    try {
      await ppo().ppoPause();
    } catch (error) {
      fail('Pause failed', error);
    }
    await runPromise;
  });
}

export function stopTraining(): Promise<void> {
  return serial(stopAndWait);
}

/** Stops a run, then resets to the SFT policy, applying any needs-reset settings. */
export function resetTraining(): Promise<void> {
  return serial(async () => {
    await stopAndWait();
    await resetEngine();
  });
}

/** Space bar: run ↔ pause, by what the screen shows (a run that reported its pause may still be returning). */
export function toggleTraining(): Promise<void> {
  return runPromise && store().train.runState === 'running' ? pauseTraining() : startTraining();
}

/** One full iteration (initialising first if needed). */
export function stepIteration(): Promise<void> {
  return serial(async () => {
    if (runPromise) return;
    if (needsInit() && !(await initialise())) return;
    actions().setPhaseOutput(null);
    try {
      const result = await ppo().ppoStep();
      if (isPpoStatus(result)) actions().applyStatus(result);
      else await syncStatus();
    } catch (error) {
      fail('Step failed', error);
    }
  });
}

/** Only the next phase of the current iteration (the engine reports it with a 'phase' status event). */
export function stepPhase(): Promise<void> {
  return serial(async () => {
    if (runPromise) return;
    if (needsInit() && !(await initialise())) return;
    try {
      const result = await ppo().ppoStepPhase();
      const status = isPpoStatus(result) ? result : await ppo().ppoStatus();
      // The phase that just ran is the one before the engine's next phase.
      const next = PPO_PHASES.indexOf(status.nextPhase);
      if (next >= 0) actions().setPhase(PPO_PHASES[(next + PPO_PHASES.length - 1) % PPO_PHASES.length], status.iteration);
      actions().applyStatus(status);
    } catch (error) {
      fail('Phase step failed', error);
    }
  });
}

/**
 * Runs `config` from the SFT policy to its run length, as Start would with those settings, without touching the
 * edited settings (the frontier queue: src/features/runs/frontierQueue.ts). Slow mode and scripted edits are off
 * for it. Resolves when the run ends (finished, stopped, paused by the NaN guard or failed) with the engine's state.
 */
export async function runConfigToEnd(config: ExperimentConfig): Promise<TrainRunState> {
  await serial(async () => {
    await stopAndWait();
    actions().setError(null);
    actions().setPauseReason(null);
    resetStream('ppo');
    resetStream('ppo-eval');
    try {
      let status: unknown;
      if (needsInit()) {
        actions().setRunState('initialising');
        await startTrainer();
        await dataSettled();
        status = await ppo().ppoInit(config);
      } else status = await ppo().ppoReset(config);
      await ppo().ppoSetSlowMode(0);
      await ppo().ppoSetSchedule([]);
      actions().setAppliedConfig(config);
      actions().clearPhase();
      if (isPpoStatus(status)) actions().applyStatus(status);
      else await syncStatus();
    } catch (error) {
      actions().setRunState('failed');
      fail('Could not prepare the run', error);
      return;
    } finally {
      actions().setSetupProgress(null);
    }
    launchRun();
  });
  await runPromise;
  // Before the next run clears the tables: every row the worker sent is in (a round trip, then the hub's flush)
  // and the run history's last save after the end has read them (it waits LATE_ROWS_MS for late rows), as when a
  // person starts the next. Bounded, so a storage that never answers cannot hold the queue.
  await syncStatus();
  flush();
  await Promise.race([runHistorySettled(), new Promise((resolve) => setTimeout(resolve, LATE_ROWS_MS + 10_000))]);
  return store().train.runState;
}

/** After runConfigToEnd: back to the edited settings at iteration 0 (slow mode and scripted edits as they were). */
export function restoreEditedSettings(): Promise<void> {
  return serial(async () => {
    await stopAndWait();
    if (needsInit()) return;
    try {
      resetStream('ppo');
      resetStream('ppo-eval');
      const config = store().config;
      const status = await ppo().ppoReset(config);
      await ppo().ppoSetSlowMode(store().train.slowMode ? SLOW_MODE_MS_PER_PHASE : 0);
      await ppo().ppoSetSchedule(store().train.scheduled);
      actions().setAppliedConfig(config);
      actions().clearPhase();
      if (isPpoStatus(status)) actions().applyStatus(status);
      else await syncStatus();
    } catch (error) {
      fail('Could not go back to the edited settings', error);
    }
  });
}

export async function setSlowMode(on: boolean): Promise<void> {
  actions().setSlowMode(on);
  if (needsInit() || store().train.runState === 'initialising') return; // applied at init
  try {
    await ppo().ppoSetSlowMode(on ? SLOW_MODE_MS_PER_PHASE : 0);
  } catch (error) {
    fail('Slow mode failed', error);
  }
}

// ---- live settings ---------------------------------------------------------------------------------------------

let liveTimer: ReturnType<typeof setTimeout> | null = null;
let liveInFlight = false;

/**
 * Sends the live settings the person changed (only those: the engine owns the rest) to the engine (debounced); they
 * take effect from its next phase.
 */
async function pushLiveSettings(): Promise<void> {
  const { train, config } = store();
  if (!train.appliedConfig || train.runState === 'initialising' || train.runState === 'uninitialised') return;
  const { live } = classifyChanges(train.appliedConfig, config);
  if (live.length === 0) return;
  if (liveInFlight) {
    scheduleLiveSettings();
    return;
  }
  liveInFlight = true;
  try {
    const result = await ppo().ppoUpdateConfig(liveEdits(config, live));
    const applied = store().train.appliedConfig;
    if (applied) actions().liveApplied(mergeApplied(applied, config, result.applied), result.applied);
  } catch (error) {
    fail('Could not apply the setting', error);
  } finally {
    liveInFlight = false;
  }
}

async function flushLiveSettings(): Promise<void> {
  if (liveTimer) clearTimeout(liveTimer);
  liveTimer = null;
  await pushLiveSettings();
}

function scheduleLiveSettings(): void {
  if (liveTimer) clearTimeout(liveTimer);
  liveTimer = setTimeout(() => {
    liveTimer = null;
    void pushLiveSettings();
  }, 120);
}

// ---- scripted live edits ---------------------------------------------------------------------------------------

/** Sends the pending schedule to a built engine (ppoInit sends it too). */
async function pushSchedule(): Promise<void> {
  const { train } = store();
  if (!train.appliedConfig || train.runState === 'initialising' || train.runState === 'uninitialised') return;
  try {
    await ppo().ppoSetSchedule(train.scheduled);
  } catch (error) {
    fail('Could not send the scripted changes', error);
  }
}

/**
 * The engine took in edits (live or scripted): the applied config mirrors it, and the draft follows for every
 * setting the person has not edited since (an edit still on its way stays the person's). Scripted ones leave the
 * pending list.
 */
function configApplied(applied: ConfigApplied): void {
  const { train, config, configActions } = store();
  if (train.appliedConfig) {
    const draft = mergeIntoDraft(config, train.appliedConfig, applied.config, applied.applied);
    actions().setAppliedConfig(mergeApplied(train.appliedConfig, applied.config, applied.applied));
    if (draft !== config) configActions.replace(draft);
  }
  if (applied.source === 'scripted') actions().setScheduled(withoutChanges(store().train.scheduled, applied.scheduled));
}

// ---- engine status events --------------------------------------------------------------------------------------

function isPhase(value: unknown): value is PpoPhase {
  return typeof value === 'string' && (PPO_PHASES as readonly string[]).includes(value);
}

/** The worker's PhaseOutput (a plain object tagged with its phase); anything else shows nothing. */
function isPhaseOutput(value: unknown): value is PhaseOutput {
  return typeof value === 'object' && value !== null && isPhase((value as { phase?: unknown }).phase);
}

let listening = false;

/** An event that ends a run (paused, stopped, done, error) of a run before the latest one: its reply already counted. */
export function isStaleRunEnd(detail: Record<string, unknown> | undefined, latestRun: number): boolean {
  return typeof detail?.run === 'number' && detail.run !== latestRun;
}

/** Subscribes (once) to the engine's status events and to config edits. */
export function connectTrainControls(): void {
  if (listening) return;
  listening = true;
  onStatus('ppo', (event) => {
    const train = actions();
    if (isStaleRunEnd(event.detail, currentRun)) return;
    switch (event.kind) {
      case 'started':
        // Also sent when stepping from iteration 0, so the run state comes from launchRun/ppoStep instead.
        train.setPauseReason(null);
        break;
      case 'phase': {
        // detail.completed: the phase that just ran (detail.phase is the next one).
        const phase = event.detail?.completed ?? event.detail?.phase;
        const iteration = Number(event.detail?.iteration ?? store().train.iteration);
        if (isPhase(phase)) train.setPhase(phase, Number.isFinite(iteration) ? iteration : store().train.iteration);
        train.setPhaseOutput(isPhaseOutput(event.detail?.output) ? event.detail.output : null);
        break;
      }
      case 'paused':
        train.setRunState('paused');
        // A pause nobody asked for is the NaN/Inf guard: show its message prominently.
        if (event.detail?.reason === 'non-finite' || !userPaused) train.setPauseReason(event.message);
        // The halted iteration was rolled back: its phase outputs no longer describe the run.
        if (event.detail?.reason === 'non-finite') train.setPhaseOutput(null);
        break;
      case 'info': {
        train.setInfo(event.message);
        const applied = configAppliedOf(event.detail);
        if (applied) configApplied(applied);
        break;
      }
      case 'progress':
        // Set-up progress (decoding images): shown with a bar and Cancel while initialising.
        if (store().train.runState === 'initialising') {
          train.setInfo(event.message);
          train.setSetupProgress(typeof event.progress === 'number' && Number.isFinite(event.progress) ? event.progress : null);
        }
        break;
      case 'stopped':
        train.setRunState('stopped');
        break;
      case 'done':
        train.setRunState('finished');
        break;
      case 'error':
        train.setRunState('failed');
        train.setError(event.message);
        break;
      default:
        break;
    }
  });
  useAppStore.subscribe((state, previous) => {
    if (state.config !== previous.config) scheduleLiveSettings();
    if (state.train.scheduled !== previous.train.scheduled) void pushSchedule();
  });
}

connectTrainControls();
