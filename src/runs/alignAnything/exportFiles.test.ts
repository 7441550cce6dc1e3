import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultConfig, PARAMS, type ExperimentConfig, type ParamKey } from '../../config/params';
import { presetConfig } from '../../config/presets';
import { alignAnythingExport, cliText, launchScript, UPSTREAM_YAML, yamlFloat } from './exportFiles';
import { counterparts, overrides, UPSTREAM_SCALE, type ExportOptions, type UpstreamFile } from './mapping';
import { applyCliOverrides, leafPaths, pathsNamed, shellWords, type CfgTree } from './overrideRules';

// Integration: export, re-parse with a YAML 1.1 reader (what PyYAML's safe_load is), diff against upstream's
// packaged defaults, and replay each launch script through align-anything's override rules.
const yaml11 = (text: string) => parse(text, { version: '1.1' }) as CfgTree;
const get = (tree: CfgTree, path: string): unknown => path.split('.').reduce<unknown>((node, key) => (node as CfgTree)[key], tree);
const FILES: UpstreamFile[] = ['saferlhf', 'rm', 'cost_model'];

/** The trainer's argv from a launch script: deepspeed puts --local_rank=N first, then everything after --module X. */
function trainerArgv(script: string): string[] {
  const variables: Record<string, string> = {};
  for (const match of script.matchAll(/^(\w+)="([^"]*)"$/gm)) variables[match[1]] = match[2];
  const command = script.slice(script.indexOf('deepspeed \\'));
  const words = shellWords(command, variables);
  expect(words.slice(0, 3)).toEqual(['deepspeed', '--module', expect.stringMatching(/^align_anything\.trainers\.text_image_to_text\./)]);
  return ['--local_rank=0', ...words.slice(3)];
}

const CONFIGS: [string, ExperimentConfig, ExportOptions][] = [
  ['defaults, 8 GPUs', defaultConfig(), {}],
  ['Safe RLHF-V preset, 1 GPU', presetConfig('saferlhf-v'), { gpus: 1 }],
  ['minibatches and PPO epochs, toy scale', { ...defaultConfig(), minibatches: 4, ppoEpochs: 2, lambdaUpdateDelay: 3, threshold: -2, klCoeff: 1e-7 }, { scale: 'playground', gpus: 4 }],
];

