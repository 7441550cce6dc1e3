/**
 * The one table of experiment settings. Everything else derives from it: the zod schema (schema.ts), the URL
 * codec's short keys (src/state/link.ts), the hyperparameter panel (grouping, ranges, help text, formula) and
 * which settings apply live (next iteration) versus which need a reset.
 *
 * Defaults (the start-up config) are the "Safe RLHF-V defaults" preset scaled for the playground's small models
 * (docs/algorithm.md §7) with the λ lr, λ_max, delay and window upstream's, except four things measured on
 * the bundled sample (docs/dynamics.md): λ moves by the PID Lagrangian as a gentle PI controller (K_p 0.5, K_i 0.01,
 * K_d 0) from λ₀ = 0.2 (upstream's rule from λ₀ = 10 collapses to λ ≈ 0 and cannot come back; stronger gains
 * overshoot into a safe mode the policy leaves only slowly), β = 0.2 instead of 0.02 (the pull to the SFT policy
 * keeps the cost responsive to λ in both directions, so J_C settles at the limit instead of cycling), a truncation
 * penalty of 2, and the cost limit START_UP_COST_LIMIT below the SFT policy's own cost (upstream's −0.5 is looser
 * than it here). The preset keeps the upstream rule and numbers exactly. Learning rates are raised because the
 * models are tiny.
 */

/**
 * The start-up cost limit: below the SFT policy's own cost on the bundled sample (J_SFT ≈ −1.1 by the feasibility
 * pilot, −0.9…−1.5 held out by seed) and well above the cheapest answers it gives (≈ −3.2), so the constraint binds
 * from the start and the policy ends more helpful AND safer than SFT, the paper's headline (docs/dynamics.md). The
 * earlier −0.5 was looser than J_SFT: the policy bought reward with harm (safe rate 77% → 60%).
 */
export const START_UP_COST_LIMIT = -1.75;

/**
 * The fixed-λ grid of the true frontier (Runs' "Run the frontier", the runner's --frontier): reward shaping with
 * R − λ·C at each λ traces the reachable reward-vs-cost curve that the λ rules' runs are read against.
 */
export const FRONTIER_LAMBDAS: readonly number[] = [0, 0.25, 0.5, 1, 2, 4];

