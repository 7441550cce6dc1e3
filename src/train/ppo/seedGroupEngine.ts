/**
 * A seed group in one thread: one PpoEngine per seed (each exactly the solo run with its seed: its own config,
 * random streams, actor, critics and optimisers), stepped in turn, phase by phase: member 1's five phases, then
 * member 2's, …; when the last member finishes iteration i, the group row of iteration i (mean, sd, min, max and each
 * seed's value of every metric: src/util/groupRows.ts) is ready. Interleaving changes nothing inside a member, so
 * each member's rows and weights equal its solo run's to the bit (seedGroupEngine.test.ts). Pause, stop and
 * step-by-phase work at a member's phase boundaries, as for a single engine.
 *
 * Members may also run in other threads (RemoteLane: in the browser, member workers, so a group uses more than one
 * core): the group's last seeds go to the lanes, the first seeds stay here. In a run loop (`runAhead`) each lane
 * starts its members on the whole iteration when the iteration begins, while the members here step through theirs;
 * the group takes the lanes' results in seed order, so rows, evaluations and live edits come out as in one thread.
 */
import { PARAM_KEYS, type ExperimentConfig, type ParamKey } from '../../config/params';
import { groupSeeds, memberConfig } from '../../config/seedGroup';
import { groupColumns, groupRow } from '../../util/groupRows';
import { PpoEngine, splitChanges, type PhaseResult, type PpoEngineInit, type StepOptions } from './engine';
import type { RemoteLane, RemoteMember } from './remoteMember';
import type { EvaluationResult, PpoEvalRow } from './evaluation';
import { PPO_EVAL_COLUMNS, PPO_METRIC_COLUMNS, type GenerationSample, type PpoMetricRow, type PpoPhase } from './types';

/**
 * A PhaseResult whose row (when the group's iteration completed) and evaluation rows are group rows: objects with
 * every metric's mean under its own name (so they read as ordinary rows) plus its _sd, _min, _max and _seedS values.
 */
export interface GroupPhaseResult extends PhaseResult {
  /** The member whose phase ran. */
  seed: number;
}

/** A group row as an object over `columns`. */
function rowObject(columns: readonly string[], values: readonly number[]): Record<string, number> {
  const row: Record<string, number> = {};
  columns.forEach((column, index) => (row[column] = values[index]));
  return row;
}

/** A member as the group drives it: an engine here, or one in another thread. */
export type GroupMember = PpoEngine | RemoteMember;

export class SeedGroupEngine {
  readonly seeds: number[];
  readonly members: GroupMember[];
  /** The first seed's engine (always here): its evaluations' samples and its policy are the group's. */
  readonly first: PpoEngine;
  readonly lanes: readonly RemoteLane[];
  readonly metricColumns: string[];
  readonly evalColumns: string[];
  private groupConfig: ExperimentConfig;
  private pending: ExperimentConfig | null = null;
  /** Live settings taken in during a group iteration: every member takes them at the next iteration's start. */
  private pendingLive: ExperimentConfig | null = null;
  /** The member whose phase runs next. */
  private cursor = 0;
  /** Member rows of the group iteration in progress. */
  private rows: (readonly number[] | undefined)[];
  /** Member evaluation rows by iteration, until every member has given one. */
  private evaluationRows = new Map<number, (readonly number[] | undefined)[]>();
  /** The first seed's generation samples of each pending evaluation (the group's evaluation shows them). */
  private evaluationSamples = new Map<number, GenerationSample[]>();

  /** `lanes`: members already running elsewhere, for the group's last seeds in order (the group owns them). */
  constructor(init: PpoEngineInit, lanes: readonly RemoteLane[] = []) {
    this.groupConfig = { ...init.config };
    this.seeds = groupSeeds(init.config);
    this.metricColumns = groupColumns(PPO_METRIC_COLUMNS, this.seeds);
    this.evalColumns = groupColumns(PPO_EVAL_COLUMNS, this.seeds);
    this.lanes = lanes;
    this.members = [];
    const remoteSeeds = lanes.flatMap((lane) => lane.seeds);
    const localCount = this.seeds.length - remoteSeeds.length;
    try {
      if (localCount < 1 || remoteSeeds.join() !== this.seeds.slice(localCount).join()) {
        throw new Error(`The group's other workers run seeds ${remoteSeeds.join(', ')}, not the last of ${this.seeds.join(', ')}.`);
      }
      for (const seed of this.seeds.slice(0, localCount)) this.members.push(new PpoEngine({ ...init, config: memberConfig(init.config, seed) }));
      this.members.push(...lanes.flatMap((lane) => lane.members));
    } catch (error) {
      this.dispose();
      throw error;
    }
    this.first = this.members[0] as PpoEngine;
    this.rows = this.seeds.map(() => undefined);
  }

