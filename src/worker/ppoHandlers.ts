// PPO-Lagrangian in the trainer worker: a comlink adapter over the experiment core (src/experiment/experimentRun.ts)
// plus status events: init (SFT policy + shipped/trained reward, cost and guard models), run, pause, step,
// step-by-phase, stop, reset, live settings, slow mode, generation samples, SFT, policy import/export.
import * as Comlink from 'comlink';
import type { ExperimentConfig, ParamKey } from '../config/params';
import { isRefusal } from '../data/tokenizer';
import { Policy } from '../models/policy';
import { sizesMismatch } from '../models/sizes';
import { encodeArtifacts, loadWeightsFromFiles, makeMetadata } from '../models/weightsIO';
import { describeChanges, type ConfigApplied } from '../experiment/configChange';
import { ExperimentRun, type EditResult, type RunEngine } from '../experiment/experimentRun';
import type { PhaseResult } from '../train/ppo/engine';
import { createRunEngine, needsNewEngine, SeedGroupEngine, streamColumns } from '../train/ppo/seedGroupEngine';
import type { RemoteLane } from '../train/ppo/remoteMember';
import type { EvaluationResult } from '../train/ppo/evaluation';
import {
  PPO_EVAL_COLUMNS,
  PPO_METRIC_COLUMNS,
  type GenerationSample,
  type PpoStatus,
} from '../train/ppo/types';
import { describeScheduled, type ScheduledChange } from '../train/ppo/schedule';
import { SFT_COLUMNS, trainSft } from '../train/sft';
import { emitMetrics, emitStatus, workerContext, yieldToEventLoop } from './context';
import { CancelledError, dataStore, encodeWithVocab } from './dataStore';
import { MetricStream } from './metricStream';
import { activePackMismatch, ensurePretrained, getGuardModel, getScoreModel, getSizes, getVocabulary } from './modelStore';
import { loadShippedPolicy, policyFromLoaded, ppoState, setSftPolicy } from './ppoStore';
import { errorText } from '../util/errorText';
import { canNestWorkers, groupThreadPlan, promptDataBytes, startMemberLanes } from './memberWorkers';

/** Settings that change the SFT policy or the encoded data: a reset with one of these rebuilds everything. */
const REBUILD_KEYS: readonly ParamKey[] = [
  'sftSource', 'sftEpochs', 'sftLr', 'hiddenSize', 'embedSize', 'imageSize', 'cnnChannels',
  'maxQuestionTokens',
];

// A seed group's rows carry more columns (src/util/groupRows.ts): the streams are rebuilt for each engine.
let metrics = new MetricStream('ppo', PPO_METRIC_COLUMNS, emitMetrics);
let evaluations = new MetricStream('ppo-eval', PPO_EVAL_COLUMNS, emitMetrics);

function status(): PpoStatus {
  const engine = ppoState.run?.engine;
  return {
    state: ppoState.runState,
    iteration: engine?.iteration ?? 0,
    nextPhase: engine?.nextPhase ?? 'rollout',
    lambda: engine?.lambda ?? ppoState.config?.lambdaInit ?? 0,
    message: ppoState.message,
    workers: engine instanceof SeedGroupEngine ? 1 + engine.lanes.length : 1,
    ...(engine instanceof SeedGroupEngine ? { nextSeed: engine.nextSeed } : {}),
  };
}

function requireRun(): ExperimentRun {
  if (!ppoState.run) throw new Error('PPO is not initialised: press "Initialise" (ppoInit) first.');
  return ppoState.run;
}

function fail(message: string): never {
  ppoState.message = message;
  emitStatus({ job: 'ppo', kind: 'error', message });
  throw new Error(message);
}

/** The running ppoInit's cancel switch (ppoCancelInit aborts it). */
let initController: AbortController | null = null;

