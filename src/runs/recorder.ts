/**
 * Records PPO runs from the engine's status events (main thread): `started` creates a run, then its 'ppo' and
 * 'ppo-eval' metric tables are saved every ~2 s while it runs and at once on paused / stopped / done / error, so a
 * crash or reload loses at most the last couple of seconds. Pure logic with injected dependencies (tested with fake
 * timers and an in-memory store); src/runs/history.ts wires it to the app.
 */
import type { NumericsStamp } from '../compute/numerics';
import type { ExperimentConfig, ParamKey } from '../config/params';
import type { ReachableCost } from '../rl/feasibility';
import { validateConfig } from '../config/schema';
import { configAppliedOf } from '../experiment/configChange';
import type { GenerationSample } from '../train/ppo/types';
import type { StatusEvent } from '../worker/protocol';
import { autoRunName } from './naming';
import { seriesLength, summarize } from './series';
import { storageError } from './storage';
import {
  emptySeries,
  finalConfig,
  metaOf,
  type MetricSeries,
  type RunMeta,
  type RunOrigin,
  type RunRecord,
  type RunStatus,
} from './types';
import { currentVersions } from './versions';

export const SAVE_INTERVAL_MS = 2000;
/** After a run ends, rows still in flight (worker batch, 100 ms hub flush) are picked up by one more save. */
export const LATE_ROWS_MS = 1000;

export interface RecorderDeps {
  /**
   * Writes the live run, keeping the name, tags and notes already stored (the user's); null when the run was
   * stored before and is gone (deleted): nothing is written (RunStorage.saveRecorded).
   */
  storage: { saveRecorded(run: RunRecord, firstWrite: boolean, autoNameBefore?: string): Promise<RunMeta | null> };
  /** A snapshot of a metric stream (full resolution), or null when it has no table. */
  readStream(stream: 'ppo' | 'ppo-eval'): MetricSeries | null;
  /** Moves rows waiting in the metrics hub into their tables. */
  flushMetrics(): void;
  fetchGenerations(): Promise<GenerationSample[] | null>;
  nextSeq(): number;
  /** The origin of a run started by "Fork here" (asked once per started run; null: not a fork). */
  forkOrigin?: () => RunOrigin | null;
  /** The active backend, when the started event does not name one. */
  currentBackend?: () => string | null;
  /** The feasibility pilot measured for these start settings, when there is one (stamped into the run). */
  costPilotFor?: (config: ExperimentConfig) => ReachableCost | undefined;
  /** The numerics check that cleared the active backend (stamped into the run). */
  currentNumerics?: () => NumericsStamp | null;
  onSaved(meta: RunMeta): void;
  onError(message: string): void;
  /** The live run was deleted (here or in another tab): recording stopped, training goes on. */
  onDeleted?(meta: RunMeta): void;
  /**
   * Holds a cross-tab marker (a Web Lock) for as long as a run is live; returns its release. Other tabs mark a
   * running or paused run "interrupted" only when no such marker is held for it.
   */
  holdLiveMarker?(id: string): () => void;
  now?: () => Date;
  newId?: () => string;
}

/** The check's stamp as a run field, absent when there is none. */
function numericsStamp(stamp: NumericsStamp | null): { numerics?: NumericsStamp } {
  return stamp ? { numerics: stamp } : {};
}

/** The pilot as a run field, absent when there is none. */
function costPilotStamp(pilot: ReachableCost | undefined): { costPilot?: ReachableCost } {
  return pilot ? { costPilot: pilot } : {};
}

export class RunRecorder {
  private run: RunRecord | null = null;
  private ended = true;
  private dirty = false;
  /** The automatic name stored before a live edit renamed the run; cleared once the new name is written. */
  private autoNameBefore: string | undefined;
  private timer: ReturnType<typeof setInterval> | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** Resolves once the last ended run's late save (LATE_ROWS_MS after its end) is written or skipped. */
  private settled: Promise<void> = Promise.resolve();
  private warned = false;
  /** Metric rows when the run paused; more rows later mean it was resumed. */
  private pausedLength = 0;
  /** Runs written at least once: a later write that finds them gone means they were deleted. */
  private readonly persisted = new Set<string>();
  private releaseMarker: (() => void) | null = null;
  /** Edits the engine took in after the run finished, recorded if it is resumed. */
  private afterFinish: { keys: ParamKey[]; config: ExperimentConfig; afterIteration: number }[] = [];

  constructor(private readonly deps: RecorderDeps) {}

  get current(): RunMeta | null {
    return this.run ? metaOf(this.run) : null;
  }