describe.each(CONFIGS)('align-anything export: %s', (_name, config, options) => {
  const files = Object.fromEntries(alignAnythingExport(config, options).map((f) => [f.name, f]));
  const list = overrides(config, options);

  it('saferlhf.yaml keeps every upstream key, changes exactly the exported ones, and nothing else', () => {
    const upstream = yaml11(UPSTREAM_YAML.saferlhf);
    const exported = yaml11(files['saferlhf.yaml'].text);
    expect(leafPaths(exported)).toEqual(leafPaths(upstream));
    const expected = new Map(list.filter((o) => o.file === 'saferlhf').map((o) => [`${o.section}.${o.key}`, o.value]));
    for (const path of leafPaths(upstream)) {
      expect(get(exported, path), path).toEqual(expected.has(path) ? expected.get(path) : get(upstream, path));
    }
    // Each line says where its value came from.
    for (const line of files['saferlhf.yaml'].text.split('\n').filter((l) => /^\s*\w+: \S/.test(l))) {
      expect(line).toMatch(/# (upstream default|from the playground|converted from the playground|upstream 7B-scale value|as upstream's script sets it)/);
    }
  });

  it.each(FILES)('every override of %s lands on the one leaf it names, and the script reproduces the merged config', (file) => {
    const upstream = yaml11(UPSTREAM_YAML[file]);
    const mine = list.filter((o) => o.file === file);
    for (const o of mine) expect(pathsNamed(upstream, o.key), o.key).toEqual([[o.section, o.key]]);
    const script = files[{ saferlhf: 'launch.sh', rm: 'train_reward_model.sh', cost_model: 'train_cost_model.sh' }[file]].text;
    const applied = applyCliOverrides(upstream, trainerArgv(script));
    // No section lost a key (no clobbering), and exactly the exported leaves changed, to the exported values.
    expect(leafPaths(applied)).toEqual(leafPaths(upstream));
    const changed = leafPaths(upstream).filter((p) => JSON.stringify(get(applied, p)) !== JSON.stringify(get(upstream, p)));
    const intended = mine.filter((o) => JSON.stringify(o.value) !== JSON.stringify(get(upstream, `${o.section}.${o.key}`))).map((o) => `${o.section}.${o.key}`);
    expect(changed.sort()).toEqual(intended.sort());
    for (const o of mine) expect(get(applied, `${o.section}.${o.key}`), o.key).toEqual(o.value);
    if (file === 'saferlhf') expect(applied).toEqual(yaml11(files['saferlhf.yaml'].text));
  });

  it('NOTES.md covers every playground setting', () => {
    const notes = files['NOTES.md'].text;
    for (const key of Object.keys(PARAMS) as ParamKey[]) expect(notes, key).toContain(`\`${key}\``);
    expect(notes).toMatch(/λ updates per micro-batch/);
    expect(notes).toMatch(/λ delay/);
    expect(notes).toMatch(/Episode-cost window/);
    expect(files['launch.sh'].executable).toBe(true);
  });
});

describe('align-anything export values', () => {
  it('converts λ units: delay in rl_steps, λ lr per update, window per rank, batches per device', () => {
    const config = { ...defaultConfig(), promptBatch: 32, minibatches: 2, ppoEpochs: 2, lambdaUpdateDelay: 3, lambdaLr: 0.1, episodeCostWindow: 128 };
    const byKey = Object.fromEntries(overrides(config, { gpus: 8 }).filter((o) => o.file === 'saferlhf').map((o) => [o.key, o.value]));
    expect(byKey).toMatchObject({
      per_device_prompt_batch_size: 4,
      per_device_train_batch_size: 2,
      lambda_update_delay_steps: 12,
      lambda_lr: 0.025,
      episode_cost_window_size: 16,
      update_iters: 2,
      eval_interval: 40,
      actor_lr: UPSTREAM_SCALE.actor_lr,
      max_new_tokens: 512,
      ptx_coeff: 0,
    });
  });

  it('the Safe RLHF-V preset on one GPU writes the playground values, identical to upstream where they agree', () => {
    const upstream = yaml11(UPSTREAM_YAML.saferlhf).train_cfgs as CfgTree;
    const byKey = Object.fromEntries(overrides(presetConfig('saferlhf-v'), { gpus: 1 }).filter((o) => o.section === 'train_cfgs' && o.file === 'saferlhf').map((o) => [o.key, o.value]));
    for (const key of ['kl_coeff', 'clip_range_ratio', 'clip_range_score', 'clip_range_value', 'gamma', 'gae_lambda', 'lambda_init', 'lambda_max', 'lambda_lr', 'lambda_update_delay_steps', 'episode_cost_window_size', 'threshold', 'update_iters', 'actor_lr', 'critic_lr', 'epochs', 'seed']) {
      expect(byKey[key], key).toEqual(upstream[key]);
    }
  });

  it('score models get the regularization and scale_coeff that set the cost scale, and the scale option', () => {
    const config = { ...defaultConfig(), scoreRegularization: 0.03, costScaleCoeff: 0.5, scoreLr: 0.003, scoreEpochs: 6 };
    const cm = (options: ExportOptions) => Object.fromEntries(overrides(config, options).filter((o) => o.file === 'cost_model').map((o) => [o.key, o.value]));
    expect(cm({})).toMatchObject({ regularization: 0.03, scale_coeff: 0.5, learning_rate: 3e-5, epochs: 3 });
    expect(cm({ scale: 'playground' })).toMatchObject({ regularization: 0.03, scale_coeff: 0.5, learning_rate: 0.003, epochs: 6 });
    const script = launchScript('cost_model', config);
    expect(script).toMatch(/--regularization 0\.03\b/);
    expect(script).toMatch(/--scale_coeff 0\.5\b/);
  });

  it('never writes the forms align-anything ignores or that clobber a section', () => {
    for (const file of alignAnythingExport(defaultConfig()).filter((f) => f.name.endsWith('.sh'))) {
      const commands = file.text.split('\n').filter((line) => !line.startsWith('#'));
      expect(commands.join('\n')).toMatch(/--kl_coeff|--regularization/);
      expect(commands.join('\n')).not.toMatch(/--\w+[.:]\w+/);
    }
  });

  it('writes numbers PyYAML and float() read as numbers of the right type', () => {
    expect([yamlFloat(5e-7), yamlFloat(-0.5), yamlFloat(10), yamlFloat(1.5e21)]).toEqual(['5.0e-07', '-0.5', '10.0', '1.5e+21']);
    expect(cliText({ kind: 'float', value: 0 })).toBe('0.0');
    expect(cliText({ kind: 'bool', value: true })).toBe('True');
  });

  it('names settings without a counterpart and flags algorithms other than ppo-lag', () => {
    const lines = counterparts(defaultConfig());
    expect(lines.hiddenSize).toMatch(/^no counterpart/);
    expect(lines.lambdaUpdateDelay).toMatch(/rl_steps/);
    const files = alignAnythingExport({ ...defaultConfig(), algorithm: 'ppo' });
    expect(files.find((f) => f.name === 'saferlhf.yaml')!.text).toMatch(/WARNING: this playground config uses algorithm "ppo"/);
    expect(alignAnythingExport(defaultConfig())[0].text).not.toMatch(/WARNING/);
  });
});

describe('align-anything export zip', () => {
  it('holds every file under one folder, scripts executable', async () => {
    const { unzipSync, strFromU8 } = await import('fflate');
    const { exportZip, EXPORT_FOLDER } = await import('./exportZip');
    const files = alignAnythingExport(defaultConfig());
    const unzipped = unzipSync(exportZip(files));
    expect(Object.keys(unzipped).sort()).toEqual(files.map((f) => `${EXPORT_FOLDER}/${f.name}`).sort());
    for (const file of files) expect(strFromU8(unzipped[`${EXPORT_FOLDER}/${file.name}`])).toBe(file.text);
  });
});
