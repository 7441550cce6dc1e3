/**
 * Which playground setting becomes which align-anything key, with the unit conversions (docs/algorithm.md §4.7, §5, §7):
 *
 * - K = λ updates per rollout upstream = (per-device prompt batch ÷ per-device train batch) · update_iters, because
 *   align-anything runs one `rl_step`, and so one λ update, per micro-batch; the playground updates λ once per
 *   iteration. So the λ delay (in `global_step` = rl_step units upstream) is delay·K, and λ's learning rate is
 *   divided by K to move λ by about the same amount per rollout.
 * - Each rank keeps its own episode-cost window and J_C is averaged across ranks, so a playground window of W
 *   responses is W ÷ GPUs per rank.
 * - Prompts per iteration are split over the GPUs; the playground's minibatches become the per-device train batch.
 * Values that depend on the model's scale (learning rates, epochs, response length, score-model batch) keep
 * upstream's 7B values unless `scale: 'playground'` asks for the playground's toy-scale ones.
 */
import { PARAMS, PARAM_KEYS, type ExperimentConfig, type ParamKey } from '../../config/params';
import { LAMBDA_RULE_MODULES } from '../../rl/lambdaRules/registry';
import { algorithmModule } from '../../rl/algorithms/registry';

export type UpstreamFile = 'saferlhf' | 'rm' | 'cost_model';
export type ValueKind = 'int' | 'float' | 'bool' | 'str';
/** playground: the playground's value as it is; converted: computed from playground values (see `from`);
 *  upstream-scale: upstream's 7B-scale default kept on purpose; script: a path or dataset from upstream's scripts. */
export type Origin = 'playground' | 'converted' | 'upstream-scale' | 'script';

export interface Override {
  file: UpstreamFile;
  section: string;
  key: string;
  value: number | string | boolean;
  kind: ValueKind;
  origin: Origin;
  /** How the value was obtained, e.g. "promptBatch 32 ÷ 8 GPUs". */
  from: string;
  /** Written as a shell variable in the launch scripts (paths and datasets), as upstream's scripts do. */
  shellVariable?: string;
}

export interface ExportOptions {
  /** 'upstream' (default): 7B-scale learning rates, epochs, lengths, score batches; 'playground': the toy values. */
  scale?: 'upstream' | 'playground';
  /** GPUs the job runs on (deepspeed uses every visible GPU); sets the per-device batch sizes and the window. */
  gpus?: number;
}

/** BeaverTails-V config the upstream scripts train on (`TRAIN_NAME="animal_abuse"`), and its train pairs (docs/data.md §3). */
export const DEFAULT_TRAIN_NAME = 'animal_abuse';
export const DEFAULT_TRAIN_PROMPTS = 1578;

export interface Derived {
  gpus: number;
  /** per_device_prompt_batch_size */
  promptPerDevice: number;
  /** per_device_train_batch_size */
  trainPerDevice: number;
  /** λ updates (rl_steps) per rollout upstream. */
  lambdaStepsPerRollout: number;
  /** episode_cost_window_size per rank. */
  windowPerRank: number;
}

export function derive(config: ExperimentConfig, options: ExportOptions = {}): Derived {
  const gpus = Math.max(1, Math.floor(options.gpus ?? 8));
  const promptPerDevice = Math.ceil(config.promptBatch / gpus);
  const trainPerDevice = Math.ceil(promptPerDevice / Math.max(1, Math.min(config.minibatches, promptPerDevice)));
  const lambdaStepsPerRollout = Math.ceil(promptPerDevice / trainPerDevice) * config.ppoEpochs;
  const windowPerRank = Math.max(1, Math.round(config.episodeCostWindow / gpus));
  return { gpus, promptPerDevice, trainPerDevice, lambdaStepsPerRollout, windowPerRank };
}

/** Upstream's defaults for the scale-dependent keys (from the packaged YAMLs; tests check them against the text). */
export const UPSTREAM_SCALE = {
  actor_lr: 5e-7,
  critic_lr: 5e-7,
  epochs: 3,
  max_new_tokens: 512,
  score_learning_rate: 3e-5,
  score_epochs: 3,
} as const;

