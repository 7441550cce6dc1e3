import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { PARAM_KEYS, PARAMS, type ExperimentConfig, type ParamKey } from '../../config/params';
import type { GuardModel } from '../../models/guardModel';
import type { Policy } from '../../models/policy';
import type { ScoreModel } from '../../models/scoreModel';
import { createAdam } from '../../compute/select';
import { EpisodeCostWindow, lambdaUpdateDue } from '../../rl';
import { algorithmModule } from '../../rl/algorithms/registry';
import { NO_RULE_STATE, stepLambda, type LambdaRuleState } from './lambdaStep';
import { indicesOfSplit, SPLIT_EVALUATION, SPLIT_TRAIN, type PromptData } from './prompts';
import { FrozenPromptEncodings } from './promptEncodings';
import { Evaluator, type EvaluationResult } from './evaluation';
import { PPO_PHASES, type PhaseOutput, type PpoMetricRow, type PpoPhase, type TextCodec } from './types';
import { describePhase } from './phaseOutput';
import { haltAdvice } from './haltAdvice';
import { advantagesPhase } from './phases/advantages';
import { rolloutPhase } from './phases/rollout';
import { disposeRollout, disposeSnapshot, restoreWeights, type Rollout } from './phases/rolloutState';
import { firstNonFinite, meanOf } from './phases/rowStats';
import { scorePhase } from './phases/score';
import { updatePhase } from './phases/update';

export type { TextCodec } from './types';
export { firstNonFinite } from './phases/rowStats';

export interface PpoEngineInit {
  config: ExperimentConfig;
  /** The SFT policy: the actor starts from a copy, the frozen reference is another copy. Not owned. */
  sftPolicy: Policy;
  /** Frozen reward and cost models (not owned; the critics are initialised from clones of them). */
  rewardModel: ScoreModel;
  costModel: ScoreModel;
  guard: GuardModel | null;
  codec: TextCodec;
  isRefusal: (text: string) => boolean;
  data: PromptData;
  /** Original question text of a record (for generation samples); defaults to decoding the question tokens. */
  questionText?: (index: number) => string;
}

/** What a finished phase produced. */
export interface PhaseResult {
  phase: PpoPhase;
  /** Iteration the phase belonged to (0-based). */
  iteration: number;
  /** Set when the phase completed an iteration. */
  row?: PpoMetricRow;
  /** Evaluations run during this call (before the rollout when due, and after the last iteration). */
  evaluations: EvaluationResult[];
  /** Set when the NaN/Inf guard stopped the iteration; weights and λ are back to their values before it. */
  halted?: string;
  /** The phase's small plain-number output for the teaching mode (absent when halted). */
  output?: PhaseOutput;
  /** Set when the update phase stopped between minibatches (shouldPause); the next stepPhase continues it. */
  paused?: true;
}

export interface StepOptions {
  /**
   * Asked between minibatches of the update phase: true stops there (a pause), to be continued later. May be async
   * (the worker yields to its event loop here so that a pause request can arrive at all).
   */
  shouldPause?: () => boolean | Promise<boolean>;
  /**
   * A run loop's call (not a step-by-phase one): a seed group whose members run in other threads starts them on the
   * whole iteration at once (src/train/ppo/seedGroupEngine.ts). A single engine ignores it.
   */
  runAhead?: boolean;
}

const EVAL_BATCH = 64;

/** The settings that differ between `current` and `next`: live ones (applied at once) and those needing a reset. */
export function splitChanges(current: ExperimentConfig, next: ExperimentConfig): { applied: ParamKey[]; needsReset: ParamKey[] } {
  const applied: ParamKey[] = [];
  const needsReset: ParamKey[] = [];
  for (const key of PARAM_KEYS) {
    if (next[key] === current[key]) continue;
    if (PARAMS[key].live) applied.push(key);
    else needsReset.push(key);
  }
  return { applied, needsReset };
}

