import { describe, expect, it } from 'vitest';
import { loopsOnMemory } from './wasmLoops';

/** Writes `values` as float32 at byte offset `at` of `memory`. */
function put(memory: WebAssembly.Memory, at: number, values: number[]): void {
  new Float32Array(memory.buffer, at, values.length).set(values);
}

function read(memory: WebAssembly.Memory, at: number, n: number): number[] {
  return [...new Float32Array(memory.buffer, at, n)];
}

describe('wasm loops on plain and shared memories', () => {
  // tfjs-wasm's threaded build runs on a shared memory of at most 65,536 pages: the shared variant must link there.
  const plain = new WebAssembly.Memory({ initial: 1 });
  const shared = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });

  it('instantiates on both (the shared build once threads are on)', () => {
    expect(loopsOnMemory(plain)).not.toBeNull();
    expect(loopsOnMemory(shared)).not.toBeNull();
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('sums columns and adds rows the same, by hand and on either memory', () => {
    for (const memory of [plain, shared]) {
      const loops = loopsOnMemory(memory)!;
      put(memory, 0, [1, 2, 3, 4, 5, 6]); // 3 rows × 2 columns
      loops.columnSums(0, 3, 2, 64);
      expect(read(memory, 64, 2)).toEqual([9, 12]);
      put(memory, 128, [10, 20]);
      loops.addRows(0, 8, 128, 0, 256, 8, 3, 2); // each row + [10, 20]
      expect(read(memory, 256, 6)).toEqual([11, 22, 13, 24, 15, 26]);
    }
  });

  it('gives identical bits on both memories for awkward values and widths', () => {
    const rows = 7;
    const cols = 13; // not a multiple of the 4-lane SIMD width
    const values = Array.from({ length: rows * cols }, (_, i) => Math.fround(Math.sin(i * 12.9898) * 1e3) / (i % 5 ? 7 : 3));
    const sums = [plain, shared].map((memory) => {
      put(memory, 0, values);
      loopsOnMemory(memory)!.columnSums(0, rows, cols, 1024);
      return new Uint32Array(memory.buffer.slice(1024, 1024 + cols * 4));
    });
    expect([...sums[1]]).toEqual([...sums[0]]);
  });
});
