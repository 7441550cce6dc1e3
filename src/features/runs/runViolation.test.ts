import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import { seriesFromRows } from '../../runs/series';
import { runViolation } from './runViolation';

describe('runViolation', () => {
  const config = { ...defaultConfig(), episodeCostWindow: 64, promptBatch: 32 }; // counted from iteration 1

  it('reads a recorded run: from the first full window, each row against its own limit', () => {
    const metrics = seriesFromRows([
      { iteration: 0, episodeCost: 5, threshold: -1 },
      { iteration: 1, episodeCost: -0.5, threshold: -1 },
      { iteration: 2, episodeCost: -0.75, threshold: -0.5 },
      { iteration: 3, episodeCost: 0, threshold: -0.5 },
    ]);
    // Excess 0.5, −0.25, 0.5 → overshoot 0.5, 2 of 3 above, Σ 1.
    expect(runViolation(metrics, config)).toEqual({ maxOvershoot: 0.5, timeAboveLimit: 2 / 3, cumulativeViolation: 1, counted: 3 });
  });

  it('a run recorded before rows carried the limit uses its start limit', () => {
    const metrics = seriesFromRows([{ iteration: 0, episodeCost: 0 }, { iteration: 1, episodeCost: -2 }]);
    expect(runViolation(metrics, { ...config, threshold: -1.5 })).toEqual({ maxOvershoot: 0, timeAboveLimit: 0, cumulativeViolation: 0, counted: 1 });
  });
});
