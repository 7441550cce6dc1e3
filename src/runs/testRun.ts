// Test helper (imported only by *.test.ts): a small, complete run record.
import { defaultConfig } from '../config/params';
import { PPO_EVAL_COLUMNS, PPO_METRIC_COLUMNS } from '../train/ppo/types';
import { seriesFromColumns, summarize } from './series';
import type { RunRecord } from './types';

export function makeTestRun(id: string, iterations = 5, overrides: Partial<RunRecord> = {}): RunRecord {
  const metricData = PPO_METRIC_COLUMNS.map((name) =>
    Array.from({ length: iterations }, (_, i) =>
      name === 'iteration' ? i : name === 'costCriticLoss' ? NaN : i * 0.5 - 1,
    ),
  );
  const evalData = PPO_EVAL_COLUMNS.map((name) => [
    name === 'iteration' ? 0 : 0.1,
    name === 'iteration' ? iterations : 0.2,
  ]);
  const metrics = seriesFromColumns(PPO_METRIC_COLUMNS, metricData, iterations);
  const evaluations = seriesFromColumns(PPO_EVAL_COLUMNS, evalData, 2);
  return {
    id,
    seq: 1,
    name: `run ${id}`,
    tags: ['a'],
    notes: 'note',
    config: { ...defaultConfig(), threshold: -0.25 },
    backend: 'cpu',
    versions: { app: '0.1.0', tfjs: '4.22.0' },
    startedAt: '2026-01-01T10:00:00.000Z',
    endedAt: '2026-01-01T10:05:00.000Z',
    status: 'finished',
    source: 'recorded',
    summary: summarize(metrics, evaluations),
    metrics,
    evaluations,
    generations: [],
    ...overrides,
  };
}
