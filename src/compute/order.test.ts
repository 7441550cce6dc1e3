import { describe, expect, it } from 'vitest';
import { backendOrder } from './order';
import { backendFromSearch } from './types';

const hardware = { vendor: 'nvidia', architecture: 'ampere', description: '', isFallbackAdapter: false };
const fallback = { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true };
const swiftshaderGl = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

describe('backendOrder', () => {
  it('prefers webgpu on a hardware adapter', () => {
    expect(backendOrder('auto', hardware, 'ANGLE (NVIDIA)')).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
  it('picks wasm when the only adapter is a software fallback', () => {
    expect(backendOrder('auto', fallback, swiftshaderGl)[0]).toBe('wasm');
    expect(backendOrder('auto', fallback, swiftshaderGl)).toEqual(['wasm', 'cpu']);
  });
  it('tries an explicit choice first, then the auto order', () => {
    expect(backendOrder('webgpu', fallback, swiftshaderGl)).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(backendOrder('cpu', hardware, null)).toEqual(['cpu', 'webgpu', 'wasm']);
  });
  it('follows a measured order in auto, then the rule order; an explicit choice still comes first', () => {
    expect(backendOrder('auto', fallback, swiftshaderGl, ['webgl', 'wasm'])).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendOrder('auto', hardware, 'ANGLE (NVIDIA)', ['wasm', 'webgpu'])).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(backendOrder('auto', hardware, null, [])).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(backendOrder('webgpu', hardware, null, ['wasm'])).toEqual(['webgpu', 'wasm', 'cpu']);
  });
  it('reads ?backend= and rejects unknown values', () => {
    expect(backendFromSearch('?backend=webgl')).toBe('webgl');
    expect(backendFromSearch('?backend=tpu')).toBe('auto');
    expect(backendFromSearch('')).toBe('auto');
  });
});