/**
 * Constrained PPO (PPO-Lagrangian) for the playground, docs/algorithm.md §4–6, one phase at a time:
 * rollout → score → advantages → lambda → update. What differs between the algorithms (critics, λ, the end score)
 * the engine asks the config's algorithm module (src/rl/algorithms: 'ppo-lag', 'ppo', 'reward-shaping').
 * Every random choice comes from seeded alea streams; all readbacks are batched `await data()` calls.
 * The engine owns the models, optimisers, λ and the iteration; each phase's work is in its own module
 * (phases/rollout.ts, score.ts, advantages.ts, update.ts; the λ step in lambdaStep.ts), on the iteration's state
 * (phases/rolloutState.ts). The NaN/Inf guard and the metric row stay here.
 */
export class PpoEngine {
  config: ExperimentConfig;
  private readonly init: PpoEngineInit;
  private actor: Policy;
  private readonly reference: Policy;
  private rewardCritic: ScoreModel;
  private costCritic: ScoreModel | null = null;
  private actorOptimizer!: tf.AdamOptimizer;
  private rewardCriticOptimizer!: tf.AdamOptimizer;
  private costCriticOptimizer: tf.AdamOptimizer | null = null;
  private readonly window: EpisodeCostWindow;
  private logLambda = 0;
  /** State the λ rule carries between steps (the PID terms), tagged with its rule. */
  private ruleState: LambdaRuleState = NO_RULE_STATE;
  private promptRandom!: () => number;
  private sampleRandom!: () => number;
  private promptPool: number[] = [];
  private readonly evaluator: Evaluator;
  /** The reference, reward and cost models' prompt encodings, kept per record (cleared on reset and dispose). */
  private readonly frozenEncodings: FrozenPromptEncodings;
  private rollout: Rollout | null = null;
  private phaseIndex = 0;
  private lastEvaluatedAt = -1;
  /** Settings waiting for reset() (the last config passed to updateConfig). */
  private pending: ExperimentConfig | null = null;
  iteration = 0;

  constructor(init: PpoEngineInit) {
    this.init = init;
    this.config = { ...init.config };
    this.actor = inTidy(() => init.sftPolicy.clone());
    this.reference = inTidy(() => init.sftPolicy.clone());
    this.rewardCritic = inTidy(() => init.rewardModel.clone());
    this.window = new EpisodeCostWindow(this.config.episodeCostWindow);
    this.frozenEncodings = new FrozenPromptEncodings(init.data);
    this.evaluator = new Evaluator({
      data: init.data,
      reference: this.reference,
      rewardModel: init.rewardModel,
      costModel: init.costModel,
      guard: init.guard,
      codec: init.codec,
      questionText: init.questionText,
      batchSize: EVAL_BATCH,
    });
    this.resetState();
  }

  /** Two critics (reward and cost) when the algorithm has a cost stream (ppo-lag). */
  get usesCostCritic(): boolean {
    return algorithmModule(this.config.algorithm).usesCostCritic;
  }

  /** λ in force, from the algorithm: the learned exp(log λ) for ppo-lag, 0 for ppo, the fixed λ_init for reward shaping. */
  get lambda(): number {
    return algorithmModule(this.config.algorithm).lambda(this.config, this.logLambda);
  }

  get nextPhase(): PpoPhase {
    return PPO_PHASES[this.phaseIndex];
  }

  /** True from the update phase's first minibatch until its last (paused between minibatches, or running). */
  get updateInProgress(): boolean {
    return this.rollout?.update !== undefined;
  }

  get episodeCost(): number {
    return this.window.mean();
  }

  /** The live actor (tests and exports read its weights; do not dispose). */
  get policy(): Policy {
    return this.actor;
  }

  /**
   * Applies live settings at once (they take effect from the next phase); settings that rebuild state are returned
   * as `needsReset` and kept pending until `reset()`.
   */
  updateConfig(next: ExperimentConfig): { applied: ParamKey[]; needsReset: ParamKey[] } {
    const { applied, needsReset } = splitChanges(this.config, next);
    for (const key of applied) (this.config as Record<string, unknown>)[key] = next[key];
    if (applied.includes('episodeCostWindow')) this.window.resize(this.config.episodeCostWindow);
    this.pending = { ...next };
    return { applied, needsReset };
  }

  /** Back to the SFT policy, fresh critics and optimisers, iteration 0, λ = λ_init; applies pending settings. */
  reset(config?: ExperimentConfig): void {
    if (config) this.pending = { ...config };
    if (this.pending) {
      this.config = { ...this.pending };
      this.pending = null;
    }
    this.resetState();
  }