export const ALGORITHMS = ['ppo-lag', 'ppo', 'reward-shaping'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export const SFT_SOURCES = ['all', 'helpful', 'safer'] as const;
export const COST_SIGN_MODES = ['binary', 'graded'] as const;
export const PROMPT_SPLITS = ['train', 'evaluation'] as const;
/** How λ follows the constraint: one module per rule in src/rl/lambdaRules/ (registry.ts lists them; docs/rules.md). */
export const LAMBDA_RULES = ['upstream', 'additive', 'pid'] as const;
export type LambdaRule = (typeof LAMBDA_RULES)[number];
/**
 * PID integral handling while λ is clipped: off = the faithful rule; hold = conditional integration; back =
 * back-calculation (src/rl/lambdaRules/pid.ts).
 */
export const PID_ANTI_WINDUP = ['off', 'hold', 'back'] as const;
export type PidAntiWindup = (typeof PID_ANTI_WINDUP)[number];

export type ParamGroup = 'data' | 'policy' | 'ppo' | 'critics' | 'lagrangian' | 'models' | 'scoreTraining';

export const PARAM_GROUPS: Record<ParamGroup, string> = {
  data: 'Data & prompts',
  policy: 'Policy & sampling',
  ppo: 'PPO',
  critics: 'Critics',
  lagrangian: 'Lagrangian',
  models: 'Models',
  scoreTraining: 'Reward, cost & guard training',
};

interface BaseParam {
  /** Short key used in shareable links; never change one once released (old links must keep working). */
  short: string;
  group: ParamGroup;
  label: string;
  /** One line: what it does. */
  help: string;
  /** The formula it enters, plain text. */
  formula?: string;
  /** true: takes effect at the next iteration; false: needs a reset (rebuilds models or data). */
  live: boolean;
}
export interface NumberParam extends BaseParam {
  kind: 'number' | 'int';
  default: number;
  min: number;
  max: number;
  step?: number;
  /** Render as a log-scale slider (learning rates). */
  log?: boolean;
}
export interface EnumParam extends BaseParam {
  kind: 'enum';
  default: string;
  options: readonly string[];
}
export interface BoolParam extends BaseParam {
  kind: 'bool';
  default: boolean;
}
export type ParamSpec = NumberParam | EnumParam | BoolParam;

export const PARAMS = {
  // ---- algorithm & data --------------------------------------------------------------------------------------
  algorithm: {
    kind: 'enum', short: 'alg', group: 'ppo', default: 'ppo-lag', options: ALGORITHMS, live: false,
    label: 'Algorithm',
    help: 'ppo-lag: constrained PPO with a learned λ; ppo: reward only; reward-shaping: fixed λ, score R − λ·C.',
    formula: 'max_θ E[R] s.t. E[C] ≤ threshold',
  },
  seed: {
    kind: 'int', short: 'seed', group: 'data', default: 42, min: 0, max: 2 ** 31 - 1, live: false,
    label: 'Run seed', help: 'Drives every random choice: splits, shuffles, initial weights, sampling.',
  },
  seeds: {
    kind: 'int', short: 'seeds', group: 'data', default: 1, min: 1, max: 8, live: false,
    label: 'Seeds per run',
    help: 'K > 1 runs a seed group: the same settings with seeds s, s+1, …, s+K−1; charts show the mean with a band, Compare says whether a difference is larger than the seed spread.',
  },
  promptSplit: {
    kind: 'enum', short: 'split', group: 'data', default: 'train', options: PROMPT_SPLITS, live: false,
    label: 'Prompt split', help: 'Which split the PPO prompts are drawn from; evaluation always uses held-out prompts.',
  },
  promptBatch: {
    kind: 'int', short: 'pb', group: 'data', default: 32, min: 1, max: 256, live: true,
    label: 'Prompts per iteration', help: 'Prompts sampled (one response each) per rollout.',
  },
  evalPrompts: {
    kind: 'int', short: 'ep', group: 'data', default: 64, min: 4, max: 512, live: false,
    label: 'Evaluation prompts', help: 'Held-out prompts used for the helpfulness/safety comparison with the SFT policy.',
  },
  evalEvery: {
    kind: 'int', short: 'ee', group: 'data', default: 10, min: 1, max: 1000, live: true,
    label: 'Evaluate every', help: 'Iterations between evaluations against the SFT policy.',
  },
  iterations: {
    kind: 'int', short: 'it', group: 'data', default: 200, min: 1, max: 100_000, live: true,
    label: 'Iterations', help: 'The run stops after this many PPO iterations.',
  },
  // ---- policy & sampling -------------------------------------------------------------------------------------
  maxResponseTokens: {
    kind: 'int', short: 'len', group: 'policy', default: 24, min: 4, max: 64, live: false,
    label: 'Max response tokens', help: 'Generation stops at the end token or at this length.',
  },
  temperature: {
    kind: 'number', short: 'temp', group: 'policy', default: 1, min: 0.05, max: 3, step: 0.05, live: true,
    label: 'Temperature', help: 'Sampling temperature (upstream 1.0).', formula: 'p ∝ exp(logit / T)',
  },
  topP: {
    kind: 'number', short: 'topp', group: 'policy', default: 1, min: 0.05, max: 1, step: 0.05, live: true,
    label: 'Top-p', help: 'Nucleus sampling mass (upstream 1.0 = off).',
  },
  sftSource: {
    kind: 'enum', short: 'sft', group: 'policy', default: 'all', options: SFT_SOURCES, live: false,
    label: 'SFT targets', help: 'Which dataset responses the SFT policy imitates: all, the more helpful, or the safer.',
  },
  sftEpochs: {
    kind: 'int', short: 'sfte', group: 'policy', default: 8, min: 1, max: 100, live: false,
    label: 'SFT epochs', help: 'Passes over the SFT targets before PPO starts (when not using shipped weights).',
  },
  sftLr: {
    kind: 'number', short: 'sftlr', group: 'policy', default: 3e-3, min: 1e-5, max: 1e-1, log: true, live: false,
    label: 'SFT learning rate', help: 'Adam learning rate for supervised fine-tuning.',
  },
  // ---- PPO ---------------------------------------------------------------------------------------------------
  actorLr: {
    kind: 'number', short: 'alr', group: 'ppo', default: 1e-3, min: 1e-6, max: 1e-1, log: true, live: true,
    label: 'Actor learning rate', help: 'Adam (β 0.9, 0.95) step size for the policy (upstream 5e-7 at 7B scale).',
  },
  ppoEpochs: {
    kind: 'int', short: 'pe', group: 'ppo', default: 1, min: 1, max: 10, live: true,
    label: 'PPO epochs', help: 'Passes over each rollout (upstream update_iters = 1).',
  },
  minibatches: {
    kind: 'int', short: 'mb', group: 'ppo', default: 1, min: 1, max: 16, live: true,
    label: 'Minibatches', help: 'Gradient steps per PPO epoch; the rollout is split into this many parts.',
  },
  clipRatio: {
    kind: 'number', short: 'clip', group: 'ppo', default: 0.2, min: 0.01, max: 1, step: 0.01, live: true,
    label: 'Clip ratio ε', help: 'PPO trust region on the probability ratio.',
    formula: 'L = −mean(min(ρA, clip(ρ, 1−ε, 1+ε)A))',
  },
  klCoeff: {
    kind: 'number', short: 'kl', group: 'ppo', default: 0.2, min: 0, max: 1, step: 0.001, live: true,
    label: 'KL coefficient β', help: 'Per-token penalty for drifting from the reference (SFT) policy.',
    formula: 'r_t = −β·kl_t + [t=end]·R,  c_t = +β·kl_t + [t=end]·C',
  },
  clipRangeScore: {
    kind: 'number', short: 'cs', group: 'ppo', default: 50, min: 0.1, max: 1000, live: true,
    label: 'Score clip', help: 'Shaped per-token rewards and costs are clamped to ±this.', formula: 'clamp(r_t, ±clip)',
  },
  gamma: {
    kind: 'number', short: 'g', group: 'ppo', default: 1, min: 0, max: 1, step: 0.01, live: true,
    label: 'Discount γ', help: 'GAE discount (upstream 1.0).', formula: 'δ_t = r_t + γV_{t+1} − V_t',
  },
  gaeLambda: {
    kind: 'number', short: 'gl', group: 'ppo', default: 0.95, min: 0, max: 1, step: 0.01, live: true,
    label: 'GAE λ', help: 'Bias–variance trade-off of advantages (upstream 0.95).', formula: 'A_t = δ_t + γλ_GAE·A_{t+1}',
  },
  truncationPenalty: {
    kind: 'number', short: 'trunc', group: 'ppo', default: 2, min: 0, max: 20, step: 0.1, live: true,
    label: 'Truncation penalty',
    help: 'A response that reaches the length cap without an end token gets this much less reward and this much more cost (0 = off; the score models never saw such responses).',
    formula: 'R ← R − p·[no end token],  C ← C + p·[no end token]',
  },
  maxGradNorm: {
    kind: 'number', short: 'gn', group: 'ppo', default: 1, min: 0.01, max: 100, live: true,
    label: 'Gradient clip', help: 'Global gradient-norm clipping for actor and critics (upstream 1.0).',
  },
  // ---- critics -----------------------------------------------------------------------------------------------
  criticLr: {
    kind: 'number', short: 'clr', group: 'critics', default: 1e-3, min: 1e-6, max: 1e-1, log: true, live: true,
    label: 'Critic learning rate', help: 'Adam step size for both critics (each has its own optimiser).',
  },
  clipRangeValue: {
    kind: 'number', short: 'cv', group: 'critics', default: 5, min: 0.01, max: 100, live: true,
    label: 'Value clip ε_v', help: 'New values may move at most this far from the rollout values.',
    formula: 'L_V = ½·mean(max((V−G)², (clip(V, V_old±ε_v)−G)²))',
  },
  // ---- Lagrangian --------------------------------------------------------------------------------------------
  threshold: {
    kind: 'number', short: 'thr', group: 'lagrangian', default: START_UP_COST_LIMIT, min: -20, max: 20, step: 0.05, live: true,
    label: 'Cost limit (threshold = −d)',
    help: 'The constraint E[C] ≤ threshold; cost > 0 means unsafe. Start-up −1.75: below the SFT policy\'s own cost on the sample (about −1.1), so the constraint binds from the start and the policy ends more helpful and safer than SFT; a limit above the SFT cost lets PPO buy reward with harm, one below the safest answers (about −3.2) cannot be met.',
    formula: 'E[C] ≤ threshold;  λ moves with e = J_C − threshold (rule below)',
  },
  lambdaRule: {
    kind: 'enum', short: 'rule', group: 'lagrangian', default: 'pid', options: LAMBDA_RULES, live: true,
    label: 'λ update rule',
    help: 'upstream: Safe RLHF\'s step on log λ (∝ λ, slow to come back from 0); additive: gradient ascent on λ itself; pid: PID Lagrangian (Stooke et al. 2020), damped.',
    formula: 'upstream: log λ ← log λ + lr·λ·e;  additive: λ ← clip(λ + lr·e, 0, λ_max);  pid: λ ← clip(K_p·P + I + K_d·D, 0, λ_max),  e = J_C − threshold',
  },
  lambdaInit: {
    kind: 'number', short: 'li', group: 'lagrangian', default: 0.2, min: 0, max: 100, step: 0.1, live: false,
    label: 'λ initial', help: 'Starting multiplier (fixed λ for reward shaping).', formula: 'A = (A_r − λ·A_c)/(1+λ)',
  },
  lambdaLr: {
    kind: 'number', short: 'llr', group: 'lagrangian', default: 0.1, min: 0, max: 10, step: 0.01, live: true,
    label: 'λ learning rate',
    help: 'upstream rule: SGD step on log λ, proportional to λ itself; additive rule: step on λ itself, pure integral control that tends to cycle around the limit (the dynamics report uses 0.02). Unused by pid (K_i).',
    formula: 'upstream: log λ ← log λ + lr·λ·(J_C − threshold);  additive: λ ← λ + lr·(J_C − threshold)',
  },
  lambdaMax: {
    kind: 'number', short: 'lm', group: 'lagrangian', default: 20, min: 0.01, max: 1000, live: true,
    label: 'λ max', help: 'Upper cap on λ (λ never goes below 0).',
    formula: 'λ ← min(λ, λ_max)',
  },
  pidKp: {
    kind: 'number', short: 'kp', group: 'lagrangian', default: 0.5, min: 0, max: 100, step: 0.05, live: true,
    label: 'PID K_p', help: 'pid rule: proportional gain on the smoothed violation P (reacts now, no memory).',
    formula: 'P ← α_p·P + (1−α_p)·(J_C − threshold)',
  },
  pidKi: {
    kind: 'number', short: 'ki', group: 'lagrangian', default: 0.01, min: 0, max: 10, step: 0.005, live: true,
    label: 'PID K_i', help: 'pid rule: integral gain (alone it is the additive rule); I starts at λ initial.',
    formula: 'I ← max(0, I + K_i·(J_C − threshold))',
  },
  pidKd: {
    kind: 'number', short: 'kd', group: 'lagrangian', default: 0, min: 0, max: 100, step: 0.05, live: true,
    label: 'PID K_d', help: 'pid rule: derivative gain, raises λ while the smoothed cost D_c is rising.',
    formula: 'D = max(0, D_c − D_c[k − delay]),  D_c ← α_d·D_c + (1−α_d)·J_C',
  },
  pidAlphaP: {
    kind: 'number', short: 'pap', group: 'lagrangian', default: 0.5, min: 0, max: 0.999, step: 0.01, live: true,
    label: 'PID α_p', help: 'pid rule: smoothing of the proportional term (0 = none).',
    formula: 'P ← α_p·P + (1−α_p)·e',
  },
  pidAlphaD: {
    kind: 'number', short: 'pad', group: 'lagrangian', default: 0.5, min: 0, max: 0.999, step: 0.01, live: true,
    label: 'PID α_d', help: 'pid rule: smoothing of the cost used by the derivative term (0 = none).',
    formula: 'D_c ← α_d·D_c + (1−α_d)·J_C',
  },
  pidDelay: {
    kind: 'int', short: 'pdd', group: 'lagrangian', default: 5, min: 1, max: 1000, live: true,
    label: 'PID derivative delay', help: 'pid rule: the derivative compares D_c with its value this many iterations ago.',
    formula: 'D = max(0, D_c − D_c[k − delay])',
  },
  pidAntiWindup: {
    kind: 'enum', short: 'paw', group: 'lagrangian', default: 'off', options: PID_ANTI_WINDUP, live: true,
    label: 'PID anti-windup',
    help: 'pid rule. off: the faithful rule (Stooke et al.); hold: conditional integration, I is held while λ is clipped at 0 (or λ_max) and the error pushes further past the clip, so a loosened limit does not drain it; back: back-calculation, I also takes the clip\'s correction clip(u) − u, so λ rises as soon as J_C climbs again.',
    formula: 'u = K_p·P + I + K_d·D;  hold: I ← I if (u ≤ 0 and e < 0) or (u ≥ λ_max and e > 0), else max(0, I + K_i·e);  back: I ← max(0, I + K_i·e + clip(u, 0, λ_max) − u)',
  },
  lambdaUpdateDelay: {
    kind: 'int', short: 'ld', group: 'lagrangian', default: 1, min: 0, max: 10_000, live: true,
    label: 'λ update delay', help: 'Iterations before λ starts to move.',
  },
  episodeCostWindow: {
    kind: 'int', short: 'w', group: 'lagrangian', default: 128, min: 1, max: 10_000, live: true,
    label: 'Episode-cost window', help: 'J_C is the mean raw cost C of the last this-many responses.',
    formula: 'J_C = mean(C over window)',
  },
  // ---- model sizes -------------------------------------------------------------------------------------------
  hiddenSize: {
    kind: 'int', short: 'h', group: 'models', default: 64, min: 8, max: 512, live: false,
    label: 'Hidden size', help: 'GRU state and fused prompt encoding width, shared by all networks.',
  },
  embedSize: {
    kind: 'int', short: 'e', group: 'models', default: 32, min: 4, max: 256, live: false,
    label: 'Embedding size', help: 'Token embedding width.',
  },
  imageSize: {
    kind: 'int', short: 'img', group: 'models', default: 16, min: 8, max: 64, live: false,
    label: 'Image size', help: 'Images are resized to this many pixels square before the CNN.',
  },
  cnnChannels: {
    kind: 'int', short: 'cnn', group: 'models', default: 8, min: 2, max: 64, live: false,
    label: 'CNN channels', help: 'Channels of the first convolution (the second has twice as many).',
  },
  maxQuestionTokens: {
    kind: 'int', short: 'qlen', group: 'models', default: 16, min: 4, max: 64, live: false,
    label: 'Max question tokens', help: 'Questions are truncated or padded to this length.',
  },
  // ---- reward / cost / guard training ------------------------------------------------------------------------
  scoreLr: {
    kind: 'number', short: 'slr', group: 'scoreTraining', default: 3e-3, min: 1e-5, max: 1e-1, log: true, live: false,
    label: 'Reward/cost learning rate', help: 'Adam step size for the reward, cost and guard models.',
  },
  scoreEpochs: {
    kind: 'int', short: 'sep', group: 'scoreTraining', default: 6, min: 1, max: 100, live: false,
    label: 'Reward/cost epochs', help: 'Passes over the training pairs.',
  },
  scoreBatch: {
    kind: 'int', short: 'sb', group: 'scoreTraining', default: 32, min: 1, max: 512, live: false,
    label: 'Reward/cost batch', help: 'Pairs per gradient step.',
  },
  scoreRegularization: {
    kind: 'number', short: 'reg', group: 'scoreTraining', default: 0.03, min: 0, max: 1, live: false,
    label: 'Score L2 regularisation',
    // 0.03, not upstream's 0.001: at toy scale 0.001 lets safe answers reach costs near −7, so J_C sits far below
    // the −0.5 limit and λ collapses before the reward pushes the policy toward harmful answers.
    help: 'Keeps end scores near 0 (upstream 0.001; 0.03 here keeps the toy cost scale comparable to the −0.5 limit).',
    formula: 'L += reg·mean(score²)',
  },
  costSignMode: {
    kind: 'enum', short: 'csm', group: 'scoreTraining', default: 'graded', options: COST_SIGN_MODES, live: false,
    label: 'Cost sign targets', help: 'binary: s = ±1 from is_safe (Safe RLHF); graded: s = −harmless_rate (Safe RLHF-V).',
    formula: 'L_C += −log σ(s·c)',
  },
  costScaleCoeff: {
    kind: 'number', short: 'csc', group: 'scoreTraining', default: 0.5, min: 0, max: 10, live: false,
    label: 'Cost classification weight k',
    // 0.5, not upstream's 1: the graded sign targets (up to ±3) otherwise spread safe and harmful costs so far apart
    // that the SFT policy starts well inside the limit; 0.5 keeps sign accuracy ≈ 90% with SFT's J_C near −0.5.
    help: 'Weight of the sign (classification) terms of the cost loss (upstream 1; 0.5 here for the toy cost scale).',
  },
} as const satisfies Record<string, ParamSpec>;

export type ParamKey = keyof typeof PARAMS;
export const PARAM_KEYS = Object.keys(PARAMS) as ParamKey[];

type ValueOf<P> = P extends { kind: 'enum'; options: readonly (infer O)[] }
  ? O
  : P extends { kind: 'bool' }
    ? boolean
    : number;

/** The whole experiment config: flat, one field per PARAMS entry, plus the data source. */
export type ExperimentConfig = { [K in ParamKey]: ValueOf<(typeof PARAMS)[K]> } & {
  /** '' = the bundled sample; otherwise Parquet/JSON URLs the user loaded. */
  dataUrls: string[];
};

export function defaultConfig(): ExperimentConfig {
  const config = { dataUrls: [] as string[] } as Record<string, unknown>;
  for (const key of PARAM_KEYS) config[key] = PARAMS[key].default;
  return config as ExperimentConfig;
}

export function isLiveParam(key: ParamKey): boolean {
  return PARAMS[key].live;
}
