import { describe, expect, it } from 'vitest';
import { wasmThreadsFromSearch } from '../../compute/types';
import { wasmThreadsText } from './wasmThreadsText';

describe('?threads= and the WASM line of the compute panel', () => {
  it('reads ?threads=N as a request for 2–8 threads, anything else as the single-threaded build', () => {
    expect(wasmThreadsFromSearch('?threads=2')).toBe(2);
    expect(wasmThreadsFromSearch('?backend=wasm&threads=4')).toBe(4);
    expect(wasmThreadsFromSearch('?threads=64')).toBe(8);
    for (const search of ['', '?threads=1', '?threads=0', '?threads=-3', '?threads=2.5', '?threads=two']) {
      expect(wasmThreadsFromSearch(search)).toBeNull();
    }
  });

  it('says which build runs with how many threads, and why not more', () => {
    const base = { active: 'wasm' as const, wasmThreads: 1, wasmThreadsRequested: null, crossOriginIsolated: true };
    expect(wasmThreadsText(base)).toBe('SIMD, 1 thread (single-threaded build; ?threads=N in the address asks for the threaded one)');
    expect(wasmThreadsText({ ...base, crossOriginIsolated: false })).toContain('needs a cross-origin isolated page');
    expect(wasmThreadsText({ ...base, wasmThreadsRequested: 2, wasmThreads: 2 })).toBe('SIMD + 2 threads (threaded build, ?threads=2)');
    expect(wasmThreadsText({ ...base, wasmThreadsRequested: 2, crossOriginIsolated: false })).toBe(
      'SIMD, 1 thread: ?threads=2 needs a cross-origin isolated page (COOP/COEP headers, docs/HOSTING.md)',
    );
    expect(wasmThreadsText({ ...base, active: 'webgpu', wasmThreadsRequested: 4 })).toBe('threaded build with 4 threads once wasm runs (?threads=4)');
  });
});
