import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { compareFingerprints, NUMERICS_TOLERANCE, verdictText } from '../compute/numerics';
import { registerStandInBackend, STAND_IN_BACKEND } from '../compute/standInBackend';
import { numericsFingerprint } from './numericsFingerprint';

// A small vocabulary keeps the test quick; the models are otherwise at the check's sizes.
const VOCAB = 40;

describe('numericsFingerprint', () => {
  afterAll(async () => {
    await setNodeBackend('cpu');
  });

  it('gives every model a loss, a gradient norm per variable and outputs, and leaves no tensors', async () => {
    await setNodeBackend('cpu');
    const before = tf.memory().numTensors;
    const fingerprint = await numericsFingerprint(VOCAB);
    expect(tf.memory().numTensors).toBe(before);
    const names = Object.keys(fingerprint);
    for (const prefix of ['policy', 'critic', 'score']) {
      expect(fingerprint[`${prefix} loss`]).toBeGreaterThan(0);
      expect(names.filter((n) => n.startsWith(`${prefix} ∇`)).length).toBeGreaterThan(5);
    }
    expect(fingerprint['policy ∇gru/wh']).toBeGreaterThan(0);
    expect(fingerprint['critic ∇gru/wh']).toBeGreaterThan(0);
    expect(names).toContain('policy logit[3]');
    expect(names).toContain('score score[0]');
    for (const value of Object.values(fingerprint)) expect(Number.isFinite(value)).toBe(true);
    // Deterministic: the same numbers again.
    expect(await numericsFingerprint(VOCAB)).toEqual(fingerprint);
  }, 60_000);

  it('wasm (fused GRU, fused kernels) agrees with cpu within the tolerance', async () => {
    await setNodeBackend('cpu');
    const reference = await numericsFingerprint(VOCAB);
    await setNodeBackend('wasm');
    const verdict = compareFingerprints('wasm', reference, await numericsFingerprint(VOCAB));
    await setNodeBackend('cpu');
    expect(verdict.passed, verdictText(verdict)).toBe(true);
    expect(verdict.maxDeviation).toBeLessThan(NUMERICS_TOLERANCE.relative / 10);
  }, 60_000);

  it('refuses a stand-in backend with wrong weight gradients, naming a gradient', async () => {
    registerStandInBackend();
    await setNodeBackend('cpu');
    const reference = await numericsFingerprint(VOCAB);
    expect(await tf.setBackend(STAND_IN_BACKEND)).toBe(true);
    const candidate = await numericsFingerprint(VOCAB);
    const verdict = compareFingerprints(STAND_IN_BACKEND, reference, candidate);
    await setNodeBackend('cpu');
    expect(verdict.passed).toBe(false);
    // Forward values agree (the fault is in dW = xᵀ·dy only); the losses are untouched.
    expect(candidate['policy loss']).toBe(reference['policy loss']);
    expect(verdict.worst!.name).toMatch(/∇/);
    expect(verdict.maxDeviation).toBeCloseTo(0.5, 1);
    expect(verdictText(verdict)).toMatch(/^wrong-gradients refused by the numerics check: \w+ ∇\S+ is /);
  }, 60_000);
});
