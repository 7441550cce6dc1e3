import { describe, expect, it } from 'vitest';
import { pathColor, thinPath } from './ScatterPath';

describe('thinPath', () => {
  it('keeps short paths whole and thins long ones keeping both ends', () => {
    expect(thinPath([1, 2, 3], 5)).toEqual([1, 2, 3]);
    const long = Array.from({ length: 1000 }, (_, i) => i);
    const thin = thinPath(long, 100);
    expect(thin.length).toBe(100);
    expect(thin[0]).toBe(0);
    expect(thin[99]).toBe(999);
  });

  it('darkens along the path', () => {
    expect(pathColor(0)).not.toBe(pathColor(1));
    expect(pathColor(2)).toBe(pathColor(1));
  });
});
