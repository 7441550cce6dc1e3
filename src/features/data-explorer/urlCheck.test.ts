import { describe, expect, it } from 'vitest';
import { urlProblem } from './urlCheck';

describe('urlProblem', () => {
  it('accepts hub resolve links and other http(s) URLs', () => {
    expect(urlProblem(' https://huggingface.co/datasets/saferlhf-v/BeaverTails-V/resolve/main/data/animal_abuse/evaluation.parquet ')).toBeNull();
    expect(urlProblem('http://localhost:8000/rows.json')).toBeNull();
    expect(urlProblem('https://huggingface.co/datasets/a/b/blob/main/data/x/evaluation.parquet')).toBeNull();
  });

  it('names the problem: empty, not a URL, wrong scheme', () => {
    expect(urlProblem('  ')).toBe('Enter a URL.');
    expect(urlProblem('data/x.parquet')).toContain('“data/x.parquet” is not a URL');
    expect(urlProblem('file:///tmp/x.parquet')).toContain('file:');
  });
});
