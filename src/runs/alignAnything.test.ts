import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/params';
import { presetConfig } from '../config/presets';
import { alignAnythingYaml, yamlFloat } from './alignAnything';

/** Reads `section: / key: value` pairs of the exported YAML (comments skipped). */
function readYaml(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section = '';
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const top = /^(\w+):$/.exec(line);
    if (top) {
      section = top[1];
      out[section] = {};
      continue;
    }
    const pair = /^ {2}(\w+): (\S+)$/.exec(line);
    expect(pair, `line ${JSON.stringify(line)}`).not.toBeNull();
    out[section][pair![1]] = pair![2];
  }
  return out;
}

/** PyYAML's YAML 1.1 float and int resolvers (what align-anything's yaml.safe_load accepts as numbers). */
const YAML11_FLOAT = /^[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?$/;
const YAML11_INT = /^[-+]?(?:0|[1-9][0-9_]*)$/;

describe('align-anything export', () => {
  it('the Safe RLHF-V preset exports the upstream saferlhf.yaml defaults (ALGORITHM.md §7)', () => {
    const yaml = readYaml(alignAnythingYaml(presetConfig('saferlhf-v')));
    const train = Object.fromEntries(
      Object.entries(yaml.train_cfgs).map(([key, value]) => [key, Number(value)]),
    );
    expect(train).toEqual({
      seed: 42,
      epochs: 3,
      update_iters: 1,
      actor_lr: 5e-7,
      critic_lr: 5e-7,
      kl_coeff: 0.02,
      clip_range_ratio: 0.2,
      clip_range_score: 50,
      clip_range_value: 5,
      gamma: 1,
      gae_lambda: 0.95,
      lambda_init: 10,
      lambda_max: 20,
      lambda_lr: 0.1,
      lambda_update_delay_steps: 1,
      episode_cost_window_size: 128,
      threshold: -0.5,
    });
    expect(yaml.model_cfgs).toEqual({ temperature: '1.0', top_p: '1.0' });
  });

  it('writes numbers PyYAML reads as numbers (floats need a dot and a signed exponent)', () => {
    const yaml = readYaml(alignAnythingYaml({ ...defaultConfig(), threshold: 2, klCoeff: 1e-7 }));
    const ints = ['seed', 'epochs', 'update_iters', 'lambda_update_delay_steps', 'episode_cost_window_size'];
    for (const [key, value] of Object.entries(yaml.train_cfgs)) {
      expect(value, key).toMatch(ints.includes(key) ? YAML11_INT : YAML11_FLOAT);
    }
    expect(yaml.train_cfgs.threshold).toBe('2.0');
    expect(yaml.train_cfgs.kl_coeff).toBe('1.0e-07');
    expect(yaml.train_cfgs.actor_lr).toBe('5.0e-07');
    expect([yamlFloat(5e-7), yamlFloat(-0.5), yamlFloat(10), yamlFloat(1.5e21)]).toEqual([
      '5.0e-07',
      '-0.5',
      '10.0',
      '1.5e+21',
    ]);
  });

  it('lists settings without a counterpart and says the learning rates are toy-scale', () => {
    const text = alignAnythingYaml(defaultConfig());
    expect(text).toMatch(/no counterpart/);
    expect(text).toMatch(/model sizes/);
    expect(text).toMatch(/prompt batch semantics/);
    expect(text).toMatch(/score-model training choices/);
    expect(text).toMatch(/toy-scale/);
  });

  it('can write the playground learning rates instead, with a warning comment', () => {
    const text = alignAnythingYaml(
      { ...defaultConfig(), actorLr: 0.001, criticLr: 0.002 },
      { learningRates: 'playground' },
    );
    const yaml = readYaml(text);
    expect(Number(yaml.train_cfgs.actor_lr)).toBe(0.001);
    expect(Number(yaml.train_cfgs.critic_lr)).toBe(0.002);
    expect(text).toMatch(/TOY-SCALE/);
  });

  it('warns when the config is not PPO-Lagrangian', () => {
    expect(alignAnythingYaml({ ...defaultConfig(), algorithm: 'ppo' })).toMatch(
      /NOTE: this playground config uses algorithm "ppo"/,
    );
    expect(alignAnythingYaml(defaultConfig())).not.toMatch(/NOTE:/);
  });
});
