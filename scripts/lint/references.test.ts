// The repository stands on its own: every `docs/…` file a source, test, script or doc names exists, and nothing
// points outside the repository (the notes once kept beside it in ../shared are in docs/ in the project's words).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const TEXT = /\.(ts|tsx|mjs|js|cjs|md|py|wat|css|html|json|yml|yaml)$|^\.ci\/run$/;

function trackedTextFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
    .split('\n')
    .filter((file) => file && TEXT.test(file) && !file.startsWith('public/') && file !== 'package-lock.json' && existsSync(file));
}

describe('references', () => {
  const files = trackedTextFiles().map((file) => ({ file, text: readFileSync(file, 'utf8') }));

  it('name only docs/ files that exist', () => {
    const missing: string[] = [];
    for (const { file, text } of files) {
      for (const match of text.matchAll(/(?<![\w./-])docs\/([\w.-]+\.(?:md|png|svg))/g)) {
        if (!existsSync(join('docs', match[1]))) missing.push(`${file}: docs/${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('never point outside the repository', () => {
    const outside: string[] = [];
    for (const { file, text } of files) {
      if (/\.\.\/shared\/|(?<![\w-])shared\/(docs|bench)\//.test(text)) outside.push(`${file}: ../shared`);
      if (!file.endsWith('.md')) continue;
      // Relative links and code-formatted paths in the docs resolve inside the repository.
      for (const match of text.matchAll(/\]\((\.\.?\/[^)\s#]+)|`(\.\.\/[^`\s]+)`/g)) {
        const target = normalize(join(dirname(file), match[1] ?? match[2]));
        if (target.startsWith('..')) outside.push(`${file}: ${match[1] ?? match[2]}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
