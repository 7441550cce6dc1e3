import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import '../compute/nodeBackends';
import { selectBackend } from '../compute/select';
import { BROKEN_ADDN_BACKEND, registerBrokenAddNBackend, registerStandInBackend, STAND_IN_BACKEND } from '../compute/standInBackend';
import { checkActiveBackend, checkAgainstLiveCpu } from './numericsCheck';
import { PpoEngine } from './ppo/engine';
import { disposeModels, tinyConfig, tinyInit, tinyModels } from './ppo/testing/fixtures';

const noGpu = { adapter: null, webglRenderer: null };

describe('the numerics check before a backend trains', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('refuses a backend with wrong gradients, naming the variable, and training goes on with the next', async () => {
    registerStandInBackend();
    const info = await selectBackend('auto', noGpu, { verify: checkActiveBackend, before: [STAND_IN_BACKEND] });
    expect(info.active).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.notices[0]).toMatch(/^wrong-gradients refused by the numerics check: (policy|critic|score) ∇\S+ is .* on wrong-gradients, .* on cpu \(deviation 5\.0e-1, tolerance 1\.0e-3; \d+ of 68 values outside\); trying the next backend\.$/);
    expect(info.numerics).toMatchObject({ backend: 'wasm', passed: true, tolerance: 1e-3 });
    expect(info.numerics!.maxDeviation!).toBeLessThan(1e-4);
    const models = tinyModels(3);
    const engine = new PpoEngine(tinyInit(tinyConfig({ iterations: 2 }), models));
    try {
      const result = await engine.step();
      expect(result.halted).toBeUndefined();
      expect(engine.iteration).toBe(1);
    } finally {
      engine.dispose();
      disposeModels(models);
    }
  }, 120_000);

  it('refuses a backend whose AddN drops inputs past 7 (the global-norm clip of the optimiser step), naming the clip factor', async () => {
    registerBrokenAddNBackend();
    const info = await selectBackend('auto', noGpu, { verify: checkActiveBackend, before: [BROKEN_ADDN_BACKEND] });
    expect(info.active).toBe('wasm');
    expect(info.notices[0]).toMatch(/^broken-addn refused by the numerics check: policy step clip factor is .* on broken-addn, .* on cpu/);
  }, 120_000);

  it('the panel check computes cpu now, compares, and restores the active backend', async () => {
    await tf.setBackend('wasm');
    const { verdict, ms } = await checkAgainstLiveCpu('wasm');
    expect(verdict.passed).toBe(true);
    expect(verdict.compared).toBe(68);
    expect(ms).toBeGreaterThan(0);
    expect(tf.getBackend()).toBe('wasm');
  }, 120_000);
});