export function overrides(config: ExperimentConfig, options: ExportOptions = {}): Override[] {
  const d = derive(config, options);
  const toy = options.scale === 'playground';
  const K = d.lambdaStepsPerRollout;
  const list: Override[] = [];
  const add = (file: UpstreamFile, section: string, key: string, value: number | string | boolean, kind: ValueKind, origin: Origin, from: string, shellVariable?: string) =>
    list.push({ file, section, key, value, kind, origin, from, ...(shellVariable ? { shellVariable } : {}) });
  const play = (key: string, param: ParamKey, kind: ValueKind, file: UpstreamFile = 'saferlhf', section = 'train_cfgs') =>
    add(file, section, key, config[param] as number | string, kind, 'playground', `${param} ${String(config[param])}`);
  const scaled = (file: UpstreamFile, key: string, param: ParamKey, upstream: number, kind: ValueKind, toyValue?: number) =>
    toy
      ? add(file, 'train_cfgs', key, toyValue ?? (config[param] as number), kind, 'playground', `${param} ${String(config[param])} (toy-scale)`)
      : add(file, 'train_cfgs', key, upstream, kind, 'upstream-scale', `the playground's ${param} is ${String(config[param])} (toy-scale)`);

  // ---- saferlhf.yaml: train_cfgs ----
  const epochsFromIterations = Math.max(1, Math.round((config.iterations * config.promptBatch) / DEFAULT_TRAIN_PROMPTS));
  if (toy) {
    add('saferlhf', 'train_cfgs', 'epochs', epochsFromIterations, 'int', 'converted',
      `iterations ${config.iterations} × promptBatch ${config.promptBatch} ÷ ${DEFAULT_TRAIN_PROMPTS} ${DEFAULT_TRAIN_NAME} train prompts`);
  } else {
    add('saferlhf', 'train_cfgs', 'epochs', UPSTREAM_SCALE.epochs, 'int', 'upstream-scale',
      `the playground's ${config.iterations} iterations × ${config.promptBatch} prompts ≈ ${epochsFromIterations} epoch(s) of ${DEFAULT_TRAIN_NAME}`);
  }
  play('seed', 'seed', 'int');
  add('saferlhf', 'train_cfgs', 'per_device_prompt_batch_size', d.promptPerDevice, 'int', 'converted', `promptBatch ${config.promptBatch} ÷ ${d.gpus} GPU(s), rounded up`);
  add('saferlhf', 'train_cfgs', 'per_device_train_batch_size', d.trainPerDevice, 'int', 'converted',
    `per-device prompts ${d.promptPerDevice} ÷ minibatches ${config.minibatches}, rounded up`);
  scaled('saferlhf', 'actor_lr', 'actorLr', UPSTREAM_SCALE.actor_lr, 'float');
  add('saferlhf', 'train_cfgs', 'actor_lr_scheduler_type', 'constant', 'str', 'playground', 'the playground keeps the actor learning rate constant');
  add('saferlhf', 'train_cfgs', 'actor_lr_warmup_ratio', 0, 'float', 'playground', 'the playground has no warmup');
  scaled('saferlhf', 'critic_lr', 'criticLr', UPSTREAM_SCALE.critic_lr, 'float');
  add('saferlhf', 'train_cfgs', 'critic_lr_warmup_ratio', 0, 'float', 'playground', 'the playground has no warmup');
  add('saferlhf', 'train_cfgs', 'eval_strategy', 'steps', 'str', 'converted', `evaluate every evalEvery ${config.evalEvery} iterations`);
  add('saferlhf', 'train_cfgs', 'eval_interval', config.evalEvery * K, 'int', 'converted', `evalEvery ${config.evalEvery} × ${K} rl_step(s) per rollout`);
  play('kl_coeff', 'klCoeff', 'float');
  play('clip_range_ratio', 'clipRatio', 'float');
  play('clip_range_score', 'clipRangeScore', 'float');
  play('clip_range_value', 'clipRangeValue', 'float');
  add('saferlhf', 'train_cfgs', 'ptx_coeff', 0, 'float', 'playground', 'the playground has no PTX (pre-training mix) loss');
  play('gamma', 'gamma', 'float');
  play('gae_lambda', 'gaeLambda', 'float');
  play('lambda_init', 'lambdaInit', 'float');
  play('lambda_max', 'lambdaMax', 'float');
  if (K === 1) play('lambda_lr', 'lambdaLr', 'float');
  else add('saferlhf', 'train_cfgs', 'lambda_lr', config.lambdaLr / K, 'float', 'converted', `lambdaLr ${config.lambdaLr} ÷ ${K} λ updates per rollout`);
  if (K === 1) play('lambda_update_delay_steps', 'lambdaUpdateDelay', 'int');
  else add('saferlhf', 'train_cfgs', 'lambda_update_delay_steps', config.lambdaUpdateDelay * K, 'int', 'converted',
    `lambdaUpdateDelay ${config.lambdaUpdateDelay} iterations × ${K} rl_steps per rollout`);
  if (d.gpus === 1) play('episode_cost_window_size', 'episodeCostWindow', 'int');
  else add('saferlhf', 'train_cfgs', 'episode_cost_window_size', d.windowPerRank, 'int', 'converted',
    `episodeCostWindow ${config.episodeCostWindow} responses ÷ ${d.gpus} GPUs (one window per rank, averaged)`);
  play('update_iters', 'ppoEpochs', 'int');
  play('threshold', 'threshold', 'float');

  // ---- saferlhf.yaml: data, logger and model paths as upstream's saferlhf_v.sh sets them ----
  const script = (file: UpstreamFile, section: string, key: string, value: string, variable: string, scriptName: string) =>
    add(file, section, key, value, 'str', 'script', `scripts/safe_rlhf_v/${scriptName}`, variable);
  script('saferlhf', 'data_cfgs', 'train_datasets', 'PKU-Alignment/BeaverTails-V', 'TRAIN_DATASETS', 'saferlhf_v.sh');
  script('saferlhf', 'data_cfgs', 'train_template', 'SafeRLHF_V_Reward', 'TRAIN_TEMPLATE', 'saferlhf_v.sh');
  script('saferlhf', 'data_cfgs', 'train_name', DEFAULT_TRAIN_NAME, 'TRAIN_NAME', 'saferlhf_v.sh');
  play('train_split', 'promptSplit', 'str', 'saferlhf', 'data_cfgs');
  script('saferlhf', 'logger_cfgs', 'output_dir', '../outputs/saferlhf_v', 'OUTPUT_DIR', 'saferlhf_v.sh');
  add('saferlhf', 'logger_cfgs', 'save_interval', 1000, 'int', 'script', 'scripts/safe_rlhf_v/saferlhf_v.sh (a checkpoint every 1000 rl_steps)');
  script('saferlhf', 'model_cfgs', 'actor_model_name_or_path', 'llava-hf/llava-1.5-7b-hf', 'ACTOR_MODEL_NAME_OR_PATH', 'saferlhf_v.sh');
  script('saferlhf', 'model_cfgs', 'reward_model_name_or_path', '../outputs/llava_rm', 'REWARD_MODEL_NAME_OR_PATH', 'saferlhf_v.sh');
  script('saferlhf', 'model_cfgs', 'reward_critic_model_name_or_path', '../outputs/llava_rm', 'CRITIC_MODEL_NAME_OR_PATH', 'saferlhf_v.sh');
  script('saferlhf', 'model_cfgs', 'cost_model_name_or_path', '../outputs/llava_cm', 'COST_MODEL_NAME_OR_PATH', 'saferlhf_v.sh');
  if (toy) add('saferlhf', 'model_cfgs', 'max_new_tokens', config.maxResponseTokens, 'int', 'playground', `maxResponseTokens ${config.maxResponseTokens} (toy word tokens)`);
  else add('saferlhf', 'model_cfgs', 'max_new_tokens', UPSTREAM_SCALE.max_new_tokens, 'int', 'upstream-scale',
    `the playground's maxResponseTokens is ${config.maxResponseTokens} toy word tokens`);
  play('temperature', 'temperature', 'float', 'saferlhf', 'model_cfgs');
  play('top_p', 'topP', 'float', 'saferlhf', 'model_cfgs');

  // ---- reward and cost model training (rm.yaml, cost_model.yaml) ----
  for (const file of ['rm', 'cost_model'] as const) {
    const scriptName = file === 'rm' ? 'rm_v.sh' : 'cm_v.sh';
    const template = file === 'rm' ? 'SafeRLHF_V_Reward' : 'SafeRLHF_V_Cost';
    add(file, 'train_cfgs', 'seed', file === 'rm' ? config.seed : config.seed + 1, 'int', 'playground',
      file === 'rm' ? `seed ${config.seed}` : `seed ${config.seed} + 1 (the playground seeds the cost model so)`);
    scaled(file, 'epochs', 'scoreEpochs', UPSTREAM_SCALE.score_epochs, 'int');
    scaled(file, 'learning_rate', 'scoreLr', UPSTREAM_SCALE.score_learning_rate, 'float');
    if (toy) add(file, 'train_cfgs', 'per_device_train_batch_size', Math.ceil(config.scoreBatch / d.gpus), 'int', 'converted',
      `scoreBatch ${config.scoreBatch} ÷ ${d.gpus} GPU(s), rounded up (toy-scale)`);
    add(file, 'train_cfgs', 'lr_scheduler_type', 'constant', 'str', 'playground', 'the playground keeps the learning rate constant');
    add(file, 'train_cfgs', 'lr_warmup_ratio', 0, 'float', 'playground', 'the playground has no warmup');
    // These two set the score scale that gives the threshold its meaning (docs/algorithm.md §3, §5).
    play('regularization', 'scoreRegularization', 'float', file);
    if (file === 'cost_model') play('scale_coeff', 'costScaleCoeff', 'float', file);
    script(file, 'data_cfgs', 'train_datasets', 'PKU-Alignment/BeaverTails-V', 'TRAIN_DATASETS', scriptName);
    script(file, 'data_cfgs', 'train_template', template, 'TRAIN_TEMPLATE', scriptName);
    script(file, 'data_cfgs', 'train_name', DEFAULT_TRAIN_NAME, 'TRAIN_NAME', scriptName);
    script(file, 'data_cfgs', 'train_split', 'train', 'TRAIN_SPLIT', scriptName);
    script(file, 'data_cfgs', 'eval_datasets', 'PKU-Alignment/BeaverTails-V', 'EVAL_DATASETS', scriptName);
    script(file, 'data_cfgs', 'eval_template', template, 'EVAL_TEMPLATE', scriptName);
    script(file, 'data_cfgs', 'eval_name', 'dangerous_behavior', 'EVAL_NAME', scriptName);
    script(file, 'data_cfgs', 'eval_split', 'evaluation', 'EVAL_SPLIT', scriptName);
    script(file, 'logger_cfgs', 'output_dir', file === 'rm' ? '../outputs/llava_rm' : '../outputs/llava_cm', 'OUTPUT_DIR', scriptName);
    script(file, 'model_cfgs', 'model_name_or_path', 'llava-hf/llava-1.5-7b-hf', 'MODEL_NAME_OR_PATH', scriptName);
  }
  return list;
}

