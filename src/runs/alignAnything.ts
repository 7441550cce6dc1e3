/**
 * Scale-out export: the current config as overrides for PKU-Alignment/align-anything's Safe RLHF-V trainer
 * (text_image_to_text, `align_anything/configs/train/text_image_to_text/saferlhf.yaml`, ALGORITHM.md §7). Only keys
 * with a real counterpart are written, under the same sections as upstream (`train_cfgs:`, `model_cfgs:`); every
 * other upstream key (DeepSpeed file, batch sizes, data and model paths) keeps its upstream value.
 *
 * Learning rates: the playground's are toy-scale (tiny GRU models). By default the export writes upstream's 7B-scale
 * values and notes the playground's in a comment; `learningRates: 'playground'` writes the playground's instead.
 */
import type { ExperimentConfig } from '../config/params';
import { APP_VERSION } from './versions';

/** align-anything saferlhf.yaml values for keys the playground cannot set meaningfully (ALGORITHM.md §7). */
export const UPSTREAM_SAFERLHF_V = { actor_lr: 5e-7, critic_lr: 5e-7, epochs: 3 } as const;

export interface AlignAnythingOptions {
  learningRates?: 'upstream' | 'playground';
}

/**
 * A float PyYAML reads as a float: YAML 1.1 needs a dot and a signed exponent (`5.0e-07`, not `5e-7`, which PyYAML
 * reads as a string; upstream writes `5.e-7`).
 */
export function yamlFloat(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : value < 0 ? '-.inf' : '.nan';
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-])(\d+)$/.exec(text);
  if (match) {
    const [, sign, whole, fraction, expSign, exponent] = match;
    return `${sign}${whole}.${fraction ?? '0'}e${expSign}${exponent.padStart(2, '0')}`;
  }
  return text.includes('.') ? text : `${text}.0`;
}

const yamlInt = (value: number) => String(Math.round(value));

export function alignAnythingYaml(config: ExperimentConfig, options: AlignAnythingOptions = {}): string {
  const playgroundLrs = options.learningRates === 'playground';
  const actorLr = playgroundLrs ? config.actorLr : UPSTREAM_SAFERLHF_V.actor_lr;
  const criticLr = playgroundLrs ? config.criticLr : UPSTREAM_SAFERLHF_V.critic_lr;
  const lrNote = playgroundLrs
    ? 'playground value: TOY-SCALE for tiny models, far too large for a 7B VLM (upstream 5.e-7)'
    : `upstream 7B value; the playground used ${yamlFloat(config.actorLr)} (actor) / ${yamlFloat(config.criticLr)} (critic), toy-scale`;
  const algorithmNote =
    config.algorithm === 'ppo-lag'
      ? []
      : [
          `# NOTE: this playground config uses algorithm "${config.algorithm}", but this file is for the PPO-Lagrangian`,
          "# (Safe RLHF-V) trainer. Use align-anything's text_image_to_text ppo trainer for plain PPO; the λ keys below",
          config.algorithm === 'reward-shaping'
            ? '# would then not apply (reward shaping uses a fixed λ = lambda_init, which align-anything has no trainer for).'
            : '# would then not apply.',
        ];
  const lines = [
    `# Safe RLHF-V training settings exported from Safe RLHF-V Playground ${APP_VERSION}.`,
    '# For PKU-Alignment/align-anything, trainer text_image_to_text/saferlhf (Safe RLHF-V):',
    '#   replace these keys in align_anything/configs/train/text_image_to_text/saferlhf.yaml (or pass them as',
    '#   --train_cfgs.<key> / --model_cfgs.<key> overrides); keep every other upstream key as it is.',
    '#',
    '# Playground settings with no counterpart here (not exported):',
    `#   - model sizes (hidden ${config.hiddenSize}, embedding ${config.embedSize}, image ${config.imageSize}px, CNN ${config.cnnChannels} channels,`,
    `#     ${config.maxQuestionTokens} question / ${config.maxResponseTokens} response tokens): upstream fine-tunes a pretrained 7B VLM`,
    '#     (model_max_length 8192, max_new_tokens 512);',
    `#   - prompt batch semantics: the playground samples ${config.promptBatch} prompts per iteration in ${config.minibatches} minibatch(es) for`,
    `#     ${config.iterations} iterations; upstream uses per_device_prompt_batch_size / per_device_train_batch_size per GPU`,
    '#     and `epochs` passes over the whole prompt dataset;',
    '#   - score-model training choices (reward/cost/guard learning rate, epochs, batch, L2 regularisation, cost sign',
    '#     mode, cost classification weight): those train separate reward and cost models with their own configs;',
    `#   - gradient clipping ${config.maxGradNorm} (DeepSpeed's gradient_clipping), SFT settings, evaluation cadence.`,
    "# Learning rates: the playground's are toy-scale and do not transfer.",
    ...algorithmNote,
    'train_cfgs:',
    `  seed: ${yamlInt(config.seed)}`,
    `  # upstream default; the playground counts iterations (${config.iterations}) instead of dataset epochs`,
    `  epochs: ${yamlInt(UPSTREAM_SAFERLHF_V.epochs)}`,
    `  update_iters: ${yamlInt(config.ppoEpochs)}`,
    `  # ${lrNote}`,
    `  actor_lr: ${yamlFloat(actorLr)}`,
    `  critic_lr: ${yamlFloat(criticLr)}`,
    `  kl_coeff: ${yamlFloat(config.klCoeff)}`,
    `  clip_range_ratio: ${yamlFloat(config.clipRatio)}`,
    `  clip_range_score: ${yamlFloat(config.clipRangeScore)}`,
    `  clip_range_value: ${yamlFloat(config.clipRangeValue)}`,
    `  gamma: ${yamlFloat(config.gamma)}`,
    `  gae_lambda: ${yamlFloat(config.gaeLambda)}`,
    `  lambda_init: ${yamlFloat(config.lambdaInit)}`,
    `  lambda_max: ${yamlFloat(config.lambdaMax)}`,
    `  lambda_lr: ${yamlFloat(config.lambdaLr)}`,
    `  lambda_update_delay_steps: ${yamlInt(config.lambdaUpdateDelay)}`,
    `  episode_cost_window_size: ${yamlInt(config.episodeCostWindow)}`,
    '  # the cost limit: E[C] <= threshold (threshold = -d)',
    `  threshold: ${yamlFloat(config.threshold)}`,
    'model_cfgs:',
    `  temperature: ${yamlFloat(config.temperature)}`,
    `  top_p: ${yamlFloat(config.topP)}`,
  ];
  return `${lines.join('\n')}\n`;
}
