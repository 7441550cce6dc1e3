import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/params';
import { bundleJson, parseBundle } from './bundle';
import { makeTestRun } from './testRun';

describe('run bundles', () => {
  it('round-trips a run (NaN as null), keeping name, tags, notes and config', () => {
    const run = makeTestRun('x', 7, { name: 'thr sweep "a"', tags: ['sweep', 'λ'], notes: 'line 1\nline 2' });
    const parsed = parseBundle(bundleJson(run), 'x.json');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.run).toMatchObject({
      name: 'thr sweep "a"',
      tags: ['sweep', 'λ'],
      notes: 'line 1\nline 2',
      source: 'imported',
    });
    expect(parsed.run.config).toEqual(run.config);
    expect(parsed.run.metrics.columns).toEqual(run.metrics.columns);
    expect(parsed.run.metrics.rows).toEqual(run.metrics.rows); // NaN → null → NaN
    expect(parsed.run.evaluations.rows).toEqual(run.evaluations.rows);
    expect(parsed.run.summary).toEqual(run.summary);
    expect(parsed.run.startedAt).toBe(run.startedAt);
  });

  it("accepts the headless runner's bundle (no name, tags, notes or generations; numeric times)", () => {
    const text = JSON.stringify({
      schema: 'srlhfv-run',
      version: 1,
      config: { threshold: 0, algorithm: 'ppo' },
      metrics: [{ iteration: 1, lambda: 0, rewardMean: 0.5 }],
      evaluations: [],
      backend: 'wasm',
      versions: { app: '0.1.0', tfjs: '4.22.0', node: '20.1.0' },
      startedAt: Date.UTC(2026, 0, 2),
      endedAt: Date.UTC(2026, 0, 2, 1),
    });
    const parsed = parseBundle(text, 'results/thr=0/metrics.json');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.run).toMatchObject({
      name: 'results/thr=0/metrics',
      tags: [],
      notes: '',
      backend: 'wasm',
      status: 'finished',
    });
    // A bundle without the λ rule or the truncation penalty was recorded before they existed: upstream, no penalty.
    expect(parsed.run.config).toEqual({ ...defaultConfig(), lambdaRule: 'upstream', truncationPenalty: 0, threshold: 0, algorithm: 'ppo' });
    expect(parsed.run.startedAt).toBe('2026-01-02T00:00:00.000Z');
    expect(parsed.run.versions.node).toBe('20.1.0');
  });

  it('carries the numerics check that cleared the backend, and reads bundles without it', () => {
    const numerics = { backend: 'webgpu', passed: true, maxDeviation: 2.5e-6, worst: 'policy ∇gru/wh', tolerance: 1e-3 };
    const text = bundleJson({ ...makeTestRun('x'), backend: 'webgpu', numerics });
    expect(JSON.parse(text).numerics).toEqual(numerics);
    const parsed = parseBundle(text, 'x.json');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.run.numerics).toEqual(numerics);
    const without = parseBundle(bundleJson(makeTestRun('y')), 'y.json');
    if (!without.ok) throw new Error(without.error);
    expect(without.run.numerics).toBeUndefined();
    const bad = JSON.parse(text);
    bad.numerics.passed = 'yes';
    expect(parseBundle(JSON.stringify(bad), 'z.json')).toMatchObject({ ok: false, error: expect.stringContaining('numerics.passed') });
  });

  it('rejects a wrong version, naming the file', () => {
    const text = bundleJson(makeTestRun('x')).replace('"version": 1', '"version": 2');
    expect(parseBundle(text, 'old.json')).toEqual({
      ok: false,
      error: 'old.json: bundle version 2 is not supported (this app reads version 1).',
    });
  });

  it('rejects other JSON files and wrong shapes with the field and the problem', () => {
    expect(parseBundle('[1,2]', 'a.json')).toMatchObject({
      ok: false,
      error: 'a.json: not a run bundle (expected a JSON object).',
    });
    expect(parseBundle('{"name":"x"}', 'b.json')).toMatchObject({
      ok: false,
      error: 'b.json: not a run bundle (schema is null, expected "srlhfv-run").',
    });
    const bad = JSON.parse(bundleJson(makeTestRun('x')));
    bad.metrics[3].rewardMean = 'high';
    delete bad.backend;
    const parsed = parseBundle(JSON.stringify(bad), 'c.json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toMatch(/^c\.json: invalid run bundle: /);
      expect(parsed.error).toContain('metrics[3].rewardMean');
      expect(parsed.error).toContain('backend');
    }
  });

  it('rejects truncated JSON', () => {
    const text = bundleJson(makeTestRun('x'));
    const parsed = parseBundle(text.slice(0, text.length / 2), 'cut.json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.error).toMatch(/^cut\.json: not valid JSON \(.+\); the file may be truncated/);
  });

  it('imports a bundle whose config has unknown or invalid settings, with warnings', () => {
    const bundle = JSON.parse(bundleJson(makeTestRun('x')));
    bundle.config.futureSetting = 3;
    bundle.config.threshold = 999;
    const parsed = parseBundle(JSON.stringify(bundle), 'new.json');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.run.config.threshold).toBe(defaultConfig().threshold);
    expect(parsed.warnings).toHaveLength(2);
    expect(parsed.warnings.join('\n')).toMatch(/new\.json: config\.futureSetting: unknown setting/);
    expect(parsed.warnings.join('\n')).toMatch(/new\.json: config\.threshold: .*default is used/);
  });

  it('imports a bundle whose config or changes use inherited object keys, naming each key', () => {
    const bundle = JSON.parse(bundleJson(makeTestRun('x')));
    for (const key of ['constructor', 'toString', 'hasOwnProperty']) bundle.config[key] = 1;
    bundle.configChanges = [{ afterIteration: 1, key: 'constructor', from: 1, to: 2 }];
    const parsed = parseBundle(JSON.stringify(bundle), 'odd.json');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.run.config).toEqual(makeTestRun('x').config);
    expect(parsed.warnings).toEqual([
      'odd.json: config.constructor: unknown setting "constructor" (ignored).',
      'odd.json: config.toString: unknown setting "toString" (ignored).',
      'odd.json: config.hasOwnProperty: unknown setting "hasOwnProperty" (ignored).',
      'odd.json: configChanges[0] (constructor → 2) is not a valid setting change; skipped.',
    ]);
  });

  it('carries live setting changes, skipping invalid ones with a warning', () => {
    const run = makeTestRun('x', 3, {
      configChanges: [{ afterIteration: 2, key: 'threshold', from: -0.25, to: 0.5 }],
    });
    const bundle = JSON.parse(bundleJson(run));
    const back = parseBundle(JSON.stringify(bundle), 'x.json');
    if (!back.ok) throw new Error(back.error);
    expect(back.run.configChanges).toEqual(run.configChanges);
    bundle.configChanges.push({ afterIteration: 3, key: 'threshold', from: 0.5, to: 99 });
    bundle.configChanges.push({ afterIteration: 3, key: 'warpDrive', from: 1, to: 2 });
    const partly = parseBundle(JSON.stringify(bundle), 'x.json');
    if (!partly.ok) throw new Error(partly.error);
    expect(partly.run.configChanges).toEqual(run.configChanges);
    expect(partly.warnings).toEqual([
      'x.json: configChanges[1] (threshold → 99) is not a valid setting change; skipped.',
      'x.json: configChanges[2] (warpDrive → 2) is not a valid setting change; skipped.',
    ]);
  });
});
