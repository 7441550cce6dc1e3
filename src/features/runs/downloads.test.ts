import { describe, expect, it } from 'vitest';
import { fileSafe } from './downloads';

describe('fileSafe', () => {
  it('keeps minus signs of run names (U+2212) as "-"', () => {
    expect(fileSafe('ppo-lag thr −0.5 #3')).toBe('ppo-lag_thr_-0.5_3');
    expect(fileSafe('ppo-lag thr −0.5→−1@40 #2')).toBe('ppo-lag_thr_-0.5_-1_40_2');
  });
  it('keeps ASCII minus and maps other dashes to "-"', () => {
    expect(fileSafe('thr -1.5')).toBe('thr_-1.5');
    expect(fileSafe('a – b — c')).toBe('a_-_b_-_c');
  });
  it('falls back to "run" and cuts long names', () => {
    expect(fileSafe('→→')).toBe('run');
    expect(fileSafe('x'.repeat(200))).toHaveLength(80);
  });
});
