import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { PARAM_KEYS, PARAMS, type ExperimentConfig, type ParamKey } from '../../config/params';
import type { GuardModel } from '../../models/guardModel';
import { logProbsAndEntropyOf, POLICY_EOS, type Policy } from '../../models/policy';
import type { ScoreModel } from '../../models/scoreModel';
import { createAdam } from '../../compute/select';
import {
  actorLoss,
  approxKl,
  clipFraction,
  criticLoss,
  EpisodeCostWindow,
  lambdaUpdateDue,
  mixAdvantages,
  truncationAdjusted,
} from '../../rl';
import { stepLambda, type LambdaRuleState } from './lambdaStep';
import { clippedStep, setLearningRate } from './optimizerStep';
import { indicesOfSplit, promptTensors, SPLIT_EVALUATION, SPLIT_TRAIN, type PromptData } from './prompts';
import { drawFrom } from '../../models/sampling';
import { criticValues, sequenceScoresFromPrompt } from './scoring';
import { FrozenPromptEncodings } from './promptEncodings';
import { Evaluator, type EvaluationResult } from './evaluation';
import { PPO_PHASES, type PhaseOutput, type PpoMetricRow, type PpoPhase } from './types';
import { describePhase } from './phaseOutput';
import { shapeStreams, type StreamOutputs } from './streams';
import { haltAdvice } from './haltAdvice';

/** Text helpers the engine needs from the vocabulary (src/data/tokenizer.ts). */
export interface TextCodec {
  decode(ids: ArrayLike<number>): string;
  tokens(ids: ArrayLike<number>): string[];
}

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
}

/** An update phase stopped between minibatches: where it was and what it holds. */
interface UpdateProgress {
  epoch: number;
  part: number;
  /** Fixed when the phase began, so a live edit while paused cannot reshape the pass. */
  epochs: number;
  parts: number;
  advantages: tf.Tensor2D;
  snapshot: WeightSnapshot;
  actorLosses: tf.Scalar[];
  rewardCriticLosses: tf.Scalar[];
  costCriticLosses: tf.Scalar[];
  /** Milliseconds spent in the phase before this stretch. */
  ms: number;
}

type WeightSnapshot = { actor: tf.NamedTensorMap; rewardCritic: tf.NamedTensorMap; costCritic: tf.NamedTensorMap | null };

/** Tensors and numbers of the iteration in progress (between phases). */
interface Rollout {
  iteration: number;
  batch: number;
  steps: number;
  indices: number[];
  /** The sampled ids as drawn in JS (teaching mode reads the first response's tokens; no readback). */
  tokenIds: Int32Array;
  images: tf.Tensor4D;
  questions: tf.Tensor2D;
  tokens: tf.Tensor2D;
  mask: tf.Tensor2D;
  lengths: Int32Array;
  texts: string[];
  logProbs: tf.Tensor2D;
  refLogProbs: tf.Tensor2D;
  kl: number;
  klPerToken: number;
  entropy: number;
  generated: number;
  /** 1 where the response reached the length cap without an end token. */
  truncated: Uint8Array;
  distinctOpenings: number;
  ms: { rollout: number; scoring: number; advantages: number; update: number };
  // score phase
  rewards?: Float32Array;
  costs?: Float32Array;
  rewardValues?: tf.Tensor2D;
  costValues?: tf.Tensor2D;
  windowBefore?: number[];
  // advantages phase
  rewardAdvantages?: tf.Tensor2D;
  rewardReturns?: tf.Tensor2D;
  costAdvantages?: tf.Tensor2D;
  costReturns?: tf.Tensor2D;
  rewardWithKl?: number;
  firstRow?: StreamOutputs['firstRow'];
  // lambda phase
  logLambdaBefore?: number;
  ruleStateBefore?: LambdaRuleState;
  lambda?: number;
  // update phase, when paused between minibatches
  update?: UpdateProgress;
}

const EVAL_BATCH = 64;

