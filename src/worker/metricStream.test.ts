import { describe, expect, it, vi } from 'vitest';
import { MetricStream } from './metricStream';
import type { MetricBatch } from './protocol';

describe('MetricStream', () => {
  it('batches many rows into at most one message per interval', async () => {
    vi.useFakeTimers();
    const sent: MetricBatch[] = [];
    const stream = new MetricStream('demo', ['step', 'loss'], (b) => sent.push(b), 100, false);
    for (let step = 0; step < 50; step++) {
      stream.push({ step, loss: 1 / (step + 1) });
      vi.advanceTimersByTime(10); // 50 steps over 500 ms
    }
    stream.flush();
    vi.useRealTimers();
    expect(sent.length).toBeLessThanOrEqual(7);
    const rows = sent.flatMap((b) => Array.from(b.rows));
    expect(rows.length).toBe(100);
    expect(rows.slice(0, 4)).toEqual([0, 1, 1, 0.5]);
  });
});
