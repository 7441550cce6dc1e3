/**
 * The near side of a seed group split across threads. A RemoteLane is the channel to one member host (another thread
 * running some of the group's members, src/train/ppo/memberHost.ts); a RemoteMember stands in the group for one of
 * them, with what the group reads of a PpoEngine (iteration, next phase, λ, settings) mirrored from the host's last
 * answer the group has taken in. Only results the group has taken in move a member on, so a host that finishes an
 * iteration early never makes the group look further on than the rows it has published.
 */
import type { ExperimentConfig, ParamKey } from '../../config/params';
import { splitChanges, type PhaseResult, type StepOptions } from './engine';
import type { MemberOutcome, MemberPort, MemberReply, MemberRequest, MemberState } from './memberProtocol';
import type { PpoPhase } from './types';

type Waiter = { resolve: (reply: MemberReply) => void; reject: (error: Error) => void };

export class RemoteLane {
  readonly members: RemoteMember[];
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter>();
  private failure: string | null = null;
  /** A whole-iteration run of every member started ahead (kickOff), until each member has taken its outcome. */
  private ahead: { outcomes: Promise<MemberOutcome[]>; taken: number } | null = null;

  /**
   * `seeds` and `configs` (one each per member, in the host's order), `states` the host's members' states now;
   * `close` ends the host (a worker is terminated) after its engines are disposed.
   */
  constructor(
    private readonly port: MemberPort,
    readonly seeds: number[],
    configs: ExperimentConfig[],
    states: MemberState[],
    private readonly close: () => void = () => undefined,
  ) {
    this.members = seeds.map((_, index) => new RemoteMember(this, index, configs[index], states[index]));
    port.onmessage = (event) => this.receive(event.data as MemberReply);
  }

  private receive(reply: MemberReply): void {
    if (reply.id === null) {
      this.fail(reply.type === 'error' ? reply.message : 'the member host stopped');
      return;
    }
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if (reply.type === 'error') waiter.reject(new Error(this.named(reply.message)));
    else waiter.resolve(reply);
  }

  private named(message: string): string {
    const seeds = this.seeds.length === 1 ? `seed ${this.seeds[0]}` : `seeds ${this.seeds[0]}–${this.seeds[this.seeds.length - 1]}`;
    return `The worker running ${seeds} of the group: ${message}`;
  }

  /** The host is gone (a worker crashed): every request in flight and every later one fails with this message. */
  fail(message: string): void {
    this.failure = this.named(message);
    for (const waiter of this.waiting.values()) waiter.reject(new Error(this.failure));
    this.waiting.clear();
  }

  private post(request: MemberRequest): void {
    this.port.postMessage(request);
  }

  private ask<T extends MemberReply>(build: (id: number) => MemberRequest): Promise<T> {
    if (this.failure) return Promise.reject(new Error(this.failure));
    const id = this.nextId++;
    const answer = new Promise<MemberReply>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.post(build(id));
    return answer as Promise<T>;
  }

  /** Runs the members at `indices` in turn (one phase each, or the rest of their iteration). */
  async run(indices: number[], until: 'phase' | 'iteration'): Promise<MemberOutcome[]> {
    const reply = await this.ask<Extract<MemberReply, { type: 'ran' }>>((id) => ({ type: 'run', id, members: indices, until }));
    return reply.outcomes;
  }

  /** Starts every member on the rest of its iteration (the group calls it when an iteration begins). */
  kickOff(): void {
    if (this.ahead || this.failure) return;
    const outcomes = this.run(this.members.map((_, index) => index), 'iteration');
    // Taken (and its failure seen) by the members in turn; never left unhandled.
    outcomes.catch(() => undefined);
    this.ahead = { outcomes, taken: 0 };
  }

