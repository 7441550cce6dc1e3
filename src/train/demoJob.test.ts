import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { DemoMlp } from './demoJob';

describe('DemoMlp', () => {
  beforeAll(async () => setNodeBackend('cpu'));

  it('learns, does not leak tensors, and gives the same first loss on cpu and wasm', async () => {
    const mlp = new DemoMlp(7);
    const first = await mlp.step();
    await mlp.step();
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 100; i++) last = await mlp.step();
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(first * 0.7);
    mlp.dispose();

    await setNodeBackend('wasm');
    const onWasm = new DemoMlp(7);
    const firstWasm = await onWasm.step();
    onWasm.dispose();
    await setNodeBackend('cpu');
    expect(Math.abs(firstWasm - first) / first).toBeLessThan(1e-4);
  });
});
