import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SCRIPT_DIR_LINE, selfContainedThreadedWasm } from '../vite.config';

type Transform = (code: string, id: string) => { code: string } | null;

// The build rewrites tfjs-wasm's threaded factory so its thread workers can start (vite.config.ts).
describe('self-contained threaded wasm factory', () => {
  const transform = selfContainedThreadedWasm().transform as unknown as Transform;
  const id = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const source = readFileSync(id, 'utf8');

  it('drops the one line that refers outside the factory, in the installed tfjs-wasm', () => {
    expect(source).toContain(SCRIPT_DIR_LINE);
    const out = transform(source, id)!.code;
    expect(out).not.toContain('_scriptDir){scriptDirectory');
    expect(out.length).toBe(source.length - SCRIPT_DIR_LINE.length);
  });

  it('leaves other modules alone and fails loudly on a factory it does not know', () => {
    expect(transform(source, '/x/node_modules/other/index.js')).toBeNull();
    expect(() => transform('function factory() {}', id)).toThrow(/expected .* in tfjs-wasm's threaded factory/);
  });
});
