import { describe, expect, it } from 'vitest';
import { pickFromProbe, probeCacheKey } from './probePick';
import type { BackendProbeEntry } from './types';

function entry(backend: BackendProbeEntry['backend'], outcome: BackendProbeEntry['outcome'], msPerIteration: number | null, atLeastMs: number | null = null): BackendProbeEntry {
  return { backend, outcome, msPerIteration, atLeastMs, iterations: msPerIteration === null ? 0 : 3, elapsedMs: 5000, budgetMs: 8000, numerics: null, detail: '' };
}

describe('pickFromProbe', () => {
  it('picks the fastest measured backend and orders the rest by speed', () => {
    const result = pickFromProbe([entry('webgpu', 'measured', 40), entry('webgl', 'measured', 90), entry('wasm', 'measured', 170)]);
    expect(result.pick).toBe('webgpu');
    expect(result.order).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(result.reason).toBe('webgpu: the fastest that passed the numerics check (40.0 ms/iteration); then webgl 90.0 ms, wasm 170 ms.');
  });

  it('never picks a refused backend, however fast, and says why', () => {
    const result = pickFromProbe([entry('webgpu', 'refused', null), entry('wasm', 'measured', 168)]);
    expect(result.pick).toBe('wasm');
    expect(result.order).toEqual(['wasm']);
    expect(result.reason).toContain('webgpu refused by the numerics check');
  });

  it('on a machine without a GPU: wasm measured, the software GPUs cut off with a lower bound above it', () => {
    const result = pickFromProbe([
      entry('wasm', 'measured', 168),
      entry('webgl', 'cut-off', null, 2400),
      entry('webgpu', 'cut-off', null, 3100),
    ]);
    expect(result.pick).toBe('wasm');
    expect(result.reason).toBe(
      'wasm: the fastest that passed the numerics check (168 ms/iteration); webgl cut off at ≥ 2,400 ms/iteration; webgpu cut off at ≥ 3,100 ms/iteration.',
    );
  });

  it('says when a cut-off backend was not ruled out (cut off before an iteration, or below the pick)', () => {
    const result = pickFromProbe([entry('wasm', 'measured', 168), entry('webgpu', 'cut-off', null, null), entry('webgl', 'cut-off', null, 100)]);
    expect(result.pick).toBe('wasm');
    expect(result.reason).toContain('webgpu cut off by its 8,000 ms budget before a timed iteration');
    expect(result.reason).toContain('Not ruled out by measurement: webgpu, webgl');
  });

  it('picks nothing when nothing finished', () => {
    const result = pickFromProbe([entry('wasm', 'unavailable', null)]);
    expect(result).toEqual({ pick: null, reason: 'No backend finished the probe: wasm unavailable.', order: [] });
  });
});

describe('probeCacheKey', () => {
  it('changes with the adapter, the renderer, the wasm threads and the app version', () => {
    const adapter = { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true };
    const key = probeCacheKey('0.1.0', adapter, 'ANGLE (SwiftShader)', null);
    expect(key).toBe('backend-probe:v1:0.1.0:google|swiftshader||fallback:ANGLE (SwiftShader):threads=1');
    expect(probeCacheKey('0.2.0', adapter, 'ANGLE (SwiftShader)', null)).not.toBe(key);
    expect(probeCacheKey('0.1.0', { ...adapter, vendor: 'nvidia', isFallbackAdapter: false }, 'ANGLE (SwiftShader)', null)).not.toBe(key);
    expect(probeCacheKey('0.1.0', adapter, null, null)).not.toBe(key);
    expect(probeCacheKey('0.1.0', adapter, 'ANGLE (SwiftShader)', 4)).not.toBe(key);
  });
});
