/**
 * The align-anything export as files: saferlhf.yaml (upstream's packaged file with the playground's values merged
 * in, every upstream key kept, each line commented with its origin), launch.sh (upstream's trainer with flat
 * `--key value` overrides, as scripts/safe_rlhf_v/saferlhf_v.sh passes them), train_reward_model.sh and
 * train_cost_model.sh (the score models, trained so that the threshold keeps its meaning) and NOTES.md (every
 * setting's counterpart, unit differences and settings without one).
 */
import { PARAMS, type ExperimentConfig, type ParamKey } from '../../config/params';
import { algorithmModule } from '../../rl/algorithms/registry';
import { APP_VERSION } from '../versions';
import { coerceCliValue } from './overrideRules';
import { counterparts, derive, overrides, type ExportOptions, type Override, type UpstreamFile } from './mapping';
import { COST_MODEL_YAML, RM_YAML, SAFERLHF_YAML, UPSTREAM_COMMIT, UPSTREAM_REPO } from './upstreamConfigs';

export const UPSTREAM_YAML: Record<UpstreamFile, string> = { saferlhf: SAFERLHF_YAML, rm: RM_YAML, cost_model: COST_MODEL_YAML };
export const TRAINER_MODULE: Record<UpstreamFile, string> = {
  saferlhf: 'align_anything.trainers.text_image_to_text.saferlhf',
  rm: 'align_anything.trainers.text_image_to_text.rm',
  cost_model: 'align_anything.trainers.text_image_to_text.cost_model',
};
export const SCRIPT_NAME: Record<UpstreamFile, string> = {
  saferlhf: 'launch.sh',
  rm: 'train_reward_model.sh',
  cost_model: 'train_cost_model.sh',
};

/**
 * A float PyYAML and Python's float() both read as a float: YAML 1.1 needs a dot and a signed exponent
 * (`5.0e-07`, not `5e-7`, which PyYAML reads as a string; upstream writes `5.e-7`).
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

/** The text of a value as align-anything's command line coerces it back to the same type (overrideRules rule 2). */
export function cliText(override: Pick<Override, 'value' | 'kind'>): string {
  switch (override.kind) {
    case 'float': return yamlFloat(override.value as number);
    case 'int': return String(Math.round(override.value as number));
    case 'bool': return override.value ? 'True' : 'False';
    case 'str': return String(override.value);
  }
}

function yamlText(override: Override): string {
  if (override.kind !== 'str') return cliText(override);
  const text = String(override.value);
  // Plain when YAML 1.1 cannot mistake it for anything but a string; otherwise single-quoted.
  const plainSafe = /^[A-Za-z_./][\w./-]*$/.test(text) && !/^(null|~|true|false|yes|no|on|off|y|n)$/i.test(text);
  return plainSafe ? text : `'${text.replace(/'/g, "''")}'`;
}

const ORIGIN_LABEL: Record<Override['origin'], string> = {
  playground: 'from the playground',
  converted: 'converted from the playground',
  'upstream-scale': 'upstream 7B-scale value kept',
  script: "as upstream's script sets it",
};

