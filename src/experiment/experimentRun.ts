/**
 * The experiment core's run loop: one PPO engine, the settings it has applied (with the iteration each edit went in
 * at), its schedule of scripted edits, and the loop that runs phases until the end, a halt or an interruption.
 * The trainer worker (src/worker/ppoHandlers.ts: pause, stop, step, step-phase, slow mode) and the headless runner
 * (scripts/experiment/run.ts) both drive runs through this class, so a scripted edit, a live edit and the NaN
 * guard behave the same in both.
 *
 * One owner for the config: `config` is what the engine runs with; a UI holds a draft and sends only the settings
 * the person changed (`edit`). An edit is never a whole config, so a draft that has not yet heard of a scripted
 * edit cannot undo it.
 */
import { PARAM_KEYS, type ExperimentConfig, type ParamKey } from '../config/params';
import type { PhaseResult, PpoEngine, StepOptions } from '../train/ppo/engine';
import { dueChanges, withChanges, withoutChanges, type ScheduledChange } from '../train/ppo/schedule';
import type { ConfigChange } from '../runs/types';
import type { ConfigApplied, EditSource } from './configChange';

export interface ExperimentRunOptions {
  /** Scripted edits to make at their iteration boundaries. */
  schedule?: readonly ScheduledChange[];
  /** Called whenever the engine takes in edits (live or scripted), with the iteration it applied them at. */
  onConfigApplied?: (applied: ConfigApplied) => void;
}

/** The result of a live edit: what went in now, what waits for a reset, and when it went in. */
export interface EditResult {
  applied: ParamKey[];
  needsReset: ParamKey[];
  /** The engine's completed iterations when the applied settings went in. */
  iteration: number;
}

/** Hooks of `run`: how the caller interrupts it and what it does between phases. */
export interface RunHooks {
  /** Asked before each phase: true ends the loop there ('interrupted'; pause and stop). */
  shouldInterrupt?: () => boolean;
  /** Asked between minibatches of the update phase: true stops there, to be continued by the next phase call. */
  shouldPause?: StepOptions['shouldPause'];
  /** Every finished (or halted, or paused) phase's result, as soon as it is there. */
  onPhase?: (result: PhaseResult) => void;
  /** Awaited after each completed phase (the worker yields to its event loop or sleeps in slow mode here). */
  betweenPhases?: (result: PhaseResult) => Promise<void>;
  /** Lets a seed group start its members in other threads on a whole iteration at once (StepOptions.runAhead). */
  runAhead?: boolean;
}

/** How `run` ended: all iterations done, the NaN/Inf guard halted an iteration, or shouldInterrupt said so. */
export type RunEnd = { end: 'finished' } | { end: 'halted'; message: string; iteration: number } | { end: 'interrupted' };

/**
 * What the run loop drives: a PpoEngine, or a seed group of them stepped in turn (src/train/ppo/seedGroupEngine.ts),
 * whose rows are group rows (every metric's mean under its name, plus its spread and per-seed values).
 */
export type RunEngine = Pick<
  PpoEngine,
  'config' | 'iteration' | 'nextPhase' | 'updateInProgress' | 'lambda' | 'lastEvaluation' | 'policy' | 'updateConfig' | 'stepPhase' | 'step' | 'reset' | 'dispose'
> & {
  /** A seed group's members in other threads stop at their next boundary (called with a pause or stop request). */
  requestPause?: () => void;
  /**
   * A seed group: the 0-based iteration whose row first carries a live edit made now (it takes edits at iteration
   * starts); absent: the engine's completed iterations, as for one engine (it takes them from its next phase).
   */
  readonly liveEditIteration?: number;
};

export class ExperimentRun {
  readonly engine: RunEngine;
  private schedule: ScheduledChange[];
  private recorded: ConfigChange[] = [];
  /** Edited settings that rebuild state: they wait for reset(). */
  private pendingReset: Partial<ExperimentConfig> = {};
  private readonly onConfigApplied?: (applied: ConfigApplied) => void;

  constructor(engine: RunEngine, options: ExperimentRunOptions = {}) {
    this.engine = engine;
    this.schedule = [...(options.schedule ?? [])];
    this.onConfigApplied = options.onConfigApplied;
  }

  /** The settings the engine runs with now (start config plus every applied edit). */
  get config(): ExperimentConfig {
    return this.engine.config;
  }

  get iteration(): number {
    return this.engine.iteration;
  }

  /** Every edit applied since the run began (init or reset), in order, each with its afterIteration. */
  get configChanges(): readonly ConfigChange[] {
    return this.recorded;
  }