  private resetState(): void {
    this.discardRollout();
    this.frozenEncodings.clear();
    // setWeights inside tidy: the assigned copies are intermediate tensors (otherwise one leaks per variable).
    tf.tidy(() => {
      this.actor.setWeights(this.reference.getWeights());
      this.rewardCritic.setWeights(this.init.rewardModel.getWeights());
    });
    this.costCritic?.dispose();
    this.costCritic = this.usesCostCritic ? inTidy(() => this.init.costModel.clone()) : null;
    this.resetOptimizers();
    this.window.resize(this.config.episodeCostWindow);
    this.window.clear();
    this.logLambda = Math.log(this.config.lambdaInit);
    this.ruleState = NO_RULE_STATE;
    const seed = String(this.config.seed);
    this.promptRandom = seedrandom.alea(`${seed}:prompts`);
    this.sampleRandom = seedrandom.alea(`${seed}:sampling`);
    const split = this.config.promptSplit === 'evaluation' ? SPLIT_EVALUATION : SPLIT_TRAIN;
    this.promptPool = indicesOfSplit(this.init.data, split);
    if (this.promptPool.length === 0) {
      throw new Error(`The ${this.config.promptSplit} split has no prompts; choose the other prompt split.`);
    }
    this.evaluator.configure(this.config);
    this.iteration = 0;
    this.phaseIndex = 0;
    this.lastEvaluatedAt = -1;
  }

  private resetOptimizers(): void {
    this.actorOptimizer?.dispose();
    this.rewardCriticOptimizer?.dispose();
    this.costCriticOptimizer?.dispose();
    // Adam β = (0.9, 0.95) as upstream; epsilon fixed by createAdam (docs/browser.md §4).
    this.actorOptimizer = createAdam(this.config.actorLr, 0.9, 0.95);
    this.rewardCriticOptimizer = createAdam(this.config.criticLr, 0.9, 0.95);
    this.costCriticOptimizer = this.costCritic ? createAdam(this.config.criticLr, 0.9, 0.95) : null;
  }

  /** Whether an evaluation is due before the next rollout (iteration 0, then every `evalEvery`). */
  get evaluationDue(): boolean {
    return this.phaseIndex === 0 && this.lastEvaluatedAt !== this.iteration &&
      this.iteration % Math.max(1, this.config.evalEvery) === 0;
  }

  /** Held-out evaluation against the SFT policy (fixed eval seed) and fresh generation samples. */
  async evaluate(): Promise<EvaluationResult> {
    const result = await this.evaluator.run(this.actor, {
      config: this.config,
      iteration: this.iteration,
      rewardCritic: this.rewardCritic,
      costCritic: this.costCritic,
      lambda: this.lambda,
    });
    this.lastEvaluatedAt = this.iteration;
    return result;
  }

  get lastEvaluation(): EvaluationResult | null {
    return this.evaluator.last;
  }

  /** Runs the next phase only. */
  async stepPhase(options: StepOptions = {}): Promise<PhaseResult> {
    const phase = this.nextPhase;
    const iteration = this.iteration;
    const evaluations: EvaluationResult[] = [];
    if (phase === 'rollout' && this.evaluationDue) evaluations.push(await this.evaluate());
    const result = await this.runPhase(phase, options);
    if (result.paused) return { phase, iteration, paused: true, evaluations };
    if (result.halted) {
      this.discardRollout();
      this.phaseIndex = 0;
      return { phase, iteration, halted: result.halted, evaluations };
    }
    const output = describePhase({
      phase,
      config: this.config,
      rollout: this.rollout,
      row: result.row,
      episodeCost: this.window.mean(),
      questionText: (index) => this.init.questionText?.(index) ?? '',
      tokenText: (ids) => this.init.codec.tokens(ids),
    });
    this.phaseIndex = (this.phaseIndex + 1) % PPO_PHASES.length;
    if (this.phaseIndex === 0) {
      this.iteration++;
      if (this.iteration >= this.config.iterations && this.lastEvaluatedAt !== this.iteration) {
        evaluations.push(await this.evaluate());
      }
    }
    return { phase, iteration, row: result.row, evaluations, output };
  }

