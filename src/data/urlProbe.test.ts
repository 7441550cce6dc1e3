import { describe, expect, it } from 'vitest';
import { dataFileUrl, formatBytes } from './urlProbe';

describe('data URL helpers', () => {
  it('turns Hub blob pages into resolve links and leaves other URLs alone', () => {
    expect(dataFileUrl('https://huggingface.co/datasets/x/blob/main/data/a/train.parquet').href).toBe('https://huggingface.co/datasets/x/resolve/main/data/a/train.parquet');
    expect(dataFileUrl(' https://hub.example/blob/f.json ').href).toBe('https://hub.example/blob/f.json');
    expect(() => dataFileUrl('not a url')).toThrow();
  });

  it('formats sizes', () => {
    expect(formatBytes(209_715_200)).toBe('209.7 MB');
    expect(formatBytes(812_000)).toBe('812 KB');
    expect(formatBytes(3_500_000_000)).toBe('3.50 GB');
    expect(formatBytes(null)).toBe('unknown size');
  });
});