  handle(event: StatusEvent): void {
    if (event.job !== 'ppo') return;
    switch (event.kind) {
      case 'started':
        this.start(event);
        return;
      case 'paused':
        this.capture(false); // the rows up to the pause (the engine sends them before the event)
        this.setStatus('paused', event.message);
        this.pausedLength = this.run ? seriesLength(this.run.metrics) : 0;
        void this.save();
        return;
      case 'stopped':
        this.finish('stopped', event.message);
        return;
      case 'done':
        this.finish('finished', event.message);
        return;
      case 'error':
        this.finish('failed', event.message);
        return;
      case 'info': {
        // Edits the engine took in (live or scripted): recorded once, with the iteration the engine applied them at.
        const applied = configAppliedOf(event.detail);
        if (applied) this.noteLiveChanges(applied.applied, applied.config, applied.iteration);
        return;
      }
      case 'phase':
      case 'progress':
        // Work after a pause means the run goes on (resume or stepping).
        if (this.run && !this.ended && this.run.status === 'paused') this.setStatus('running');
        return;
      default:
        return;
    }
  }

  /**
   * Settings the engine changed during the run (its 'info' event's detail.configApplied): recorded with the
   * engine's completed iterations when they went in, so a run's record says what it really trained with.
   */
  noteLiveChanges(keys: readonly ParamKey[], config: ExperimentConfig, afterIteration: number): void {
    // Edits to a finished run wait: they belong to it if it is resumed (resumeFinished), else to nothing.
    if (this.run && this.ended && this.run.status === 'finished') {
      this.afterFinish.push({ keys: [...keys], config, afterIteration });
      return;
    }
    if (!this.run || this.ended) return;
    const current = finalConfig(this.run);
    const changes = keys
      .filter((key) => current[key] !== config[key])
      .map((key) => ({ afterIteration, key, from: current[key], to: config[key] }));
    if (changes.length === 0) return;
    const configChanges = [...(this.run.configChanges ?? []), ...changes];
    // A run still under its automatic name is renamed for what it ran (e.g. a cost-limit change); a name the
    // person typed is kept.
    const autoName = autoRunName(this.run.config, this.run.seq, this.run.configChanges ?? []);
    const name = this.run.name === autoName ? autoRunName(this.run.config, this.run.seq, configChanges) : this.run.name;
    if (name !== this.run.name) this.autoNameBefore ??= this.run.name;
    this.run = { ...this.run, name, configChanges };
    this.dirty = true;
  }

  /**
   * The engine goes on with a run that had finished (its run length was raised, e.g. after a fork reached its
   * iteration): the same record is reopened, so the rows and edits after it are recorded with it. Runs that were
   * stopped or failed stay closed (Start again makes a new run).
   */
  resumeFinished(): void {
    if (!this.run || !this.ended || this.run.status !== 'finished') return;
    this.ended = false;
    this.run = { ...this.run, status: 'running', endedAt: null };
    for (const edit of this.afterFinish.splice(0)) this.noteLiveChanges(edit.keys, edit.config, edit.afterIteration);
    this.dirty = true;
    this.releaseMarker = this.deps.holdLiveMarker?.(this.run.id) ?? null;
    this.stopTimer();
    this.timer = setInterval(() => {
      if (this.dirty || this.grew()) void this.save();
    }, SAVE_INTERVAL_MS);
    void this.save();
  }

  /** Saves now (e.g. on page hide); resolves when written. */
  saveNow(): Promise<void> {
    return this.save();
  }

  /** The run `id` was deleted (this tab or another): a live one stops being recorded and is never written again. */
  runDeleted(id: string): void {
    if (this.run?.id !== id) return;
    this.run = null;
    this.ended = true;
    this.dirty = false;
    this.stopTimer();
    this.release();
  }

  dispose(): void {
    this.stopTimer();
    this.release();
  }

  private start(event: StatusEvent): void {
    this.afterFinish = [];
    if (this.run && !this.ended) this.finish('stopped');
    const detail = event.detail ?? {};
    const { config } = validateConfig(detail.runConfig ?? {});
    const seq = this.deps.nextSeq();
    const now = this.deps.now?.() ?? new Date();
    this.run = {
      id: this.deps.newId?.() ?? crypto.randomUUID(),
      seq,
      name: autoRunName(config, seq),
      tags: [],
      notes: '',
      config,
      backend:
        typeof detail.backend === 'string' ? detail.backend : (this.deps.currentBackend?.() ?? 'unknown'),
      ...numericsStamp(this.deps.currentNumerics?.() ?? null),
      ...costPilotStamp(this.deps.costPilotFor?.(config)),
      versions: currentVersions(),
      startedAt: now.toISOString(),
      endedAt: null,
      status: 'running',
      source: 'recorded',
      summary: summarize(emptySeries(), emptySeries()),
      metrics: emptySeries(),
      evaluations: emptySeries(),
      generations: [],
    };
    const origin = this.deps.forkOrigin?.() ?? null;
    if (origin) this.run.forkedFrom = origin;
    this.ended = false;
    this.warned = false;
    this.autoNameBefore = undefined;
    this.dirty = true;
    this.stopTimer();
    this.release();
    this.releaseMarker = this.deps.holdLiveMarker?.(this.run.id) ?? null;
    this.timer = setInterval(() => {
      if (this.dirty || this.grew()) void this.save();
    }, SAVE_INTERVAL_MS);
    void this.save();
  }