  /** The group's settings (seed = the first seed, seeds = K); each member runs them with its own seed. */
  get config(): ExperimentConfig {
    return this.groupConfig;
  }

  /** Iterations every member has completed. */
  get iteration(): number {
    return this.members[this.members.length - 1].iteration;
  }

  get nextPhase(): PpoPhase {
    return this.members[this.cursor].nextPhase;
  }

  /** The member whose phase runs next (its seed): each member runs its five phases in turn. */
  get nextSeed(): number {
    return this.seeds[this.cursor];
  }

  get updateInProgress(): boolean {
    return this.members[this.cursor].updateInProgress;
  }

  /** Mean λ across the members. */
  get lambda(): number {
    return this.members.reduce((sum, member) => sum + member.lambda, 0) / this.members.length;
  }

  /** The first seed's latest evaluation (its generation samples are the ones shown). */
  get lastEvaluation(): EvaluationResult | null {
    return this.first.lastEvaluation;
  }

  /** The first seed's policy (what "export policy" saves). */
  get policy() {
    return this.first.policy;
  }

  /** Members in other threads stop at their next phase boundary or minibatch (the run loop's pause and stop). */
  requestPause(): void {
    for (const lane of this.lanes) lane.pause();
  }

  /** Between two group iterations: every member has finished the last one and none has begun the next. */
  private get atBoundary(): boolean {
    return this.cursor === 0 && this.first.nextPhase === 'rollout' && !this.first.updateInProgress;
  }

  /**
   * The 0-based iteration whose row is the first to carry a live setting changed now: this one between iterations,
   * else the next (the members take it together at the next iteration's start, so no row mixes old and new).
   */
  get liveEditIteration(): number {
    return this.atBoundary ? this.iteration : this.iteration + 1;
  }

  /**
   * Live settings go to every member at the same point: at once between iterations, else at the next iteration's
   * start (members here and elsewhere may be at different phases of this one). Seed and seeds (and the engines' own
   * reset keys) need a rebuild.
   */
  updateConfig(next: ExperimentConfig): { applied: ParamKey[]; needsReset: ParamKey[] } {
    const first = this.seeds[0];
    const { applied, needsReset: memberReset } = splitChanges(memberConfig(this.groupConfig, first), memberConfig(next, first));
    const needsReset = new Set<ParamKey>(memberReset);
    for (const key of applied) (this.groupConfig as Record<string, unknown>)[key] = next[key];
    if (next.seed !== this.groupConfig.seed) needsReset.add('seed');
    if (next.seeds !== this.groupConfig.seeds) needsReset.add('seeds');
    this.pending = { ...next };
    this.pendingLive = { ...next };
    if (this.atBoundary) this.applyPendingLive();
    return { applied, needsReset: PARAM_KEYS.filter((key) => needsReset.has(key)) };
  }

  private applyPendingLive(): void {
    const next = this.pendingLive;
    if (!next) return;
    this.pendingLive = null;
    this.members.forEach((member, index) => member.updateConfig(memberConfig(next, this.seeds[index])));
  }

  /** Every member back to iteration 0 with the pending settings; a different seed or seed count needs a new group. */
  reset(config?: ExperimentConfig): void {
    const next = config ?? this.pending ?? this.groupConfig;
    if (groupSeeds(next).join() !== this.seeds.join()) {
      throw new Error(`The group's seeds changed (${this.seeds.join(', ')} → ${groupSeeds(next).join(', ')}): initialise PPO again.`);
    }
    this.members.forEach((member, index) => member.reset(memberConfig(next, this.seeds[index])));
    this.groupConfig = { ...next };
    this.pending = null;
    this.pendingLive = null;
    this.cursor = 0;
    this.rows = this.seeds.map(() => undefined);
    this.evaluationRows.clear();
    this.evaluationSamples.clear();
  }

