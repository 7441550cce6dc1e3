import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/params';
import { alignAnythingExport } from '../../src/runs/alignAnything/exportFiles';
import { parseArgs } from './args';
import { writeAlignAnythingExport } from './exportAlignAnything';

describe('npm run experiment -- --export-align-anything DIR', () => {
  it('parses its options', () => {
    expect(parseArgs(['--link', '#v=1&thr=-1', '--export-align-anything', 'out', '--gpus', '4', '--toy-scale'])).toMatchObject({
      exportAlignAnything: 'out', gpus: 4, toyScale: true,
    });
    expect(() => parseArgs(['--gpus', '4'])).toThrow(/apply to --export-align-anything/);
    expect(() => parseArgs(['--export-align-anything', 'o', '--gpus', '1e3'])).toThrow(/--gpus must be a whole number/);
  });

  it('writes the same files as the Runs area, scripts executable, and refuses a system folder', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'srlhfv-aa-')), 'export');
    const config = { ...defaultConfig(), threshold: -1 };
    const written = await writeAlignAnythingExport(dir, config, { gpus: 2 });
    const expected = alignAnythingExport(config, { gpus: 2 });
    expect(written).toEqual(expected.map((f) => join(dir, f.name)));
    for (const file of expected) {
      expect(await readFile(join(dir, file.name), 'utf8')).toBe(file.text);
      expect(((await stat(join(dir, file.name))).mode & 0o111) !== 0, file.name).toBe(file.executable);
    }
    await expect(writeAlignAnythingExport('/proc/self', config, {})).rejects.toThrow(/system folder/);
  });
});