  private setStatus(status: RunStatus, message?: string): void {
    if (!this.run || this.ended) return;
    this.run = { ...this.run, status, ...(message ? { message } : {}) };
    this.dirty = true;
  }

  private finish(status: RunStatus, message?: string): void {
    if (!this.run || this.ended) return;
    this.setStatus(status, message);
    this.run = { ...this.run, endedAt: (this.deps.now?.() ?? new Date()).toISOString() };
    this.ended = true;
    this.stopTimer();
    // Captured and queued now: a `started` right after this may replace this.run before the queue runs.
    this.capture(true);
    const run = this.run;
    this.dirty = false;
    const release = this.releaseMarker;
    this.releaseMarker = null;
    // The marker goes once the final state is written, so no other tab sees it live and unmarked.
    this.queue = this.queue.then(() => this.put(run)).finally(() => release?.());
    this.settled = this.deps
      .fetchGenerations()
      .catch(() => null)
      .then((generations) => {
        if (generations && generations.length > 0 && this.run?.id === run.id) {
          this.run = { ...this.run, generations };
          this.dirty = true;
        }
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            if (this.run?.id === run.id) void this.save(true).finally(resolve);
            else resolve();
          }, LATE_ROWS_MS),
        );
      });
  }

  /**
   * Resolves when the last run that ended is saved with every late row and its generation samples (its late save
   * done, and every write queued before it): what a queue of runs waits for before it starts the next.
   */
  whenSettled(): Promise<void> {
    return this.settled.then(() => this.queue);
  }

  private grew(): boolean {
    const metrics = this.deps.readStream('ppo');
    return metrics !== null && this.run !== null && seriesLength(metrics) > seriesLength(this.run.metrics);
  }

  /**
   * Takes the current tables. A table shorter than what was saved was reset (a new run or a reset): the saved
   * metrics are kept, and a live run is closed as stopped.
   */
  private capture(allowAfterEnd: boolean): void {
    const run = this.run;
    if (!run || (this.ended && !allowAfterEnd)) return;
    this.deps.flushMetrics();
    const metrics = this.deps.readStream('ppo') ?? emptySeries();
    const evaluations = this.deps.readStream('ppo-eval') ?? emptySeries();
    if (
      seriesLength(metrics) < seriesLength(run.metrics) ||
      seriesLength(evaluations) < seriesLength(run.evaluations)
    ) {
      if (!this.ended) {
        this.setStatus('stopped');
        this.run = { ...this.run!, endedAt: (this.deps.now?.() ?? new Date()).toISOString() };
        this.ended = true;
        this.stopTimer();
        const release = this.releaseMarker;
        this.releaseMarker = null;
        void this.queue.then(() => release?.());
      }
      return;
    }
    if (
      seriesLength(metrics) !== seriesLength(run.metrics) ||
      seriesLength(evaluations) !== seriesLength(run.evaluations)
    ) {
      this.run = { ...this.run!, metrics, evaluations, summary: summarize(metrics, evaluations) };
      // New iterations after a pause: it was resumed (resuming emits no event of its own).
      if (!this.ended && this.run.status === 'paused' && seriesLength(metrics) > this.pausedLength) {
        this.run.status = 'running';
      }
      this.dirty = true;
    }
  }

  private save(allowAfterEnd = false): Promise<void> {
    this.queue = this.queue.then(async () => {
      this.capture(allowAfterEnd);
      if (!this.run || !this.dirty) return;
      this.dirty = false;
      await this.put(this.run);
    });
    return this.queue;
  }

  private async put(run: RunRecord): Promise<void> {
    try {
      const autoNameBefore = this.autoNameBefore;
      const stored = await this.deps.storage.saveRecorded(run, !this.persisted.has(run.id), autoNameBefore);
      if (stored === null) {
        const wasLive = this.run?.id === run.id;
        this.runDeleted(run.id);
        if (wasLive) this.deps.onDeleted?.(metaOf(run));
        return;
      }
      this.persisted.add(run.id);
      if (this.autoNameBefore === autoNameBefore) this.autoNameBefore = undefined;
      // The user's name, tags and notes as stored win over this copy's.
      if (this.run?.id === run.id) this.run = { ...this.run, name: stored.name, tags: stored.tags, notes: stored.notes };
      this.deps.onSaved(stored);
    } catch (error) {
      if (this.run?.id === run.id) this.dirty = true; // try again at the next save
      if (!this.warned) this.deps.onError(storageError(error, `run “${run.name}”`).message);
      this.warned = true;
    }
  }

  private release(): void {
    this.releaseMarker?.();
    this.releaseMarker = null;
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
