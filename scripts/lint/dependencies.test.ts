// package.json declares exactly what the code imports, plus the tools that run from the command line (each with the
// reason it is declared). A package imported but not declared works only by accident of hoisting; one declared but
// never used is weight in every install.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Declared without being imported by the code, and why. */
const TOOLS: Record<string, string> = {
  '@tensorflow/tfjs-core': 'peer dependency of the wasm and webgpu backends, pinned to the same version',
  '@tensorflow/tfjs-backend-cpu': 'pinned beside @tensorflow/tfjs, which bundles it',
  '@tensorflow/tfjs-backend-webgl': 'pinned beside @tensorflow/tfjs, which bundles it',
  '@types/node': 'type declarations (tsconfig types)',
  '@types/react': 'type declarations',
  '@types/react-dom': 'type declarations',
  '@types/seedrandom': 'type declarations',
  '@webgpu/types': 'type declarations (tsconfig types)',
  'dependency-cruiser': 'npm run lint:layers',
  eslint: 'npm run lint',
  jsdom: "vitest's jsdom environment",
  prettier: 'npm run format',
  tsx: 'runs the scripts (npm run experiment, bench, …)',
  typescript: 'npm run typecheck',
};

const SOURCES = /\.(ts|tsx|mjs|js|cjs)$/;
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s+['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The package a bare specifier names ('@scope/name/sub' → '@scope/name'); null for relative, node: and virtual ids. */
function packageOf(specifier: string): string | null {
  if (/^(\.|\/|node:|virtual:)/.test(specifier) || specifier.includes('?') && specifier.startsWith('.')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function importedPackages(): Map<string, string> {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'scripts', 'e2e', '*.ts', '*.js'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => SOURCES.test(file));
  const found = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // deleted in the working tree
    }
    for (const match of text.matchAll(IMPORT)) {
      const name = packageOf(match[1] ?? match[2] ?? match[3] ?? match[4]);
      if (name && !found.has(name)) found.set(name, file);
    }
  }
  return found;
}

describe('declared dependencies', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, Record<string, string>>;
  const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)]);
  const imported = importedPackages();

  it('cover every package the code imports', () => {
    const missing = [...imported].filter(([name]) => !declared.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });

  it('are each imported or a listed tool', () => {
    const unused = [...declared].filter((name) => !imported.has(name) && !(name in TOOLS));
    expect(unused).toEqual([]);
  });
});
