import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleLoops, BINARY_MODULE } from './assemble.mjs';

describe('the committed wasm loops module', () => {
  it('is what scripts/wasm/loops.wat assembles to (rebuild: node scripts/wasm/build.mjs)', async () => {
    const assembled: string = await assembleLoops();
    expect(readFileSync(BINARY_MODULE, 'utf8')).toBe(assembled);
  });
});