/** Upstream's YAML text with `file`'s overrides merged in; throws when an override has no line to land on. */
export function mergeYaml(file: UpstreamFile, list: readonly Override[]): string {
  const pending = new Map(list.filter((o) => o.file === file).map((o) => [`${o.section}.${o.key}`, o]));
  let section = '';
  const lines = UPSTREAM_YAML[file].trim().split('\n').map((line) => {
    const top = /^(\w+):(.*)$/.exec(line);
    if (top) {
      section = top[1];
      return top[2].trim() === '' ? line : `${line}  # upstream default`;
    }
    const leaf = /^( {2})(\w+): (.*)$/.exec(line);
    if (!leaf) return line;
    const [, indent, key, upstreamValue] = leaf;
    const override = pending.get(`${section}.${key}`);
    if (!override) return `${line}  # upstream default`;
    pending.delete(`${section}.${key}`);
    const origin = `${ORIGIN_LABEL[override.origin]}: ${override.from}`;
    return `${indent}${key}: ${yamlText(override)}  # ${origin} (upstream default ${upstreamValue})`;
  });
  if (pending.size > 0) throw new Error(`No line in upstream ${file}.yaml for ${[...pending.keys()].join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** The algorithm module's warning when the config's algorithm is not the saferlhf trainer's (none for ppo-lag). */
function algorithmWarning(config: ExperimentConfig): string[] {
  return [...algorithmModule(config.algorithm).alignAnything.warning];
}

export function saferlhfYaml(config: ExperimentConfig, options: ExportOptions = {}): string {
  const header = [
    `Safe RLHF-V settings exported from Safe RLHF-V Playground ${APP_VERSION} for PKU-Alignment/align-anything`,
    `(${UPSTREAM_REPO}, packaged config align_anything/configs/train/text_image_to_text/saferlhf.yaml at`,
    `commit ${UPSTREAM_COMMIT}; Apache License 2.0, PKU-Alignment Team).`,
    'This is upstream\'s complete file with the playground\'s values merged in: every line says whether its value came',
    'from the playground or is an upstream default. The trainer reads only its packaged YAML, so either copy this file',
    'over align_anything/configs/train/text_image_to_text/saferlhf.yaml, or keep upstream\'s and run launch.sh, which',
    'passes the same values as flat --key value overrides. Read NOTES.md for unit differences.',
    ...algorithmWarning(config),
  ];
  return `${header.map((line) => `# ${line}`).join('\n')}\n\n${mergeYaml('saferlhf', overrides(config, options))}`;
}

/** The launch script for one trainer: shell variables for paths (as upstream's scripts), flat overrides after. */
export function launchScript(file: UpstreamFile, config: ExperimentConfig, options: ExportOptions = {}): string {
  const list = overrides(config, options).filter((o) => o.file === file);
  const variables = list.filter((o) => o.shellVariable);
  const settings = list.filter((o) => !o.shellVariable);
  const purpose: Record<UpstreamFile, string[]> = {
    saferlhf: [
      'Safe RLHF-V (PPO-Lagrangian) with the settings of a Safe RLHF-V Playground experiment.',
      'Train the reward and cost models first (train_reward_model.sh, train_cost_model.sh), or set the paths below.',
    ],
    rm: ['The reward (helpfulness) model for launch.sh, trained with the playground\'s score-model settings.'],
    cost_model: [
      'The cost (harmlessness) model for launch.sh. regularization and scale_coeff set the cost scale in which the',
      `threshold (${yamlFloat(config.threshold)}) is measured: keep them as exported, or retune the threshold.`,
    ],
  };
  const lines = [
    '#!/usr/bin/env bash',
    `# Exported from Safe RLHF-V Playground ${APP_VERSION} for PKU-Alignment/align-anything (commit ${UPSTREAM_COMMIT.slice(0, 10)}).`,
    ...purpose[file].map((line) => `# ${line}`),
    "# Run it from align-anything's scripts/ folder, like upstream's scripts/safe_rlhf_v/*.sh (it sources ./setup.sh).",
    '# Overrides are flat `--key value` pairs: align-anything matches a key by its leaf name in every section.',
    '# Never write --train_cfgs.key (matches nothing) or --train_cfgs:key (replaces the whole section).',
    ...(file === 'saferlhf' ? algorithmWarning(config).map((line) => `# ${line}`) : []),
    '',
    ...variables.map((o) => `${o.shellVariable}="${String(o.value)}"`),
    '',
    '# For wandb online logging',
    'export WANDB_API_KEY=""',
    '',
    '# Source the setup script',
    'source ./setup.sh',
    '',
    'deepspeed \\',
    `    --module ${TRAINER_MODULE[file]} \\`,
    ...variables.map((o) => `    --${o.key} "\${${o.shellVariable}}" \\`),
    ...settings.map((o) => `    --${o.key} ${cliText(o)} \\`),
  ];
  lines[lines.length - 1] = lines[lines.length - 1].replace(/ \\$/, '');
  return `${lines.join('\n')}\n`;
}