  /** Runs the remaining phases of the current iteration. */
  async step(): Promise<PhaseResult> {
    const evaluations: EvaluationResult[] = [];
    let last: PhaseResult;
    do {
      last = await this.stepPhase();
      evaluations.push(...last.evaluations);
      if (last.halted) break;
    } while (this.phaseIndex !== 0);
    return { ...last, evaluations };
  }

  private async runPhase(
    phase: PpoPhase,
    options: StepOptions,
  ): Promise<{ row?: PpoMetricRow; halted?: string; paused?: true }> {
    switch (phase) {
      case 'rollout':
        await this.rolloutPhase();
        return {};
      case 'score':
        return this.scorePhase();
      case 'advantages':
        return this.advantagesPhase();
      case 'lambda':
        return this.lambdaPhase();
      case 'update':
        return this.updatePhase(options.shouldPause);
    }
  }

  // ---- phases ----------------------------------------------------------------------------------------------------

  /** Sample one response per prompt; per-token log-probs of the policy and the frozen reference (phases/rollout.ts). */
  private async rolloutPhase(): Promise<void> {
    this.discardRollout();
    this.rollout = await rolloutPhase({
      config: this.config,
      iteration: this.iteration,
      promptPool: this.promptPool,
      promptRandom: this.promptRandom,
      sampleRandom: this.sampleRandom,
      data: this.init.data,
      codec: this.init.codec,
      actor: this.actor,
      reference: this.reference,
      frozenEncodings: this.frozenEncodings,
    });
  }

  /** Frozen scores and critic values (phases/score.ts); the costs join the episode-cost window. */
  private async scorePhase(): Promise<{ halted?: string }> {
    const r = this.requireRollout();
    const bad = await scorePhase(
      {
        config: this.config,
        rewardModel: this.init.rewardModel,
        costModel: this.init.costModel,
        rewardCritic: this.rewardCritic,
        costCritic: this.costCritic,
        frozenEncodings: this.frozenEncodings,
        window: this.window,
      },
      r,
    );
    return bad ? { halted: this.haltMessage(bad, r.iteration, false) } : {};
  }

  /** KL-shaped rewards and costs, then GAE on each stream (phases/advantages.ts). */
  private async advantagesPhase(): Promise<{ halted?: string }> {
    const r = this.requireRollout();
    const bad = await advantagesPhase(this.config, r);
    return bad ? { halted: this.haltMessage(bad, r.iteration, false) } : {};
  }

  /**
   * λ step BEFORE the actor loss (docs/algorithm.md §4.7) with the chosen rule (upstream: log λ ← log λ + lr·λ·(J_C −
   * threshold), capped at λ_max; additive; pid: src/train/ppo/lambdaStep.ts), once `iteration ≥ lambdaUpdateDelay`.
   * J_C already holds this rollout's costs.
   */
  private lambdaPhase(): { halted?: string } {
    const r = this.requireRollout();
    const start = performance.now();
    const cfg = this.config;
    r.logLambdaBefore = this.logLambda;
    r.ruleStateBefore = this.ruleState;
    if (algorithmModule(cfg.algorithm).learnsLambda && lambdaUpdateDue(r.iteration, cfg.lambdaUpdateDelay)) {
      const next = stepLambda(cfg, this.logLambda, this.ruleState, this.window.mean());
      this.logLambda = next.logLambda;
      this.ruleState = next.state;
      r.lambdaTerms = next.terms;
    }
    r.lambda = this.lambda;
    r.ms.advantages += performance.now() - start;
    if (!Number.isFinite(r.lambda) || Number.isNaN(this.logLambda)) {
      return { halted: this.haltMessage('λ', r.iteration, false) };
    }
    return {};
  }

