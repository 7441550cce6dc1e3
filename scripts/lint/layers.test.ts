// The layer rules (scripts/lint/layers.cjs) on small throwaway trees: an import down the layers passes, an import up
// the layers and an import cycle fail, each naming its rule. `npm run lint:layers` runs the same rules on the repo.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const CONFIG = resolve('scripts/lint/layers.cjs');
const CLI = resolve('node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const dirs: string[] = [];

/** A tree of TypeScript files (path → source) in a temporary folder, cruised with the project's rules. */
function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  dirs.push(root);
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } }));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  const run = spawnSync(process.execPath, [CLI, 'src', '--config', CONFIG], { cwd: root, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('layer rules', () => {
  it('pass imports down the layers, the core reading run records included', () => {
    const result = cruise({
      'src/rl/gae.ts': 'export const gamma = 1;\n',
      'src/features/train/panel.ts': "import { gamma } from '../../rl/gae';\nexport const shown = gamma;\n",
      'src/runs/bundle.ts': 'export const schema = 1;\n',
      'src/experiment/record.ts': "import { schema } from '../runs/bundle';\nexport const s = schema;\n",
    });
    expect(result.output).toContain('no dependency violations');
    expect(result.status).toBe(0);
  });

  it('fail imports up the layers and import cycles, naming each', () => {
    const result = cruise({
      'src/features/train/panel.ts': 'export const shown = 1;\n',
      'src/rl/gae.ts': "import { shown } from '../features/train/panel';\nexport const gamma = shown;\n",
      'src/worker/client.ts': 'export const trainer = 1;\n',
      'src/runs/history.ts': 'export const history = 1;\n',
      'src/experiment/run.ts':
        "import { trainer } from '../worker/client';\nimport { history } from '../runs/history';\nexport const t = trainer + history;\n",
      // type-only imports count
      'src/state/store.ts': "import type { Slice } from './slice';\nexport type Store = { slice: Slice };\n",
      'src/state/slice.ts': "import type { Store } from './store';\nexport type Slice = { store?: Store };\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/layer-base: src\/rl\/gae\.ts → src\/features\/train\/panel\.ts/);
    expect(result.output).toMatch(/layer-experiment: src\/experiment\/run\.ts → src\/worker\/client\.ts/);
    expect(result.output).toMatch(/layer-experiment: src\/experiment\/run\.ts → src\/runs\/history\.ts/);
    expect(result.output).toMatch(/no-circular: src\/state\/(store|slice)\.ts/);
  });
});
