import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend, settleWithin } from './select';

describe('settleWithin', () => {
  it('passes a result that comes in time through, and rejects with the message when none comes', async () => {
    await expect(settleWithin(Promise.resolve(7), 1000, 'late')).resolves.toBe(7);
    await expect(settleWithin(Promise.reject(new Error('own')), 1000, 'late')).rejects.toThrow('own');
    await expect(settleWithin(new Promise(() => {}), 20, 'no thread workers')).rejects.toThrow('no thread workers');
  });
});

describe('a threaded wasm build that never starts', () => {
  it('ends in an error naming the cause and the way out, instead of waiting forever', async () => {
    // A stand-in for tfjs-wasm's threaded build whose thread workers were refused: its init never settles.
    if (tf.engine().registryFactory.wasm) tf.removeBackend('wasm');
    tf.registerBackend('wasm', () => new Promise<tf.KernelBackend>(() => {}));
    const probe = { adapter: null, webglRenderer: null };
    await expect(selectBackend('wasm', probe, { wasmStartTimeoutMs: 50 })).rejects.toThrow(
      /did not start within 0 s: its thread workers need blob: in the page's script-src .* Reload without \?threads=/,
    );
  });
});