  /**
   * The minibatch passes (phases/update.ts), then the metric row; a non-finite value puts the weights from before
   * the update back (the NaN/Inf guard).
   */
  private async updatePhase(shouldPause?: StepOptions['shouldPause']): Promise<{ row?: PpoMetricRow; halted?: string; paused?: true }> {
    const r = this.requireRollout();
    const models = { actor: this.actor, rewardCritic: this.rewardCritic, costCritic: this.costCritic };
    const done = await updatePhase(
      {
        ...models,
        config: this.config,
        actorOptimizer: this.actorOptimizer,
        rewardCriticOptimizer: this.rewardCriticOptimizer,
        costCriticOptimizer: this.costCriticOptimizer,
      },
      r,
      shouldPause,
    );
    if ('paused' in done) return { paused: true };
    const row = this.metricRow(r, done.update);
    const bad = firstNonFinite(
      Object.fromEntries(
        (Object.keys(row) as (keyof PpoMetricRow)[])
          .filter((key) => key !== 'costCriticLoss' || this.costCritic)
          .map((key) => [key, [row[key]]]),
      ),
    );
    if (bad) {
      restoreWeights(models, done.snapshot);
      // Adam moments may hold the non-finite values; restart them with the restored weights.
      this.resetOptimizers();
      return { halted: this.haltMessage(bad, r.iteration, true) };
    }
    disposeSnapshot(done.snapshot);
    this.discardRollout();
    return { row };
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private metricRow(
    r: Rollout,
    update: Pick<PpoMetricRow, 'actorLoss' | 'rewardCriticLoss' | 'costCriticLoss' | 'clipFraction' | 'approxKl'>,
  ): PpoMetricRow {
    const rewards = r.rewards!;
    const costs = r.costs!;
    const rolloutSeconds = r.ms.rollout / 1000;
    return {
      iteration: r.iteration,
      rewardMean: meanOf(rewards),
      costMean: meanOf(costs),
      episodeCost: this.window.mean(),
      lambda: r.lambda!,
      threshold: this.config.threshold,
      kl: r.kl,
      entropy: r.entropy,
      responseLength: r.generated / r.batch,
      unsafeRate: Array.from(costs).filter((c) => c > 0).length / r.batch,
      refusalRate: r.texts.filter((text) => this.init.isRefusal(text)).length / r.batch,
      truncationRate: meanOf(r.truncated),
      klPerToken: r.klPerToken,
      distinctOpenings: r.distinctOpenings,
      ...update,
      rewardWithKl: r.rewardWithKl!,
      msRollout: r.ms.rollout,
      msScoring: r.ms.scoring,
      msAdvantages: r.ms.advantages,
      msUpdate: r.ms.update,
      tokensPerSecond: rolloutSeconds > 0 ? r.generated / rolloutSeconds : NaN,
    };
  }

  private haltMessage(quantity: string, iteration: number, restoredWeights: boolean): string {
    const r = this.rollout;
    if (r?.logLambdaBefore !== undefined) this.logLambda = r.logLambdaBefore;
    if (r?.ruleStateBefore !== undefined) this.ruleState = r.ruleStateBefore;
    if (r?.windowBefore) {
      this.window.clear();
      this.window.push(r.windowBefore);
    }
    const restored = restoredWeights ? 'the weights from before the update and λ were restored' : 'nothing was changed';
    return `Non-finite ${quantity} at iteration ${iteration}: ${restored}; the run is paused. ${haltAdvice(quantity, this.config)} Then resume.`;
  }

  private requireRollout(): Rollout {
    if (!this.rollout) throw new Error('No rollout in progress: run the rollout phase first');
    return this.rollout;
  }

  private discardRollout(): void {
    if (this.rollout) disposeRollout(this.rollout);
    this.rollout = null;
  }

  dispose(): void {
    this.discardRollout();
    this.frozenEncodings.clear();
    this.actor.dispose();
    this.reference.dispose();
    this.rewardCritic.dispose();
    this.costCritic?.dispose();
    this.actorOptimizer.dispose();
    this.rewardCriticOptimizer.dispose();
    this.costCriticOptimizer?.dispose();
    this.evaluator.dispose();
  }
}

/**
 * Runs `make` inside tf.tidy and returns its (non-tensor) result: model clones and setWeights create intermediate
 * tensors that would otherwise leak one per variable; the new variables themselves survive the scope.
 */
function inTidy<T>(make: () => T): T {
  let out: T | undefined;
  tf.tidy(() => {
    out = make();
  });
  return out as T;
}