/**
 * Constrained PPO (PPO-Lagrangian) for the playground, docs/algorithm.md §4–6, one phase at a time:
 * rollout → score → advantages → lambda → update. Algorithms: 'ppo-lag' (learned λ, two critics), 'ppo' (reward
 * only, λ ≡ 0, one critic), 'reward-shaping' (fixed λ = lambdaInit, end score R − λ·C, one critic).
 * Every random choice comes from seeded alea streams; all readbacks are batched `await data()` calls.
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
  /** State the λ rule carries between steps (the PID terms); null until the pid rule first runs. */
  private ruleState: LambdaRuleState = { pid: null };
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

  /** Two critics (reward and cost) only for ppo-lag. */
  get usesCostCritic(): boolean {
    return this.config.algorithm === 'ppo-lag';
  }

  /** λ in force: the learned exp(log λ) for ppo-lag, 0 for ppo, the fixed λ_init for reward shaping. */
  get lambda(): number {
    if (this.config.algorithm === 'ppo') return 0;
    if (this.config.algorithm === 'reward-shaping') return this.config.lambdaInit;
    return Math.exp(this.logLambda);
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
    const applied: ParamKey[] = [];
    const needsReset: ParamKey[] = [];
    for (const key of PARAM_KEYS) {
      if (next[key] === this.config[key]) continue;
      if (PARAMS[key].live) {
        (this.config as Record<string, unknown>)[key] = next[key];
        applied.push(key);
      } else needsReset.push(key);
    }
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
    this.ruleState = { pid: null };
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

  /** Sample one response per prompt; per-token log-probs of the policy and the frozen reference. */
  private async rolloutPhase(): Promise<void> {
    this.discardRollout();
    const start = performance.now();
    const cfg = this.config;
    const indices = drawFrom(this.promptPool, cfg.promptBatch, this.promptRandom);
    const { images, questions } = promptTensors(this.init.data, indices);
    const steps = cfg.maxResponseTokens;
    const sampled = await this.actor.sample(images, questions, {
      maxTokens: steps,
      temperature: cfg.temperature,
      topP: cfg.topP,
      random: this.sampleRandom,
      decode: (ids) => this.init.codec.decode(ids),
      // The sampling steps' logits are the teacher-forced logits of the responses: no second actor pass.
      keepLogits: true,
    });
    const batch = indices.length;
    const tokens = tf.tensor2d(sampled.tokens, [batch, steps], 'int32');
    const mask = tf.tensor2d(sampled.mask, [batch, steps]);
    const sampledLogits = sampled.logits!;
    let refEncoding: tf.Tensor2D;
    try {
      [refEncoding] = await this.frozenEncodings.encode([this.reference.prompt], indices);
    } catch (error) {
      tf.dispose([sampledLogits, images, questions, tokens, mask]);
      throw error;
    }
    let computed: [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    try {
      computed = tf.tidy(() => {
        const current = logProbsAndEntropyOf(sampledLogits, tokens, cfg.temperature);
        const ref = this.reference.logProbsFromPrompt(refEncoding, tokens, cfg.temperature);
        // KL metric: mean over samples of Σ_t (logp_old − logp_ref)·m_t; entropy: mean per real token.
        const perSample = tf.sum(tf.mul(tf.sub(current.logProbs, ref), mask), 1);
        const tokenCount = tf.maximum(tf.sum(mask), 1);
        const entropy = tf.div(tf.sum(tf.mul(current.entropy, mask)), tokenCount);
        return [current.logProbs, ref, tf.stack([tf.mean(perSample), entropy, tf.div(tf.sum(perSample), tokenCount)])];
      }) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    } finally {
      sampledLogits.dispose();
      refEncoding.dispose();
    }
    const [logProbs, refLogProbs, stats] = computed;
    const [kl, entropy, klPerToken] = await stats.data();
    stats.dispose();
    const generated = sampled.lengths.reduce((sum, n) => sum + n, 0);
    const truncated = truncatedRows(sampled.tokens, sampled.lengths, steps);
    this.rollout = {
      iteration: this.iteration,
      batch,
      steps,
      indices,
      tokenIds: sampled.tokens,
      images,
      questions,
      tokens,
      mask,
      lengths: sampled.lengths,
      texts: sampled.texts,
      logProbs,
      refLogProbs,
      kl,
      klPerToken,
      entropy,
      generated,
      truncated,
      distinctOpenings: distinctOpeningShare(sampled.tokens, batch, steps, OPENING_TOKENS),
      ms: { rollout: performance.now() - start, scoring: 0, advantages: 0, update: 0 },
    };
  }

  /** Frozen reward and cost models score each response at its last real token; critics give V_r, V_c. */
  private async scorePhase(): Promise<{ halted?: string }> {
    const r = this.requireRollout();
    const start = performance.now();
    const [rewardEncoding, costEncoding] = await this.frozenEncodings.encode(
      [this.init.rewardModel.prompt, this.init.costModel.prompt],
      r.indices,
    );
    let scores: tf.Tensor1D;
    try {
      scores = tf.tidy(() =>
        tf.concat([
          sequenceScoresFromPrompt(this.init.rewardModel, rewardEncoding, r.tokens, r.mask),
          sequenceScoresFromPrompt(this.init.costModel, costEncoding, r.tokens, r.mask),
        ]),
      );
    } finally {
      tf.dispose([rewardEncoding, costEncoding]);
    }
    const rewardValues = criticValues(this.rewardCritic, r.images, r.questions, r.tokens);
    const costValues = this.costCritic ? criticValues(this.costCritic, r.images, r.questions, r.tokens) : null;
    const values = await scores.data();
    scores.dispose();
    r.rewardValues = rewardValues;
    r.costValues = costValues ?? undefined;
    // Responses cut at the length cap without an end token: −p on the reward, +p on the cost (docs/dynamics.md).
    r.rewards = truncationAdjusted(values.subarray(0, r.batch), r.truncated, -this.config.truncationPenalty);
    r.costs = truncationAdjusted(values.subarray(r.batch), r.truncated, this.config.truncationPenalty);
    r.ms.scoring = performance.now() - start;
    const bad = firstNonFinite({ reward: r.rewards, cost: r.costs });
    if (bad) return { halted: this.haltMessage(bad, r.iteration, false) };
    r.windowBefore = this.window.values();
    this.window.push(r.costs);
    return {};
  }

  /** KL-shaped per-token rewards and costs, then GAE on each stream (no whitening). */
  private async advantagesPhase(): Promise<{ halted?: string }> {
    const r = this.requireRollout();
    const start = performance.now();
    const cfg = this.config;
    const shaped = await shapeStreams({
      algorithm: cfg.algorithm,
      logProbs: r.logProbs,
      refLogProbs: r.refLogProbs,
      mask: r.mask,
      rewards: r.rewards!,
      costs: r.costs!,
      rewardValues: r.rewardValues!,
      costValues: r.costValues ?? null,
      klCoeff: cfg.klCoeff,
      clipRangeScore: cfg.clipRangeScore,
      shapingLambda: cfg.lambdaInit,
      gamma: cfg.gamma,
      gaeLambda: cfg.gaeLambda,
    });
    r.rewardAdvantages = shaped.rewardAdvantages;
    r.rewardReturns = shaped.rewardReturns;
    r.costAdvantages = shaped.costAdvantages ?? undefined;
    r.costReturns = shaped.costReturns ?? undefined;
    r.rewardWithKl = shaped.rewardWithKl;
    r.firstRow = shaped.firstRow;
    r.ms.advantages = performance.now() - start;
    if (shaped.nonFinite) return { halted: this.haltMessage(shaped.nonFinite, r.iteration, false) };
    return {};
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
    if (cfg.algorithm === 'ppo-lag' && lambdaUpdateDue(r.iteration, cfg.lambdaUpdateDelay)) {
      const next = stepLambda(cfg, this.logLambda, this.ruleState, this.window.mean());
      this.logLambda = next.logLambda;
      this.ruleState = next.state;
    }
    r.lambda = this.lambda;
    r.ms.advantages += performance.now() - start;
    if (!Number.isFinite(r.lambda) || Number.isNaN(this.logLambda)) {
      return { halted: this.haltMessage('λ', r.iteration, false) };
    }
    return {};
  }

  /**
   * `ppoEpochs` passes over `minibatches` parts: actor step, then each critic (own optimiser), all norm-clipped.
   * `shouldPause` is asked after each minibatch but the last: true keeps the progress in the rollout and returns
   * `paused`; the next call continues with the next minibatch (learning rates as set then).
   */
  private async updatePhase(shouldPause?: StepOptions['shouldPause']): Promise<{ row?: PpoMetricRow; halted?: string; paused?: true }> {
    const r = this.requireRollout();
    const start = performance.now();
    const cfg = this.config;
    setLearningRate(this.actorOptimizer, cfg.actorLr);
    setLearningRate(this.rewardCriticOptimizer, cfg.criticLr);
    if (this.costCriticOptimizer) setLearningRate(this.costCriticOptimizer, cfg.criticLr);
    const lambda = r.lambda!;
    const progress: UpdateProgress = r.update ?? {
      epoch: 0,
      part: 0,
      epochs: cfg.ppoEpochs,
      parts: Math.max(1, Math.min(cfg.minibatches, r.batch)),
      snapshot: this.snapshotWeights(),
      advantages: tf.tidy(() =>
        r.costAdvantages ? mixAdvantages(r.rewardAdvantages!, r.costAdvantages, lambda) : r.rewardAdvantages!.clone(),
      ),
      actorLosses: [],
      rewardCriticLosses: [],
      costCriticLosses: [],
      ms: 0,
    };
    r.update = progress; // held by the rollout while the phase runs, so a reset or failure frees it
    const { snapshot, advantages, parts, actorLosses, rewardCriticLosses, costCriticLosses } = progress;
    for (; progress.epoch < progress.epochs; progress.epoch++, progress.part = 0) {
      for (; progress.part < parts; progress.part++) {
        const part = progress.part;
        const from = Math.floor((part * r.batch) / parts);
        const size = Math.floor(((part + 1) * r.batch) / parts) - from;
        const rows = <T extends tf.Tensor>(x: T): T => x.slice(from, size) as T;
        const losses = tf.tidy(() => {
          const images = rows(r.images);
          const questions = rows(r.questions);
          const tokens = rows(r.tokens);
          const mask = rows(r.mask);
          const actor = clippedStep(this.actorOptimizer, this.actor.variables, () =>
            actorLoss({
              logProbs: this.actor.logProbs(images, questions, tokens, cfg.temperature),
              oldLogProbs: rows(r.logProbs),
              advantages: rows(advantages),
              mask,
              clipRatio: cfg.clipRatio,
            }), cfg.maxGradNorm);
          const rewardCritic = clippedStep(this.rewardCriticOptimizer, this.rewardCritic.variables, () =>
            criticLoss({
              values: criticValues(this.rewardCritic, images, questions, tokens),
              oldValues: rows(r.rewardValues!),
              returns: rows(r.rewardReturns!),
              mask,
              clipRangeValue: cfg.clipRangeValue,
            }), cfg.maxGradNorm);
          const costCritic = this.costCritic && this.costCriticOptimizer
            ? clippedStep(this.costCriticOptimizer, this.costCritic.variables, () =>
                criticLoss({
                  values: criticValues(this.costCritic!, images, questions, tokens),
                  oldValues: rows(r.costValues!),
                  returns: rows(r.costReturns!),
                  mask,
                  clipRangeValue: cfg.clipRangeValue,
                }), cfg.maxGradNorm)
            : null;
          return costCritic ? [actor, rewardCritic, costCritic] : [actor, rewardCritic];
        });
        actorLosses.push(losses[0]);
        rewardCriticLosses.push(losses[1]);
        if (losses[2]) costCriticLosses.push(losses[2]);
        const last = progress.epoch === progress.epochs - 1 && part === parts - 1;
        if (!last && shouldPause && (await shouldPause())) {
          progress.part++;
          progress.ms += performance.now() - start;
          return { paused: true };
        }
      }
    }
    r.update = undefined; // from here on this function frees the phase's tensors itself
    const stats = tf.tidy(() => {
      const logProbs = this.actor.logProbs(r.images, r.questions, r.tokens, cfg.temperature);
      const mean = (xs: tf.Scalar[]) => (xs.length ? tf.mean(tf.stack(xs)) : tf.scalar(NaN));
      return tf.stack([
        mean(actorLosses),
        mean(rewardCriticLosses),
        mean(costCriticLosses),
        clipFraction({ logProbs, oldLogProbs: r.logProbs, mask: r.mask, clipRatio: cfg.clipRatio }),
        approxKl({ logProbs, oldLogProbs: r.logProbs, mask: r.mask }),
      ]);
    });
    tf.dispose([advantages, ...actorLosses, ...rewardCriticLosses, ...costCriticLosses]);
    const [actorLossValue, rewardCriticLossValue, costCriticLossValue, clipFractionValue, approxKlValue] = await stats.data();
    stats.dispose();
    r.ms.update = progress.ms + performance.now() - start;
    const row = this.metricRow(r, {
      actorLoss: actorLossValue,
      rewardCriticLoss: rewardCriticLossValue,
      costCriticLoss: this.costCritic ? costCriticLossValue : NaN,
      clipFraction: clipFractionValue,
      approxKl: approxKlValue,
    });
    const bad = firstNonFinite(
      Object.fromEntries(
        (Object.keys(row) as (keyof PpoMetricRow)[])
          .filter((key) => key !== 'costCriticLoss' || this.costCritic)
          .map((key) => [key, [row[key]]]),
      ),
    );
    if (bad) {
      this.restoreWeights(snapshot);
      return { halted: this.haltMessage(bad, r.iteration, true) };
    }
    tf.dispose(Object.values(snapshot).flatMap((map) => (map ? Object.values(map) : [])));
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

  private snapshotWeights(): WeightSnapshot {
    const copy = (map: tf.NamedTensorMap) =>
      Object.fromEntries(Object.entries(map).map(([name, tensor]) => [name, tf.clone(tensor)]));
    return {
      actor: copy(this.actor.getWeights()),
      rewardCritic: copy(this.rewardCritic.getWeights()),
      costCritic: this.costCritic ? copy(this.costCritic.getWeights()) : null,
    };
  }

  /** Puts back the weights from before the update and λ/the window from before the iteration; fresh optimisers. */
  private restoreWeights(snapshot: ReturnType<PpoEngine['snapshotWeights']>): void {
    tf.tidy(() => {
      this.actor.setWeights(snapshot.actor);
      this.rewardCritic.setWeights(snapshot.rewardCritic);
      if (snapshot.costCritic && this.costCritic) this.costCritic.setWeights(snapshot.costCritic);
    });
    tf.dispose(Object.values(snapshot).flatMap((map) => (map ? Object.values(map) : [])));
    // Adam moments may hold the non-finite values; restart them with the restored weights.
    this.resetOptimizers();
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
    const r = this.rollout;
    if (!r) return;
    if (r.update) {
      const u = r.update;
      tf.dispose([u.advantages, ...u.actorLosses, ...u.rewardCriticLosses, ...u.costCriticLosses]);
      tf.dispose(Object.values(u.snapshot).flatMap((map) => (map ? Object.values(map) : [])));
    }
    tf.dispose([
      r.images, r.questions, r.tokens, r.mask, r.logProbs, r.refLogProbs,
      ...[r.rewardValues, r.costValues, r.rewardAdvantages, r.rewardReturns, r.costAdvantages, r.costReturns].filter(
        (t): t is tf.Tensor2D => t !== undefined,
      ),
    ]);
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

/** Openings this long count as the same when comparing responses (docs/dynamics.md: distinct 6-token openings). */
const OPENING_TOKENS = 6;

/** 1 for each row that used all `steps` tokens without ending on EOS. */
function truncatedRows(tokens: ArrayLike<number>, lengths: ArrayLike<number>, steps: number): Uint8Array {
  const out = new Uint8Array(lengths.length);
  for (let b = 0; b < lengths.length; b++) {
    out[b] = lengths[b] >= steps && tokens[b * steps + steps - 1] !== POLICY_EOS ? 1 : 0;
  }
  return out;
}

/** Distinct first-`n`-token openings over the batch, as a share of the responses (1 = all different). */
function distinctOpeningShare(tokens: ArrayLike<number>, batch: number, steps: number, n: number): number {
  const seen = new Set<string>();
  const width = Math.min(n, steps);
  for (let b = 0; b < batch; b++) {
    seen.add(Array.from({ length: width }, (_, t) => tokens[b * steps + t]).join(','));
  }
  return seen.size / Math.max(1, batch);
}

function meanOf(xs: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < xs.length; i++) total += xs[i];
  return total / Math.max(1, xs.length);
}

/** Name of the first quantity with a NaN or ±Infinity, or null. */
export function firstNonFinite(values: Record<string, ArrayLike<number>>): string | null {
  for (const [name, xs] of Object.entries(values)) {
    for (let i = 0; i < xs.length; i++) if (!Number.isFinite(xs[i])) return name;
  }
  return null;
}