  /** Runs the next phase of the member whose turn it is. */
  async stepPhase(options: StepOptions = {}): Promise<GroupPhaseResult> {
    const index = this.cursor;
    const member = this.members[index];
    const seed = this.seeds[index];
    if (this.atBoundary) {
      // Before any member starts the iteration (and before the lanes are sent on it: messages keep their order).
      this.applyPendingLive();
      if (options.runAhead) for (const lane of this.lanes) lane.kickOff();
    }
    const result = await member.stepPhase(options);
    const evaluations = result.evaluations.flatMap((evaluation) => this.collectEvaluation(index, evaluation));
    const output = result.output ? { ...result.output, seed } : result.output;
    const base = { phase: result.phase, seed, iteration: result.iteration, evaluations, output };
    if (result.paused) return { ...base, paused: true };
    if (result.halted) return { ...base, halted: `seed ${seed}: ${result.halted}` };
    if (!result.row) return base;
    this.rows[index] = PPO_METRIC_COLUMNS.map((column) => result.row![column]);
    this.cursor = (index + 1) % this.members.length;
    if (this.cursor !== 0) return base;
    const row = rowObject(this.metricColumns, groupRow(PPO_METRIC_COLUMNS, this.rows)) as PpoMetricRow;
    this.rows = this.seeds.map(() => undefined);
    return { ...base, row };
  }

  /** The remaining phases of the group's current iteration (every member's; members elsewhere run ahead). */
  async step(): Promise<GroupPhaseResult> {
    const evaluations: EvaluationResult[] = [];
    let last: GroupPhaseResult;
    do {
      last = await this.stepPhase({ runAhead: true });
      evaluations.push(...last.evaluations);
      if (last.halted) break;
    } while (!last.row);
    return { ...last, evaluations };
  }

  private collectEvaluation(index: number, evaluation: EvaluationResult): EvaluationResult[] {
    const iteration = evaluation.row.iteration;
    const rows = this.evaluationRows.get(iteration) ?? this.seeds.map(() => undefined);
    rows[index] = PPO_EVAL_COLUMNS.map((column) => evaluation.row[column]);
    if (index === 0) this.evaluationSamples.set(iteration, evaluation.samples);
    if (rows.some((row) => row === undefined)) {
      this.evaluationRows.set(iteration, rows);
      return [];
    }
    this.evaluationRows.delete(iteration);
    const samples = this.evaluationSamples.get(iteration) ?? [];
    this.evaluationSamples.delete(iteration);
    return [{ row: rowObject(this.evalColumns, groupRow(PPO_EVAL_COLUMNS, rows)) as PpoEvalRow, samples }];
  }

  dispose(): void {
    for (const member of this.members) member.dispose();
    for (const lane of this.lanes) lane.dispose();
  }
}

/** The engine for a config: a PpoEngine for one seed, a SeedGroupEngine for a group (config.seeds > 1). */
export function createRunEngine(init: PpoEngineInit): PpoEngine | SeedGroupEngine {
  return init.config.seeds > 1 ? new SeedGroupEngine(init) : new PpoEngine(init);
}

/** The metric and evaluation stream columns of an engine (a group's are group rows). */
export function streamColumns(engine: object): { metrics: readonly string[]; evaluations: readonly string[] } {
  return engine instanceof SeedGroupEngine
    ? { metrics: engine.metricColumns, evaluations: engine.evalColumns }
    : { metrics: PPO_METRIC_COLUMNS, evaluations: PPO_EVAL_COLUMNS };
}

/** A reset to `next` needs a new engine when a group is involved and its seeds change (or one seed ↔ a group). */
export function needsNewEngine(current: Pick<ExperimentConfig, 'seed' | 'seeds'>, next: Pick<ExperimentConfig, 'seed' | 'seeds'>): boolean {
  if (current.seeds <= 1 && next.seeds <= 1) return false;
  return groupSeeds(current).join() !== groupSeeds(next).join() || current.seeds !== next.seeds;
}
