import { describe, expect, it } from 'vitest';
import { canNestWorkers, groupThreadPlan, MAX_GROUP_THREADS } from './memberWorkers';

const wasm = { active: 'wasm' as const, wasmThreads: 1 };

describe('how a seed group spreads over threads', () => {
  it('uses one thread per core up to the seeds and the cap, on cpu and single-threaded wasm', () => {
    expect(groupThreadPlan(4, 2, wasm, true)).toEqual({ threads: 2, why: '2 of 2 cores' });
    expect(groupThreadPlan(4, 16, { active: 'cpu', wasmThreads: 1 }, true).threads).toBe(MAX_GROUP_THREADS);
    expect(groupThreadPlan(3, 8, wasm, true).threads).toBe(3);
    expect(groupThreadPlan(4, 1, wasm, true)).toEqual({ threads: 1, why: 'one core' });
  });

  it('keeps one thread for one seed, a GPU backend, threaded wasm, or where workers cannot nest', () => {
    expect(groupThreadPlan(1, 8, wasm, true)).toEqual({ threads: 1, why: 'one seed' });
    expect(groupThreadPlan(4, 8, { active: 'webgpu', wasmThreads: 1 }, true)).toEqual({ threads: 1, why: 'webgpu runs every member on one device' });
    expect(groupThreadPlan(4, 8, { active: 'wasm', wasmThreads: 2 }, true)).toEqual({ threads: 1, why: 'threaded wasm already uses 2 threads' });
    expect(groupThreadPlan(4, 8, wasm, false)).toEqual({ threads: 1, why: 'no nested workers here' });
    expect(groupThreadPlan(4, 8, null, true).threads).toBe(1);
  });

  it('sees no nested workers in Node', () => {
    expect(canNestWorkers()).toBe(false);
  });
});
