import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/params';
import { appPilotKey, ObjectIds, type PilotInputs } from './costPilotKey';

const inputs: PilotInputs = { dataVersion: 3, recordCount: 120, sftOrigin: 'shipped', policyId: 1, costModelId: 2, vocabulary: 'abc' };
const config = { ...defaultConfig(), seed: 7, temperature: 1, topP: 0.9, maxResponseTokens: 12 };

describe('appPilotKey', () => {
  it('is the runner cache key over data, weights and the sampling settings', () => {
    expect(appPilotKey(inputs, config)).toBe('data#3:120|sft:shipped|cost#2|vocab:abc|7|1|0.9|12');
  });

  it('changes with the data, the cost model, a trained policy, the vocabulary and each sampling setting', () => {
    const base = appPilotKey(inputs, config);
    const variants = [
      appPilotKey({ ...inputs, dataVersion: 4 }, config),
      appPilotKey({ ...inputs, recordCount: 119 }, config),
      appPilotKey({ ...inputs, costModelId: 5 }, config),
      appPilotKey({ ...inputs, sftOrigin: 'trained' }, config),
      appPilotKey({ ...inputs, vocabulary: 'abd' }, config),
      appPilotKey(inputs, { ...config, seed: 8 }),
      appPilotKey(inputs, { ...config, temperature: 0.7 }),
      appPilotKey(inputs, { ...config, topP: 1 }),
      appPilotKey(inputs, { ...config, maxResponseTokens: 16 }),
    ];
    for (const key of variants) expect(key).not.toBe(base);
    expect(new Set(variants).size).toBe(variants.length);
  });

  it('a shipped policy is the same weights whichever copy is loaded; a trained one is its own object', () => {
    expect(appPilotKey({ ...inputs, policyId: 9 }, config)).toBe(appPilotKey(inputs, config));
    const trained = { ...inputs, sftOrigin: 'trained' as const };
    expect(appPilotKey({ ...trained, policyId: 9 }, config)).not.toBe(appPilotKey(trained, config));
  });

  it('ignores settings that do not shape the answers (the limit, the λ rule)', () => {
    expect(appPilotKey(inputs, { ...config, threshold: 3, lambdaRule: 'pid' })).toBe(appPilotKey(inputs, config));
  });
});

describe('ObjectIds', () => {
  it('gives each object one stable id', () => {
    const ids = new ObjectIds();
    const a = {};
    const b = {};
    expect(ids.of(a)).toBe(1);
    expect(ids.of(b)).toBe(2);
    expect(ids.of(a)).toBe(1);
  });
});
