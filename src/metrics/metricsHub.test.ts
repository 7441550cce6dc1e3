import { describe, expect, it } from 'vitest';
import { flush, metricTable, pushMetrics, resetStream, seedHistory } from './metricsHub';

describe('seedHistory (the e2e hook for long histories)', () => {
  it('replaces the stream with recorded rows, and live rows continue its iteration count', () => {
    const columns = ['iteration', 'lambda'];
    seedHistory('seeded', columns, [0, 5, 1, 4, 2, 3]);
    expect(metricTable('seeded')!.length).toBe(3);
    // The engine's own count starts again at 7: its rows are renumbered to follow the history (3, 4).
    pushMetrics({ stream: 'seeded', columns, rows: Float64Array.from([7, 2, 8, 1]) });
    flush();
    expect(Array.from(metricTable('seeded')!.column('iteration'))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(metricTable('seeded')!.column('lambda'))).toEqual([5, 4, 3, 2, 1]);
    // A reset (new run) forgets the history and the renumbering.
    resetStream('seeded');
    pushMetrics({ stream: 'seeded', columns, rows: Float64Array.from([0, 9]) });
    flush();
    expect(Array.from(metricTable('seeded')!.column('iteration'))).toEqual([0]);
  });
});