/** Where every playground setting goes (or why it has none): one line per PARAMS key, for NOTES.md. */
export function counterparts(config: ExperimentConfig, options: ExportOptions = {}): Record<ParamKey, string> {
  const lines = { ...ruleSettingCounterparts(), ...generalCounterparts(config, options) };
  // A setting added without a line here or in its λ rule module is a programming error: name it.
  const missing = PARAM_KEYS.filter((key) => lines[key] === undefined);
  if (missing.length > 0) throw new Error(`align-anything mapping: no line for ${missing.join(', ')}`);
  return lines as Record<ParamKey, string>;
}

/** The lines of every setting except those a λ rule module owns. */
function generalCounterparts(config: ExperimentConfig, options: ExportOptions): Partial<Record<ParamKey, string>> {
  const d = derive(config, options);
  const K = d.lambdaStepsPerRollout;
  const toy = options.scale === 'playground';
  const scaleNote = (what: string) =>
    toy ? `${what} written with the playground's toy-scale value` : `${what} keeps upstream's 7B-scale value (export with the playground scale to write this one)`;
  return {
    algorithm: algorithmModule(config.algorithm).alignAnything.counterpart,
    seed: 'train_cfgs.seed (rm: seed, cost model: seed + 1).',
    seeds: config.seeds > 1
      ? `no counterpart in one job: a group of ${config.seeds} seeds is ${config.seeds} jobs, train_cfgs.seed ${config.seed} to ${config.seed + config.seeds - 1}; these scripts are the first.`
      : 'no counterpart: one seed is one job.',
    promptSplit: 'data_cfgs.train_split.',
    promptBatch: `train_cfgs.per_device_prompt_batch_size = ceil(${config.promptBatch} ÷ ${d.gpus} GPUs) = ${d.promptPerDevice}` +
      (d.promptPerDevice * d.gpus !== config.promptBatch ? ` (so ${d.promptPerDevice * d.gpus} prompts per rollout, not ${config.promptBatch})` : '') + '.',
    evalPrompts: 'no counterpart: upstream evaluates on eval_datasets (whole split) when they are given; launch.sh passes none.',
    evalEvery: `train_cfgs.eval_strategy steps, eval_interval = ${config.evalEvery} × ${K} = ${config.evalEvery * K} rl_steps (only used with eval_datasets).`,
    iterations: `no direct counterpart: upstream runs train_cfgs.epochs passes over the prompts; ${config.iterations} iterations × ${config.promptBatch} prompts ≈ ${Math.max(1, Math.round((config.iterations * config.promptBatch) / DEFAULT_TRAIN_PROMPTS))} epoch(s) of ${DEFAULT_TRAIN_NAME} (${DEFAULT_TRAIN_PROMPTS} train prompts).`,
    maxResponseTokens: `${scaleNote('model_cfgs.max_new_tokens')}; the playground counts words of its toy vocabulary, a LLaVA tokenizer needs more tokens per word.`,
    temperature: 'model_cfgs.temperature.',
    topP: 'model_cfgs.top_p.',
    sftSource: 'no counterpart here: the actor starts from an SFT model (actor_model_name_or_path); train one with the sft trainer on the responses you want imitated.',
    sftEpochs: 'no counterpart here (SFT is a separate sft.yaml run).',
    sftLr: 'no counterpart here (SFT is a separate sft.yaml run).',
    actorLr: `${scaleNote('train_cfgs.actor_lr')}; schedule constant with no warmup as in the playground.`,
    ppoEpochs: 'train_cfgs.update_iters.',
    minibatches: `train_cfgs.per_device_train_batch_size = ceil(${d.promptPerDevice} ÷ ${config.minibatches}) = ${d.trainPerDevice}; upstream runs one rl_step (and one λ update) per micro-batch.`,
    clipRatio: 'train_cfgs.clip_range_ratio.',
    klCoeff: 'train_cfgs.kl_coeff.',
    clipRangeScore: 'train_cfgs.clip_range_score.',
    gamma: 'train_cfgs.gamma.',
    gaeLambda: 'train_cfgs.gae_lambda.',
    truncationPenalty:
      config.truncationPenalty === 0
        ? 'no counterpart, and off here too (0).'
        : `no counterpart: upstream scores truncated responses like finished ones; the playground takes ${config.truncationPenalty} off R and adds it to C for a response with no end token. Upstream, rely on max_new_tokens long enough for answers to end.`,
    maxGradNorm:
      config.maxGradNorm === 1
        ? 'DeepSpeed gradient_clipping in configs/deepspeed/ds_z3_config.json (1.0, the same); not a YAML key.'
        : `DeepSpeed gradient_clipping (not a YAML key): set "gradient_clipping": ${config.maxGradNorm} in a copy of configs/deepspeed/ds_z3_config.json and point ZERO_STAGE_FILE (or train_cfgs.ds_cfgs) at it; upstream uses 1.0.`,
    criticLr: `${scaleNote('train_cfgs.critic_lr')}; schedule constant with no warmup as in the playground.`,
    clipRangeValue: 'train_cfgs.clip_range_value.',
    threshold: 'train_cfgs.threshold (the cost limit: E[C] ≤ threshold = −d); its meaning depends on the cost scale, so train the cost model with the regularization and scale_coeff below.',
    lambdaInit: 'train_cfgs.lambda_init.',
    lambdaLr: K === 1 ? 'train_cfgs.lambda_lr.' : `train_cfgs.lambda_lr = ${config.lambdaLr} ÷ ${K} (upstream updates λ ${K} times per rollout, once per rl_step).`,
    lambdaMax: 'train_cfgs.lambda_max.',
    // Each rule module says where it goes upstream, and where the settings only it reads go.
    lambdaRule: LAMBDA_RULE_MODULES[config.lambdaRule].alignAnything.rule,
    lambdaUpdateDelay: `train_cfgs.lambda_update_delay_steps = ${config.lambdaUpdateDelay} iterations × ${K} rl_steps per rollout = ${config.lambdaUpdateDelay * K} (upstream counts global_step, i.e. rl_steps).`,
    episodeCostWindow: d.gpus === 1 ? 'train_cfgs.episode_cost_window_size.' : `train_cfgs.episode_cost_window_size = ${config.episodeCostWindow} ÷ ${d.gpus} GPUs = ${d.windowPerRank} per rank (each rank keeps its own window; J_C is their average).`,
    hiddenSize: 'no counterpart: upstream fine-tunes a pretrained 7B VLM (llava-1.5-7b-hf).',
    embedSize: 'no counterpart: the VLM has its own embeddings.',
    imageSize: "no counterpart: the VLM's processor sizes images (336 px for LLaVA-1.5).",
    cnnChannels: 'no counterpart: the VLM has its own vision tower (frozen by default: freeze_vision_tower True).',
    maxQuestionTokens: 'no counterpart: prompt and response share model_cfgs.model_max_length (8192).',
    scoreLr: scaleNote('learning_rate of the reward- and cost-model runs'),
    scoreEpochs: scaleNote('epochs of the reward- and cost-model runs'),
    scoreBatch: toy ? 'per_device_train_batch_size of the reward- and cost-model runs (toy-scale, split over the GPUs).' : 'per_device_train_batch_size of the reward- and cost-model runs keeps upstream (rm 1, cost model 4 per device).',
    scoreRegularization: 'regularization of the reward- and cost-model runs (always exported: it sets the score scale the threshold is measured in).',
    costSignMode:
      config.costSignMode === 'graded'
        ? "the SafeRLHF_V_Cost data template (sign target −harmless_rate), which the cost-model run uses."
        : 'no counterpart: align-anything\'s SafeRLHF_V_Cost template uses graded targets (−harmless_rate); the binary ±1 targets need a custom template.',
    costScaleCoeff: 'scale_coeff of the cost-model run (always exported: it sets the cost scale the threshold is measured in).',
  };
}

/** The align-anything notes of the settings only a λ rule reads (e.g. the PID gains), from the rule modules. */
function ruleSettingCounterparts(): Partial<Record<ParamKey, string>> {
  const notes: Partial<Record<ParamKey, string>> = {};
  for (const rule of Object.values(LAMBDA_RULE_MODULES)) Object.assign(notes, rule.alignAnything.settings);
  return notes;
}

/** Playground settings that have no key upstream (for the UI's summary and the tests). */
export function withoutCounterpart(config: ExperimentConfig, options: ExportOptions = {}): ParamKey[] {
  const lines = counterparts(config, options);
  return (Object.keys(PARAMS) as ParamKey[]).filter((key) => lines[key].startsWith('no ') || lines[key].startsWith('NOT '));
}