function table(rows: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [rows[0], rows[0].map(() => '---'), ...rows.slice(1)].map((row) => `| ${row.map(escape).join(' | ')} |`).join('\n');
}

export function notesMarkdown(config: ExperimentConfig, options: ExportOptions = {}): string {
  const d = derive(config, options);
  const list = overrides(config, options);
  const where = counterparts(config, options);
  const K = d.lambdaStepsPerRollout;
  const warning = algorithmWarning(config);
  const value = (key: ParamKey) => String(config[key]);
  const settings = (file: UpstreamFile) =>
    table([
      ['key', 'value', 'origin'],
      ...list.filter((o) => o.file === file).map((o) => [`${o.section}.${o.key}`, cliText(o), `${ORIGIN_LABEL[o.origin]}: ${o.from}`]),
    ]);
  return `# Safe RLHF-V Playground → align-anything

Exported from Safe RLHF-V Playground ${APP_VERSION} for PKU-Alignment/align-anything's text_image_to_text Safe RLHF-V
trainer (${UPSTREAM_REPO}, checked against commit ${UPSTREAM_COMMIT}).
${warning.length ? `\n**${warning.join(' ')}**\n` : ''}
Values that depend on model scale were written with **${options.scale === 'playground' ? "the playground's toy-scale values" : "upstream's 7B-scale values"}**;
batch sizes and windows assume **${d.gpus} GPU(s)** (deepspeed uses every visible GPU; export again with another count
if yours differs).

## Files

- \`saferlhf.yaml\`: upstream's complete packaged config with these values merged in (every upstream key kept).
- \`launch.sh\`: runs \`${TRAINER_MODULE.saferlhf}\` with the same values as flat \`--key value\` overrides.
- \`train_reward_model.sh\`, \`train_cost_model.sh\`: the reward and cost models (rm.yaml, cost_model.yaml overrides).
- \`NOTES.md\`: this file.

Order: \`bash train_reward_model.sh\`, \`bash train_cost_model.sh\`, then \`bash launch.sh\`, from align-anything's
\`scripts/\` folder (they source \`./setup.sh\` like upstream's scripts). The SFT actor is \`llava-hf/llava-1.5-7b-hf\`
as in upstream's script; change the path variables at the top of each script to use your own models and data.

## How align-anything reads overrides

The trainer reads only its packaged YAML, then the command line after the launcher's \`--local_rank\` as
\`--key value\` pairs. A key replaces **every key of that leaf name** in any section: \`--kl_coeff 0.05\` is right;
\`--train_cfgs.kl_coeff 0.05\` matches nothing and is silently ignored; \`--train_cfgs:kl_coeff 0.05\` replaces the
whole \`train_cfgs\` section with one key. Values are coerced: \`True\`/\`False\` → bool, digits → int, anything
\`float()\` accepts → float, \`[a,b]\` or \`a,b\` → a list of **strings**. That is why \`adam_betas\` is never passed on
the command line (it would become \`['0.9', '0.95']\`); the playground uses upstream's (0.9, 0.95) anyway.
Every exported key is the only key of its name in its file (checked by the export's tests).

## Unit differences (the values written already include these conversions)

- **λ updates per micro-batch.** Upstream runs one \`rl_step\` per micro-batch (per_device_train_batch_size) per
  update_iters pass and updates λ in each, so with these sizes λ moves **${K}** time(s) per rollout; the playground
  moves it once per iteration. ${K === 1 ? 'Here that is once, as in the playground, so lambda_lr is unchanged.' : `lambda_lr is written as ${config.lambdaLr} ÷ ${K} = ${yamlFloat(config.lambdaLr / K)} for about the same movement per rollout (each step is multiplicative, so it is close, not exact).`}
- **λ delay.** The playground counts iterations (${value('lambdaUpdateDelay')}); upstream compares \`global_step\`
  (rl_steps) with lambda_update_delay_steps, so it is written as ${value('lambdaUpdateDelay')} × ${K} = ${config.lambdaUpdateDelay * K}.
- **Episode-cost window.** Both count responses, but upstream keeps one window per GPU and averages them: ${value('episodeCostWindow')}
  responses over ${d.gpus} GPU(s) is episode_cost_window_size ${d.windowPerRank}. It spans ${(config.episodeCostWindow / config.promptBatch).toFixed(2)} rollout(s) =
  ${(config.episodeCostWindow / config.promptBatch).toFixed(2)} λ step(s) here and ${((d.windowPerRank / d.promptPerDevice)).toFixed(2)} rollout(s) = ${((d.windowPerRank / d.promptPerDevice) * K).toFixed(2)} λ step(s) upstream.
- **Prompts per iteration.** promptBatch ${value('promptBatch')} is split over the GPUs: per_device_prompt_batch_size ${d.promptPerDevice}
  (${d.promptPerDevice * d.gpus} prompts per rollout); minibatches ${value('minibatches')} give per_device_train_batch_size ${d.trainPerDevice}.
- **Length of a run.** The playground runs ${value('iterations')} iterations; upstream runs train_cfgs.epochs passes over
  the prompt set (one BeaverTails-V config at a time, ${'`'}TRAIN_NAME${'`'} in launch.sh).
- **Response length.** maxResponseTokens (${value('maxResponseTokens')}) counts words of the playground's toy vocabulary;
  max_new_tokens counts the VLM tokenizer's tokens.
- **Learning rates.** The playground's (actor ${value('actorLr')}, critic ${value('criticLr')}, reward/cost ${value('scoreLr')}) are
  for tiny GRU models and far too large for a 7B VLM; the schedule is constant without warmup in both exports.
- **Cost scale.** The threshold (${value('threshold')}) is a cost value; it keeps its meaning only with a cost model trained
  with regularization ${value('scoreRegularization')} and scale_coeff ${value('costScaleCoeff')} (train_cost_model.sh passes both; upstream's
  defaults 0.001 and 1 give a wider cost scale). Check the trained cost model's mean cost on SFT responses against
  the threshold before a long run.
- **Upstream bugs the playground does not copy** (docs/algorithm.md §8): an all-ones response mask (scores land on the
  last padded column), scores read at position −1, the cost critic always loaded from the cost model. Curves at
  7B will not match the playground's exactly for these reasons too.
- **No PTX.** The playground has no pre-training mix loss: ptx_coeff is 0.0 and launch.sh passes no ptx_datasets
  (upstream's script adds Align-Anything-TI2T-Instruction-100K with ptx_coeff 16.0).

## Every playground setting and where it goes

${table([['setting', 'value', 'align-anything'], ...(Object.keys(PARAMS) as ParamKey[]).map((key) => [`${PARAMS[key].label} (\`${key}\`)`, value(key), where[key]])])}

## Exported values

### saferlhf.yaml / launch.sh

${settings('saferlhf')}

### train_reward_model.sh (rm.yaml)

${settings('rm')}

### train_cost_model.sh (cost_model.yaml)

${settings('cost_model')}
`;
}

export interface ExportFile {
  name: string;
  text: string;
  executable: boolean;
}

export function alignAnythingExport(config: ExperimentConfig, options: ExportOptions = {}): ExportFile[] {
  for (const o of overrides(config, options)) {
    // Guard against a value the command line would read back as another type (rule 2 of overrideRules).
    const coerced = coerceCliValue(cliText(o)).type;
    if (coerced !== o.kind) throw new Error(`--${o.key} ${cliText(o)} would be read as ${coerced}, not ${o.kind}`);
  }
  return [
    { name: 'saferlhf.yaml', text: saferlhfYaml(config, options), executable: false },
    { name: 'launch.sh', text: launchScript('saferlhf', config, options), executable: true },
    { name: 'train_reward_model.sh', text: launchScript('rm', config, options), executable: true },
    { name: 'train_cost_model.sh', text: launchScript('cost_model', config, options), executable: true },
    { name: 'NOTES.md', text: notesMarkdown(config, options), executable: false },
  ];
}
