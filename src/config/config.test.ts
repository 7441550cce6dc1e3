import { describe, expect, it } from 'vitest';
import { defaultConfig, PARAMS, PARAM_KEYS, START_UP_COST_LIMIT } from './params';
import { applyPreset, PRESETS, presetConfig } from './presets';
import { configDiff, ExperimentConfigSchema, isParamKey, validateConfig, validateRecordedConfig } from './schema';

describe('PARAMS table', () => {
  it('has unique short keys and defaults inside their ranges', () => {
    const shorts = PARAM_KEYS.map((key) => PARAMS[key].short);
    expect(new Set(shorts).size).toBe(shorts.length);
    expect(ExperimentConfigSchema.safeParse(defaultConfig()).success).toBe(true);
  });

  it('defaults keep the Safe RLHF-V settings except how λ moves (PI from λ₀ = 0.2), β and the truncation penalty', () => {
    const config = defaultConfig();
    expect([config.lambdaLr, config.lambdaMax]).toEqual([0.1, 20]);
    // The cost limit: below the SFT policy's own cost (docs/dynamics.md), where upstream's −0.5 is looser than it.
    expect(config.threshold).toBe(START_UP_COST_LIMIT);
    expect(config.threshold).toBeLessThan(-1.1);
    expect([config.lambdaRule, config.lambdaInit, config.truncationPenalty]).toEqual(['pid', 0.2, 2]);
    expect([config.pidKp, config.pidKi, config.pidKd]).toEqual([0.5, 0.01, 0]);
    expect([config.lambdaUpdateDelay, config.episodeCostWindow, config.klCoeff]).toEqual([1, 128, 0.2]);
    expect([config.clipRatio, config.clipRangeValue, config.clipRangeScore, config.gamma, config.gaeLambda]).toEqual([
      0.2, 5, 50, 1, 0.95,
    ]);
  });

  it('model sizes and seed need a reset; learning rates and the threshold are live', () => {
    expect(PARAMS.hiddenSize.live).toBe(false);
    expect(PARAMS.seed.live).toBe(false);
    expect(PARAMS.actorLr.live).toBe(true);
    expect(PARAMS.threshold.live).toBe(true);
  });
});

describe('validateConfig', () => {
  it('fills defaults, keeps valid fields and reports each bad field by name', () => {
    const { config, issues } = validateConfig({ threshold: 0.25, lambdaMax: -3, algorithm: 'dpo', bogus: 1 });
    expect(config.threshold).toBe(0.25);
    expect(config.lambdaMax).toBe(defaultConfig().lambdaMax);
    expect(config.algorithm).toBe('ppo-lag');
    expect(issues.map((i) => i.field).sort()).toEqual(['algorithm', 'bogus', 'lambdaMax']);
  });

  it('reports inherited object keys (constructor, toString, hasOwnProperty, __proto__) as unknown settings by name', () => {
    const raw = JSON.parse('{"constructor": 1, "toString": "x", "hasOwnProperty": true, "__proto__": {"threshold": 0.5}, "threshold": 0.25}');
    const { config, issues } = validateConfig(raw);
    expect(issues.map((i) => i.field).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    expect(issues.every((i) => i.unknown === true)).toBe(true);
    expect(issues.find((i) => i.field === 'constructor')!.message).toBe('unknown setting "constructor" (ignored)');
    expect(config.threshold).toBe(0.25);
    expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
    expect(isParamKey('threshold')).toBe(true);
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) expect(isParamKey(key)).toBe(false);
  });

  it('rejects a non-object root', () => {
    expect(validateConfig([1, 2]).issues[0].field).toBe('(root)');
    expect(validateConfig(null).issues).toHaveLength(1);
  });
});

describe('presets', () => {
  it('"Safe RLHF-V defaults" keeps the upstream rule and numbers exactly', () => {
    const preset = presetConfig('saferlhf-v');
    expect([preset.lambdaRule, preset.threshold, preset.lambdaInit, preset.lambdaLr, preset.lambdaMax]).toEqual(['upstream', -0.5, 10, 0.1, 20]);
    expect([preset.lambdaUpdateDelay, preset.episodeCostWindow, preset.klCoeff]).toEqual([1, 128, 0.02]);
    // Upstream has no truncation penalty: the preset runs without the playground's.
    expect(preset.truncationPenalty).toBe(0);
    expect(presetConfig('saferlhf-text').truncationPenalty).toBe(0);
  });

  it('every preset yields a valid config', () => {
    for (const preset of PRESETS) expect(ExperimentConfigSchema.safeParse(presetConfig(preset.id)).success).toBe(true);
  });

  it('Safe RLHF (text) preset differs from the default in the λ settings; unknown ids change nothing', () => {
    const text = presetConfig('saferlhf-text');
    expect(configDiff(defaultConfig(), text)).toEqual(
      expect.arrayContaining(['threshold', 'lambdaRule', 'lambdaMax', 'lambdaUpdateDelay', 'klCoeff']),
    );
    expect(applyPreset(defaultConfig(), 'nope')).toEqual(defaultConfig());
  });
});

describe('validateRecordedConfig', () => {
  it('a recorded config without the λ rule or truncation penalty ran upstream without a penalty', () => {
    const { lambdaRule: _rule, truncationPenalty: _penalty, ...old } = presetConfig('saferlhf-v');
    const { config, issues } = validateRecordedConfig(old);
    expect(issues).toEqual([]);
    expect([config.lambdaRule, config.truncationPenalty, config.lambdaInit]).toEqual(['upstream', 0, 10]);
    expect(validateRecordedConfig({ ...old, lambdaRule: 'pid', truncationPenalty: 3 }).config).toMatchObject({ lambdaRule: 'pid', truncationPenalty: 3 });
    expect(validateRecordedConfig(null).issues[0].field).toBe('(root)');
  });
});
