import { describe, expect, it } from 'vitest';
import { MetricTable } from './metricTable';

describe('MetricTable', () => {
  it('appends row-major batches across growth and reads columns', () => {
    const table = new MetricTable(['step', 'loss']);
    for (let i = 0; i < 1000; i++) table.append([i, i * 2]);
    expect(table.length).toBe(1000);
    expect(table.column('loss')[999]).toBe(1998);
    expect(table.last('step')).toBe(999);
    expect(table.column('nope').length).toBe(0);
    expect(table.toRows()[3]).toEqual({ step: 3, loss: 6 });
    table.clear();
    expect(table.length).toBe(0);
  });
});