  /** Scripted edits still to make. */
  get pendingSchedule(): readonly ScheduledChange[] {
    return this.schedule;
  }

  /** The config a reset starts from: the applied settings with the edits that wait for a reset. */
  get configForReset(): ExperimentConfig {
    return { ...this.engine.config, ...this.pendingReset };
  }

  /** Replaces the scripted edits still to make. */
  setSchedule(schedule: readonly ScheduledChange[]): void {
    this.schedule = [...schedule];
  }

  /**
   * A live edit: the settings in `edits` that differ from the applied ones. Live settings go in at once (the engine
   * uses them from its next phase) and are recorded at the current iteration; the others wait for reset().
   */
  edit(edits: Partial<ExperimentConfig>): EditResult {
    const changed = (Object.keys(edits) as ParamKey[]).filter(
      (key) => PARAM_KEYS.includes(key) && edits[key] !== undefined,
    );
    const next = withChanges(this.configForReset, changed.map((key) => ({ key, value: edits[key] })));
    const iteration = this.liveEditIteration;
    const applied = this.apply(next, 'live', []);
    const needsReset = PARAM_KEYS.filter((key) => next[key] !== this.engine.config[key]);
    this.pendingReset = Object.fromEntries(needsReset.map((key) => [key, next[key]])) as Partial<ExperimentConfig>;
    return { applied, needsReset, iteration };
  }

  /**
   * Makes the scripted edits due at this boundary (only before a rollout, never inside an iteration), exactly as a
   * live edit would go in. Returns the settings changed.
   */
  applyDueChanges(): ParamKey[] {
    const engine = this.engine;
    if (engine.nextPhase !== 'rollout' || engine.updateInProgress) return [];
    const due = dueChanges(this.schedule, engine.iteration);
    if (due.length === 0) return [];
    this.schedule = withoutChanges(this.schedule, due);
    return this.apply(withChanges(this.configForReset, due), 'scripted', due);
  }

  /** The next phase (scripted edits due at this boundary first). */
  stepPhase(options: StepOptions = {}): Promise<PhaseResult> {
    this.applyDueChanges();
    return this.engine.stepPhase(options);
  }

  /** The remaining phases of the current iteration (scripted edits due at this boundary first). */
  step(): Promise<PhaseResult> {
    this.applyDueChanges();
    return this.engine.step();
  }

  /** Runs phases until the configured iterations are done, the NaN/Inf guard halts, or `shouldInterrupt`. */
  async run(hooks: RunHooks = {}): Promise<RunEnd> {
    const engine = this.engine;
    while (engine.iteration < engine.config.iterations) {
      // Pause and stop take effect between phases and, inside the update phase, between minibatches.
      if (hooks.shouldInterrupt?.()) return { end: 'interrupted' };
      const result = await this.stepPhase({ shouldPause: hooks.shouldPause, runAhead: hooks.runAhead });
      hooks.onPhase?.(result);
      if (result.halted) return { end: 'halted', message: result.halted, iteration: result.iteration };
      if (result.paused) continue;
      await hooks.betweenPhases?.(result);
    }
    return { end: 'finished' };
  }

  /** Back to iteration 0 with `config` (default: the applied settings and those waiting for a reset). */
  reset(config: ExperimentConfig = this.configForReset): void {
    this.engine.reset({ ...config });
    this.pendingReset = {};
    this.recorded = [];
  }

  dispose(): void {
    this.engine.dispose();
  }

  /** The iteration a live edit made now is recorded at: the first whose row carries it. */
  private get liveEditIteration(): number {
    return this.engine.liveEditIteration ?? this.engine.iteration;
  }

  /** Hands `next` to the engine; records and reports the live settings it changed. */
  private apply(next: ExperimentConfig, source: EditSource, scheduled: ScheduledChange[]): ParamKey[] {
    const before = { ...this.engine.config };
    const { applied } = this.engine.updateConfig(next);
    // A scripted edit is reported even when it changed nothing (the value was already in force): it is used up.
    if (applied.length === 0 && scheduled.length === 0) return applied;
    const iteration = source === 'live' ? this.liveEditIteration : this.engine.iteration;
    const changes = applied.map((key) => ({ afterIteration: iteration, key, from: before[key], to: this.engine.config[key] }));
    this.recorded.push(...changes);
    this.onConfigApplied?.({ source, iteration, applied, config: { ...this.engine.config }, changes, scheduled });
    return applied;
  }
}
