// Issue 26 item 7: a hostile bundle (8,000 metric columns; a huge table) is refused with a named error, quickly and
// without a large allocation, and the next good bundle still imports.
import { describe, expect, it } from 'vitest';
import { parseBundle } from './bundle';
import { MAX_METRIC_CELLS, metricTableProblem } from './bundleLimits';

function bundle(metrics: Record<string, number>[]): string {
  return JSON.stringify({ schema: 'srlhfv-run', version: 1, config: {}, metrics, backend: 'cpu', startedAt: '2026-01-01T00:00:00Z' });
}

describe('bundle table bounds', () => {
  it('refuses the 8,000-column bundle naming the field, the column and the limit; the next good bundle imports', () => {
    const row: Record<string, number> = { iteration: 0 };
    for (let c = 0; c < 8000; c++) row[`m${c}`] = c;
    const hostile = bundle([row, { iteration: 1 }]);
    const rss = process.memoryUsage().rss;
    const t0 = Date.now();
    const result = parseBundle(hostile, 'wide.json');
    expect(result).toEqual({
      ok: false,
      error: 'wide.json: metrics has more than 1,000 metric columns (row 0 brings column 1,001, "m999"); a run records fewer than 100, so this is not a bundle this app wrote.',
    });
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(1024 ** 3);
    const good = parseBundle(bundle([{ iteration: 0, rewardMean: 1 }, { iteration: 1, rewardMean: 2 }]), 'good.json');
    expect(good.ok && good.run.metrics.columns).toEqual(['iteration', 'rewardMean']);
  });

  it('refuses a table over the cell limit and accepts one at it', () => {
    const columns = 100;
    const rowsAtLimit = MAX_METRIC_CELLS / columns;
    const row = Object.fromEntries(Array.from({ length: columns }, (_, c) => [`m${c}`, 0]));
    expect(metricTableProblem('evaluations', new Array(rowsAtLimit).fill(row))).toBeNull();
    expect(metricTableProblem('evaluations', new Array(rowsAtLimit + 1).fill(row))).toBe(
      'evaluations holds 250,001 rows × 100 columns = 25,000,100 values, more than the 25,000,000 an imported run may hold.',
    );
  });
});
