import { describe, expect, it } from 'vitest';
import { defaultConfig, PARAMS } from '../../config/params';
import { classifyChanges, mergeApplied } from './configChanges';
import { paramsOfGroup, parseParamInput, TRAIN_PARAM_GROUPS } from './paramInput';

describe('classifyChanges', () => {
  it('splits edits into live and needs-reset settings', () => {
    const applied = defaultConfig();
    const edited = { ...applied, threshold: 0.25, lambdaLr: 0.2, hiddenSize: 32, algorithm: 'ppo' as const };
    const changes = classifyChanges(applied, edited);
    expect(changes.live.sort()).toEqual(['lambdaLr', 'threshold']);
    expect(changes.needsReset.sort()).toEqual(['algorithm', 'hiddenSize']);
  });

  it('reports nothing before the engine exists and flags a new data source', () => {
    expect(classifyChanges(null, defaultConfig())).toEqual({ live: [], needsReset: [] });
    const applied = defaultConfig();
    expect(classifyChanges(applied, { ...applied, dataUrls: ['https://x/y.parquet'] }).needsReset).toEqual(['dataUrls']);
  });

  it('merges only the accepted keys', () => {
    const applied = defaultConfig();
    const edited = { ...applied, threshold: 1, hiddenSize: 16 };
    const merged = mergeApplied(applied, edited, ['threshold']);
    expect(merged.threshold).toBe(1);
    expect(merged.hiddenSize).toBe(applied.hiddenSize);
    expect(classifyChanges(merged, edited)).toEqual({ live: [], needsReset: ['hiddenSize'] });
  });
});

describe('parseParamInput', () => {
  it('accepts values in range and rejects others with a message naming setting and value', () => {
    expect(parseParamInput('threshold', '0.3')).toEqual({ ok: true, value: 0.3 });
    const out = parseParamInput('threshold', '50');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toContain('between -20 and 20 (got 50)');
    const fraction = parseParamInput('promptBatch', '2.5');
    expect(fraction.ok).toBe(false);
    if (!fraction.ok) expect(fraction.error).toContain('whole number');
    expect(parseParamInput('actorLr', '').ok).toBe(false);
    expect(parseParamInput('actorLr', 'abc').ok).toBe(false);
    expect(parseParamInput('algorithm', 'ppo')).toEqual({ ok: true, value: 'ppo' });
    expect(parseParamInput('algorithm', 'sac').ok).toBe(false);
  });
});

describe('train parameter groups', () => {
  it('cover every setting except score training exactly once', () => {
    const shown = TRAIN_PARAM_GROUPS.flatMap(paramsOfGroup);
    const expected = (Object.keys(PARAMS) as (keyof typeof PARAMS)[]).filter((k) => PARAMS[k].group !== 'scoreTraining');
    expect(shown.sort()).toEqual(expected.sort());
  });
});

describe('parseConfigJson', () => {
  it('merges the given fields over the current config', async () => {
    const { parseConfigJson } = await import('./configJson');
    const current = { ...defaultConfig(), hiddenSize: 16 };
    const out = parseConfigJson('{"threshold": 0.5}', current);
    expect(out.issues).toEqual([]);
    expect(out.config!.threshold).toBe(0.5);
    expect(out.config!.hiddenSize).toBe(16);
  });

  it('reports bad JSON and field-level problems without applying anything', async () => {
    const { parseConfigJson } = await import('./configJson');
    const bad = parseConfigJson('{"threshold": ', defaultConfig());
    expect(bad.config).toBeNull();
    expect(bad.issues[0].field).toBe('(JSON)');
    const invalid = parseConfigJson('{"threshold": 99, "nope": 1}', defaultConfig());
    expect(invalid.config).toBeNull();
    expect(invalid.issues.map((i) => i.field).sort()).toEqual(['nope', 'threshold']);
  });

  it('reports inherited object keys by name instead of crashing', async () => {
    const { parseConfigJson } = await import('./configJson');
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const out = parseConfigJson(`{"${key}": 1, "threshold": 0.5}`, defaultConfig());
      expect(out.config).toBeNull();
      expect(out.issues).toEqual([{ field: key, message: `unknown setting "${key}" (ignored)`, unknown: true }]);
    }
  });
});
