// The Runs area's summary CSV (src/runs/summaryCsv.ts) and the runner's summary.csv (summaryRow) agree: same names,
// same values, for the same run.
import { describe, expect, it } from 'vitest';
import { seriesToRows } from '../../src/runs/series';
import { summaryRow as appSummaryRow, SUMMARY_CSV_COLUMNS } from '../../src/runs/summaryCsv';
import { makeTestRun } from '../../src/runs/testRun';
import type { PpoEvalRow } from '../../src/train/ppo/evaluation';
import type { PpoMetricRow } from '../../src/train/ppo/types';
import { summaryRow, type RunBundle } from './run';

describe('app summary CSV vs runner summary.csv', () => {
  it('every app column but the run identity is a runner column with the same value', () => {
    const run = makeTestRun('a', 60, {});
    run.config = { ...run.config, algorithm: 'ppo-lag', threshold: 2 };
    run.costPilot = { sftCost: -1, floor: -3, ceiling: 1, prompts: 64, samplesPerPrompt: 8 };
    const bundle = {
      config: run.config,
      metrics: seriesToRows(run.metrics) as unknown as PpoMetricRow[],
      evaluations: seriesToRows(run.evaluations) as unknown as PpoEvalRow[],
      costPilot: run.costPilot,
    } as RunBundle;
    const runner = summaryRow('a', {}, bundle);
    const app = appSummaryRow(run, null, run.metrics, run.evaluations);
    const identity = new Set(['run', 'seed', 'algorithm', 'lambdaRule', 'threshold']);
    for (const column of SUMMARY_CSV_COLUMNS.filter((c) => !identity.has(c))) {
      expect(Object.hasOwn(runner, column), column).toBe(true);
      const [a, r] = [app[column], runner[column]];
      if (typeof r === 'number' && Number.isNaN(r)) expect(Number.isNaN(a as number), column).toBe(true);
      else expect(a, column).toEqual(r);
    }
  });
});
