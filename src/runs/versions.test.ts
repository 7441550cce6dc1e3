import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_VERSION, TFJS_VERSION } from './versions';

describe('versions recorded with each run', () => {
  it('match package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(APP_VERSION).toBe(pkg.version);
    expect(TFJS_VERSION).toBe(pkg.dependencies['@tensorflow/tfjs']);
  });
});
