import { describe, expect, it } from 'vitest';
import { tinyPromptData } from '../train/ppo/testing/fixtures';
import { canNestWorkers, groupThreadPlan, MAX_GROUP_THREADS, MEMBER_COPY_BUDGET_BYTES, promptDataBytes } from './memberWorkers';

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

  it('copies the encoded prompts no more often than their budget allows', () => {
    const mb = 2 ** 20;
    expect(groupThreadPlan(4, 8, wasm, true, 100 * mb).threads).toBe(4);
    // 92 MB (BeaverTails-V's train split at 16 px) fits four workers; 367 MB (at 32 px) one copy; 1.4 GB (64 px) none.
    expect(groupThreadPlan(4, 8, wasm, true, 92 * mb).threads).toBe(4);
    expect(groupThreadPlan(4, 8, wasm, true, 367 * mb)).toEqual({ threads: 2, why: `the encoded prompts (367 MB) allow one copy within ${MEMBER_COPY_BUDGET_BYTES / mb} MB` });
    expect(groupThreadPlan(4, 8, wasm, true, 1400 * mb)).toEqual({ threads: 1, why: 'the encoded prompts (1400 MB) allow no copy within 512 MB' });
  });

  it('counts the bytes of the encoded prompts', () => {
    const data = tinyPromptData(10);
    // 10 records: 8×8×3 float pixels, 4 question and 2×6 response int ids, 2 lengths, 5 one-byte and 1 int per record…
    const expected = 10 * (8 * 8 * 3 * 4 + 4 * 4 + 12 * 4 + 2 * 4 + 1 + 1 + 4 + 1 + 1);
    expect(promptDataBytes(data)).toBe(expected);
  });

  it('sees no nested workers in Node', () => {
    expect(canNestWorkers()).toBe(false);
  });
});