  /**
   * The outcome of member `index` from the run started ahead, if one is under way: undefined when there is none or
   * it stopped before reaching that member (the member then asks for its own run).
   */
  async takeAhead(index: number): Promise<MemberOutcome | undefined> {
    const ahead = this.ahead;
    if (!ahead) return undefined;
    let outcomes: MemberOutcome[];
    try {
      outcomes = await ahead.outcomes;
    } catch (error) {
      if (this.ahead === ahead) this.ahead = null;
      throw error;
    }
    const outcome = outcomes.find((o) => o.member === index);
    ahead.taken++;
    if (!outcome || ahead.taken >= outcomes.length) {
      if (this.ahead === ahead) this.ahead = null;
    }
    return outcome;
  }

  pause(): void {
    if (!this.failure) this.post({ type: 'pause' });
  }

  configure(index: number, config: ExperimentConfig): void {
    if (!this.failure) this.post({ type: 'configure', member: index, config });
  }

  /** Back to iteration 0: a run started ahead is dropped (its answer is ignored); λ comes with the host's answer. */
  reset(index: number, config: ExperimentConfig): Promise<MemberState> {
    this.ahead = null;
    return this.ask<Extract<MemberReply, { type: 'reset' }>>((id) => ({ type: 'reset', id, member: index, config })).then((reply) => reply.state);
  }

  dispose(): void {
    if (!this.failure) this.post({ type: 'dispose' });
    this.failure ??= this.named('the group was disposed');
    this.waiting.clear();
    this.close();
  }
}

/** One member of a RemoteLane, as the seed group sees it (the subset of PpoEngine the group uses). */
export class RemoteMember {
  config: ExperimentConfig;
  private state: MemberState;
  /** The latest reset's answer, until it is in (its λ; iteration and phase are known at once). */
  private resetting: Promise<unknown> | null = null;

  constructor(
    private readonly lane: RemoteLane,
    readonly index: number,
    config: ExperimentConfig,
    state: MemberState,
  ) {
    this.config = { ...config };
    this.state = state;
  }

  get iteration(): number {
    return this.state.iteration;
  }

  get nextPhase(): PpoPhase {
    return this.state.nextPhase;
  }

  get updateInProgress(): boolean {
    return this.state.updateInProgress;
  }

  get lambda(): number {
    return this.state.lambda;
  }

  updateConfig(next: ExperimentConfig): { applied: ParamKey[]; needsReset: ParamKey[] } {
    const changes = splitChanges(this.config, next);
    for (const key of changes.applied) (this.config as Record<string, unknown>)[key] = next[key];
    this.lane.configure(this.index, next);
    return changes;
  }

  reset(config: ExperimentConfig): void {
    this.config = { ...config };
    this.state = { ...this.state, iteration: 0, nextPhase: 'rollout', updateInProgress: false };
    const resetting = this.lane.reset(this.index, config).then((state) => {
      if (this.resetting === resetting) this.state = state;
    });
    this.resetting = resetting;
    resetting.catch(() => undefined);
  }

  /**
   * The member's next phase (`runAhead`: the rest of its iteration), taken from a run the lane started ahead when
   * there is one: the phases' results as one, evaluations in order, `paused` when the host stopped early.
   */
  async stepPhase(options: StepOptions = {}): Promise<PhaseResult> {
    if (this.resetting) {
      const resetting = this.resetting;
      await resetting;
      if (this.resetting === resetting) this.resetting = null;
    }
    const outcome = (await this.lane.takeAhead(this.index)) ?? (await this.lane.run([this.index], options.runAhead ? 'iteration' : 'phase'))[0];
    const phase = this.state.nextPhase;
    const iteration = this.state.iteration;
    if (!outcome || outcome.results.length === 0) {
      if (outcome) this.state = outcome.state;
      return { phase, iteration, evaluations: [], paused: true };
    }
    this.state = outcome.state;
    const last = outcome.results[outcome.results.length - 1];
    const merged: PhaseResult = { ...last, evaluations: outcome.results.flatMap((result) => result.evaluations) };
    if (!outcome.complete && !last.halted) merged.paused = true;
    return merged;
  }

  /** The lane disposes the host's engines (RemoteLane.dispose). */
  dispose(): void {}
}