/** PPO set-up's data step: progress under 'ppo' and cancellable by ppoCancelInit. */
function setupEncodeOptions(signal: AbortSignal) {
  return {
    job: 'ppo' as const,
    signal,
    onProgress: (fraction: number, message: string) => emitStatus({ job: 'ppo', kind: 'progress', progress: fraction, message: `Preparing PPO: ${message}` }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Streams a finished phase's rows and reports the NaN guard. Returns true when the run must halt. */
function publish(result: PhaseResult): boolean {
  result.evaluations.forEach(publishEvaluation);
  if (result.row) metrics.push(result.row);
  if (result.halted) {
    metrics.flush();
    ppoState.runState = 'paused';
    ppoState.message = result.halted;
    emitStatus({ job: 'ppo', kind: 'paused', message: result.halted, detail: { reason: 'non-finite', iteration: result.iteration, ...runTag() } });
    return true;
  }
  return false;
}

/** detail.run of the events that end a run: the number the page gave ppoRun (none outside a run). */
function runTag(): { run?: number } {
  return ppoState.runId !== null ? { run: ppoState.runId } : {};
}

function publishEvaluation(evaluation: EvaluationResult): void {
  evaluations.push(evaluation.row);
  evaluations.flush();
}

/**
 * Emits 'started' with the run's config when a run begins at iteration 0 (run history records runs from it), once
 * per init/reset: resuming after the NaN guard halted iteration 0 continues the same run.
 */
function announceStart(engine: RunEngine): void {
  if (!ppoState.announced && engine.iteration === 0 && engine.nextPhase === 'rollout') {
    ppoState.announced = true;
    emitStatus({
      job: 'ppo',
      kind: 'started',
      message: `PPO run started (${engine.config.algorithm})`,
      detail: { runConfig: engine.config, backend: workerContext.backend?.active ?? null },
    });
  }
}

/**
 * The core applied edits (live or scripted): the 'info' event carries them with the engine's iteration at that
 * moment, so the Train area shows them and the run history records them with that exact iteration.
 */
function reportApplied(applied: ConfigApplied): void {
  const what =
    applied.source === 'scripted'
      ? `Scripted change applied: ${applied.scheduled.map(describeScheduled).join('; ')}.`
      : `Live change applied after iteration ${applied.iteration}: ${describeChanges(applied.changes)}.`;
  emitStatus({ job: 'ppo', kind: 'info', message: what, detail: { configApplied: applied } });
}

/** Trains the SFT policy in the worker, streaming 'sft' (step, epoch, loss, tokenAccuracy). */
async function runSft(config: ExperimentConfig, signal?: AbortSignal): Promise<Policy> {
  await ensurePretrained();
  const sizes = getSizes();
  const vocab = getVocabulary();
  const data = await encodeWithVocab(
    vocab,
    { imageSize: sizes.imageSize, maxQuestionTokens: sizes.maxQuestionTokens, maxResponseTokens: sizes.maxResponseTokens },
    signal ? setupEncodeOptions(signal) : { job: 'sft' },
  );
  const stream = new MetricStream('sft', SFT_COLUMNS, emitMetrics);
  emitStatus({ job: 'sft', kind: 'started', message: `Supervised fine-tuning (${config.sftEpochs} epochs, ${config.sftSource} responses)…` });
  const policy = Policy.create(sizes, config.seed);
  try {
    const result = await trainSft(policy, data, config, {
      onStep: (row) => {
        stream.push(row);
        emitStatus({ job: 'sft', kind: 'progress', message: `SFT epoch ${row.epoch.toFixed(1)} / ${config.sftEpochs}`, progress: row.epoch / config.sftEpochs });
      },
      betweenSteps: yieldToEventLoop,
    });
    stream.flush();
    emitStatus({
      job: 'sft',
      kind: 'done',
      message: `SFT done: loss ${result.loss.toFixed(3)}, token accuracy ${(result.tokenAccuracy * 100).toFixed(1)}%`,
    });
    return policy;
  } catch (error) {
    policy.dispose();
    const message = errorText(error);
    emitStatus({ job: 'sft', kind: 'error', message });
    throw error;
  }
}

/** Between minibatches: lets queued messages (a pause or stop) in, then says whether to stop there. */
async function pauseOrStopRequested(): Promise<boolean> {
  await yieldToEventLoop();
  return ppoState.pauseRequested || ppoState.stopRequested;
}

function pausedMessage(engine: RunEngine): string {
  const where = engine.updateInProgress
    ? ' (inside the update phase, between minibatches)'
    : engine.nextPhase === 'rollout'
      ? ''
      : ` (before the ${engine.nextPhase} phase)`;
  return `Paused at iteration ${engine.iteration}${where}.`;
}

async function stopRunning(): Promise<void> {
  if (!ppoState.running) return;
  ppoState.stopRequested = true;
  ppoState.run?.engine.requestPause?.();
  await ppoState.running.catch(() => undefined);
}

/**
 * Builds the engine: the shipped SFT policy (SFT is trained here only when none loads), the current reward, cost
 * and guard models (the shipped ones when none was trained), and the loaded data encoded with their vocabulary
 * (image decoding reports progress and stops when `signal` aborts).
 */
async function initEngine(config: ExperimentConfig, signal: AbortSignal): Promise<PpoStatus> {
  emitStatus({ job: 'ppo', kind: 'info', message: 'Preparing PPO: loading models and data…' });
  try {
    await ensurePretrained();
  } catch (error) {
    fail(`Could not load the reward/cost models: ${errorText(error)}`);
  }
  const rewardModel = getScoreModel('reward');
  const costModel = getScoreModel('cost');
  if (!rewardModel || !costModel) {
    fail('PPO needs a reward and a cost model: train or load them in "Reward & Cost models" first.');
  }
  const cancelled = () => {
    if (signal.aborted) throw new CancelledError('PPO set-up cancelled');
  };
  cancelled();
  const sizes = getSizes();
  const vocab = getVocabulary();
  if (dataStore.getRecords().length === 0) fail('No data is loaded: load the bundled sample or a dataset in "Data" first.');
  const packProblem = activePackMismatch(dataStore.getRecords());
  if (packProblem) fail(packProblem);
  const data = await encodeWithVocab(
    vocab,
    { imageSize: sizes.imageSize, maxQuestionTokens: sizes.maxQuestionTokens, maxResponseTokens: config.maxResponseTokens },
    setupEncodeOptions(signal),
  );
  cancelled();
  if (ppoState.sftPolicy && sizesMismatch(ppoState.sftPolicy.sizes, sizes)) {
    emitStatus({ job: 'ppo', kind: 'info', message: 'The model sizes changed: the SFT policy is rebuilt to match.' });
    ppoState.sftPolicy.dispose();
    ppoState.sftPolicy = null;
  }
  if (!ppoState.sftPolicy) {
    const shipped = await loadShippedPolicy(sizes, vocab);
    if (shipped.policy) setSftPolicy(shipped.policy, 'shipped');
    else {
      emitStatus({ job: 'ppo', kind: 'info', message: `No usable SFT weights (${shipped.reason}); training SFT first.` });
      setSftPolicy(await runSft(config, signal), 'trained');
    }
  }
  cancelled();
  const records = dataStore.getRecords();
  const byId = new Map(records.map((r) => [r.id, r.question]));
  const schedule = ppoState.run?.pendingSchedule ?? ppoState.schedule;
  ppoState.run?.dispose();
  ppoState.run = null;
  const engineInit = {
    config,
    sftPolicy: ppoState.sftPolicy!,
    rewardModel: rewardModel!,
    costModel: costModel!,
    guard: getGuardModel(),
    codec: vocab,
    isRefusal,
    data,
    questionText: (index: number) => byId.get(data.recordIds[index]) ?? '',
  };
  const lanes = await startGroupLanes(engineInit);
  if (signal.aborted) for (const lane of lanes) lane.dispose();
  cancelled();
  try {
    const engine = lanes.length > 0 ? new SeedGroupEngine(engineInit, lanes) : createRunEngine(engineInit);
    ppoState.run = new ExperimentRun(engine, { schedule, onConfigApplied: reportApplied });
    const columns = streamColumns(engine);
    metrics.flush();
    evaluations.flush();
    metrics = new MetricStream('ppo', columns.metrics, emitMetrics);
    evaluations = new MetricStream('ppo-eval', columns.evaluations, emitMetrics);
    ppoState.schedule = [];
  } catch (error) {
    ppoState.runState = 'failed';
    fail(errorText(error));
  }
  ppoState.config = { ...config };
  ppoState.runState = 'ready';
  ppoState.message = undefined;
  ppoState.pauseRequested = false;
  ppoState.stopRequested = false;
  ppoState.announced = false;
  emitStatus({
    job: 'ppo',
    kind: 'info',
    message: `PPO ready: ${config.algorithm}, SFT policy ${ppoState.sftOrigin}, ${data.count} records${groupText(config.seeds, lanes)}.`,
  });
  return status();
}

/**
 * A seed group's member workers (src/worker/memberWorkers.ts) when the backend and the cores allow more than one
 * thread; none otherwise, or when one cannot start (the members then run in turn here, and a warning says why).
 */
async function startGroupLanes(init: Parameters<typeof startMemberLanes>[0]): Promise<RemoteLane[]> {
  const backend = workerContext.backend;
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  const plan = groupThreadPlan(init.config.seeds, cores, backend, canNestWorkers(), promptDataBytes(init.data));
  if (plan.threads < 2 || !backend) {
    if (init.config.seeds > 1) emitStatus({ job: 'ppo', kind: 'info', message: `Preparing PPO: the seed group's members run in turn in one worker (${plan.why}).` });
    return [];
  }
  emitStatus({ job: 'ppo', kind: 'info', message: `Preparing PPO: starting ${plan.threads - 1} member worker${plan.threads > 2 ? 's' : ''} for the seed group (${plan.why})…` });
  try {
    return await startMemberLanes(init, plan.threads, backend.active);
  } catch (error) {
    emitStatus({ job: 'ppo', kind: 'warning', message: `The seed group's members run in turn in one worker: a member worker could not start (${errorText(error)}).` });
    return [];
  }
}

/** How a group's members are spread, for the ready message ('' for one seed). */
function groupText(seeds: number, lanes: readonly RemoteLane[]): string {
  if (seeds < 2) return '';
  if (lanes.length === 0) return `; ${seeds} seeds in turn in this worker`;
  const elsewhere = lanes.map((lane) => lane.seeds.join(', ')).join(' · ');
  return `; ${seeds} seeds in ${lanes.length + 1} workers (others: seeds ${elsewhere})`;
}

export const ppoHandlers = {
  /** Builds the engine (initEngine); ppoCancelInit stops it while it decodes the images. */
  async ppoInit(config: ExperimentConfig): Promise<PpoStatus> {
    await stopRunning();
    initController?.abort();
    const controller = new AbortController();
    initController = controller;
    try {
      return await initEngine(config, controller.signal);
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      ppoState.message = 'PPO set-up cancelled';
      emitStatus({ job: 'ppo', kind: 'info', message: 'PPO set-up cancelled' });
      throw new Error('PPO set-up cancelled');
    } finally {
      if (initController === controller) initController = null;
    }
  },

  /** Cancels a running ppoInit (while it decodes the images); it then rejects with "PPO set-up cancelled". */
  ppoCancelInit(): void {
    initController?.abort();
  },

  /**
   * Runs until `iterations`, pause, stop or the NaN guard; yields between phases so messages get through. `runId`
   * (the caller's number for this run) tags the events that end it (detail.run): events and replies reach the page
   * on different message ports, so a run's 'paused' may arrive after its reply, when the page has started the next.
   */
  async ppoRun(runId?: number): Promise<PpoStatus> {
    const run = requireRun();
    const engine = run.engine;
    if (ppoState.running) return status();
    if (engine.iteration >= engine.config.iterations) {
      ppoState.runState = 'finished';
      return status();
    }
    ppoState.pauseRequested = false;
    ppoState.stopRequested = false;
    ppoState.runState = 'running';
    ppoState.message = undefined;
    announceStart(engine);
    ppoState.runId = runId ?? null;
    const loop = (async () => {
      try {
        const ended = await run.run({
          // Pause and stop take effect between phases and, inside the update phase, between minibatches.
          shouldInterrupt: () => ppoState.stopRequested || ppoState.pauseRequested,
          shouldPause: pauseOrStopRequested,
          // Members in other workers run whole iterations ahead, except in slow mode (phase by phase, to be watched).
          runAhead: ppoState.slowModeMs === 0,
          onPhase: publish,
          betweenPhases: async (result) => {
            if (ppoState.slowModeMs > 0) {
              emitStatus({ job: 'ppo', kind: 'phase', message: `${result.phase} done`, detail: { phase: engine.nextPhase, iteration: engine.iteration, completed: result.phase, output: result.output } });
              await sleep(ppoState.slowModeMs);
            } else await yieldToEventLoop();
          },
        });
        if (ended.end === 'halted') return; // publish reported it
        metrics.flush();
        if (ppoState.stopRequested) {
          ppoState.runState = 'stopped';
          emitStatus({ job: 'ppo', kind: 'stopped', message: `Stopped at iteration ${engine.iteration}.`, detail: runTag() });
        } else if (engine.iteration >= engine.config.iterations) {
          ppoState.runState = 'finished';
          emitStatus({ job: 'ppo', kind: 'done', message: `Finished ${engine.iteration} iterations.`, detail: runTag() });
        } else {
          ppoState.runState = 'paused';
          emitStatus({ job: 'ppo', kind: 'paused', message: pausedMessage(engine), detail: runTag() });
        }
      } catch (error) {
        metrics.flush();
        ppoState.runState = 'failed';
        ppoState.message = errorText(error);
        emitStatus({ job: 'ppo', kind: 'error', message: ppoState.message, detail: runTag() });
      } finally {
        ppoState.pauseRequested = false;
        ppoState.stopRequested = false;
      }
    })();
    ppoState.running = loop;
    await loop;
    ppoState.running = null;
    ppoState.runId = null;
    return status();
  },

  /** Pauses at the next phase boundary or, during the update phase, after the current minibatch. */
  async ppoPause(): Promise<PpoStatus> {
    if (ppoState.running) {
      ppoState.pauseRequested = true;
      ppoState.run?.engine.requestPause?.();
    }
    return status();
  },

  /** One full iteration (the remaining phases of the current one). */
  async ppoStep(): Promise<PpoStatus> {
    const run = requireRun();
    const engine = run.engine;
    if (ppoState.running) return status();
    announceStart(engine);
    try {
      const result = await run.step();
      if (!publish(result)) {
        metrics.flush();
        ppoState.runState = engine.iteration >= engine.config.iterations ? 'finished' : 'paused';
      }
    } catch (error) {
      fail(errorText(error));
    }
    return status();
  },

  /**
   * Only the next phase; emits {job:'ppo', kind:'phase', detail:{phase, iteration, completed, output}} (phase = the
   * next one, output = the finished phase's small PhaseOutput for the teaching mode).
   */
  async ppoStepPhase(): Promise<PpoStatus> {
    const run = requireRun();
    const engine = run.engine;
    if (ppoState.running) return status();
    announceStart(engine);
    try {
      const result = await run.stepPhase();
      if (!publish(result)) {
        metrics.flush();
        ppoState.runState = engine.iteration >= engine.config.iterations ? 'finished' : 'paused';
        emitStatus({
          job: 'ppo',
          kind: 'phase',
          message: `${result.phase} done (iteration ${result.iteration}); next: ${engine.nextPhase}`,
          detail: { phase: engine.nextPhase, iteration: engine.iteration, completed: result.phase, output: result.output },
        });
      }
    } catch (error) {
      fail(errorText(error));
    }
    return status();
  },

  async ppoStop(): Promise<PpoStatus> {
    if (ppoState.running) await stopRunning();
    else if (ppoState.run) {
      ppoState.runState = 'stopped';
      emitStatus({ job: 'ppo', kind: 'stopped', message: `Stopped at iteration ${ppoState.run.iteration}.` });
    }
    return status();
  },

  /**
   * Back to the SFT policy, iteration 0, λ = λ_init, with `draft` (the Train area's edited settings; default: the
   * applied ones and the edits waiting for a reset). A change to a setting that shapes the models or the data
   * rebuilds everything.
   */
  async ppoReset(draft?: ExperimentConfig): Promise<PpoStatus> {
    await stopRunning();
    const run = requireRun();
    const engine = run.engine;
    const pending = draft ? { ...draft } : run.configForReset;
    if (REBUILD_KEYS.some((key) => pending[key] !== engine.config[key]) || needsNewEngine(engine.config, pending)) {
      if (['sftSource', 'sftEpochs', 'sftLr'].some((key) => pending[key as ParamKey] !== engine.config[key as ParamKey])) {
        setSftPolicy(await runSft(pending), 'trained');
      }
      return ppoHandlers.ppoInit(pending);
    }
    try {
      run.reset(pending);
      ppoState.config = { ...pending };
    } catch (error) {
      fail(errorText(error));
    }
    ppoState.runState = 'ready';
    ppoState.message = undefined;
    ppoState.announced = false;
    emitStatus({ job: 'ppo', kind: 'info', message: 'Reset to the SFT policy (iteration 0).' });
    return status();
  },

  /**
   * A live edit: only the settings the person changed (never a whole config, so a draft that has not heard of a
   * scripted edit yet cannot undo it). Live settings apply from the next phase, recorded at the engine's iteration
   * (also sent as an 'info' event with detail.configApplied); the others wait for a reset.
   */
  async ppoUpdateConfig(edits: Partial<ExperimentConfig>): Promise<EditResult> {
    if (!ppoState.run) {
      if (ppoState.config) ppoState.config = { ...ppoState.config, ...edits };
      return { applied: [], needsReset: [], iteration: 0 };
    }
    return ppoState.run.edit(edits);
  },

  /**
   * The scripted live edits to make at their iteration boundaries (replaces any earlier schedule). The Train area
   * sends it again after each scripted change it took in.
   */
  async ppoSetSchedule(schedule: ScheduledChange[]): Promise<void> {
    const list = Array.isArray(schedule) ? [...schedule] : [];
    if (ppoState.run) ppoState.run.setSchedule(list);
    else ppoState.schedule = list;
  },

  async ppoSetSlowMode(msPerPhase: number): Promise<void> {
    ppoState.slowModeMs = Math.max(0, Math.min(10_000, Number.isFinite(msPerPhase) ? msPerPhase : 0));
  },

  async ppoStatus(): Promise<PpoStatus> {
    return status();
  },

  /** The latest evaluation's generation samples (policy vs SFT on fixed held-out prompts). */
  async ppoGenerations(): Promise<GenerationSample[]> {
    return ppoState.run?.engine.lastEvaluation?.samples ?? [];
  },

  /** Trains a fresh SFT policy (streams 'sft'); PPO must be initialised again afterwards. */
  async trainSft(config: ExperimentConfig): Promise<PpoStatus> {
    await stopRunning();
    setSftPolicy(await runSft(config), 'trained');
    ppoState.run?.dispose();
    ppoState.run = null;
    ppoState.runState = 'uninitialised';
    ppoState.message = 'A new SFT policy is ready: initialise PPO to start from it.';
    return status();
  },

  /** The current PPO policy (or the SFT policy before init) as TF.js model.json + weights.bin bytes. */
  async exportPolicy(): Promise<{ name: string; bytes: Uint8Array }[]> {
    const engine = ppoState.run?.engine;
    const policy = engine?.policy ?? ppoState.sftPolicy;
    if (!policy) throw new Error('There is no policy to export yet: initialise PPO first.');
    const metadata = makeMetadata({
      kind: 'policy',
      sizes: policy.sizes,
      vocabulary: getVocabulary().toJSON(),
      config: (engine?.config ?? ppoState.config ?? undefined) as Record<string, unknown> | undefined,
      metrics: { iteration: engine?.iteration ?? 0 },
    });
    const artifacts = await encodeArtifacts(policy.getWeights(), metadata);
    const modelJson = {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    };
    const json = new TextEncoder().encode(JSON.stringify(modelJson));
    const bin = new Uint8Array(artifacts.weightData as ArrayBuffer);
    return Comlink.transfer(
      [
        { name: 'model.json', bytes: json },
        { name: 'weights.bin', bytes: bin },
      ],
      [json.buffer, bin.buffer],
    );
  },

  /**
   * Imports a policy (model.json + weights.bin) as the SFT/starting policy. A file of another kind, size or
   * vocabulary is rejected with the reason, and the current policy stays.
   */
  async importPolicy(files: File[]): Promise<PpoStatus> {
    await ensurePretrained();
    const loaded = await loadWeightsFromFiles(files);
    const policy = policyFromLoaded(loaded, getSizes(), getVocabulary(), files.find((f) => f.name.endsWith('.json'))?.name ?? 'policy file');
    await stopRunning();
    setSftPolicy(policy, 'imported');
    const config = ppoState.run?.configForReset ?? ppoState.config;
    ppoState.run?.dispose();
    ppoState.run = null;
    ppoState.runState = 'uninitialised';
    if (config) return ppoHandlers.ppoInit(config);
    return status();
  },
};

export type PpoApi = typeof ppoHandlers;
