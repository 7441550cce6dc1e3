import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { PpoEngine } from '../train/ppo/engine';
import { disposeModels, tinyConfig, tinyInit, tinyModels } from '../train/ppo/testing/fixtures';
import type { PpoMetricRow } from '../train/ppo/types';
import type { ConfigApplied } from './configChange';
import { ExperimentRun } from './experimentRun';

describe('ExperimentRun (the experiment core run loop)', () => {
  const models = tinyModels(5);
  beforeAll(async () => setNodeBackend('cpu'));
  afterAll(() => disposeModels(models));

  const newRun = (overrides: Parameters<typeof tinyConfig>[0], options: ConstructorParameters<typeof ExperimentRun>[1] = {}) =>
    new ExperimentRun(new PpoEngine(tinyInit(tinyConfig({ evalEvery: 100, maxResponseTokens: 4, ...overrides }), models)), options);

  it('runs to the end with the same rows as stepping the engine directly, and no tensor leak', async () => {
    const direct = new PpoEngine(tinyInit(tinyConfig({ evalEvery: 100, maxResponseTokens: 4, iterations: 3 }), models));
    const directRows: PpoMetricRow[] = [];
    while (direct.iteration < 3) directRows.push((await direct.step()).row!);
    direct.dispose();

    const before = tf.memory().numTensors;
    const run = newRun({ iterations: 3 });
    const rows: PpoMetricRow[] = [];
    const phases: string[] = [];
    const ended = await run.run({ onPhase: (result) => (phases.push(result.phase), result.row && rows.push(result.row)) });
    expect(ended).toEqual({ end: 'finished' });
    expect(phases).toHaveLength(15); // 3 iterations × 5 phases
    const deterministic = (row: PpoMetricRow) => [row.iteration, row.rewardMean, row.costMean, row.lambda, row.kl, row.actorLoss];
    expect(rows.map(deterministic)).toEqual(directRows.map(deterministic));
    run.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('makes scripted edits at their boundary and records every edit with the engine iteration it went in at', async () => {
    const reports: ConfigApplied[] = [];
    const run = newRun(
      { iterations: 4, threshold: -0.5 },
      { schedule: [{ iteration: 2, key: 'threshold', value: 1.5, from: -0.5 }], onConfigApplied: (a) => reports.push(a) },
    );
    const thresholds: number[] = [];
    let liveDone = false;
    await run.run({
      onPhase: (result) => {
        if (result.row) thresholds.push(result.row.threshold);
        // A live edit in the middle of iteration 3 (after its rollout): recorded after iteration 3.
        if (!liveDone && result.iteration === 3 && result.phase === 'rollout') {
          liveDone = true;
          expect(run.edit({ lambdaLr: 0.3, lambdaInit: 7 })).toEqual({ applied: ['lambdaLr'], needsReset: ['lambdaInit'], iteration: 3 });
        }
      },
    });
    expect(thresholds).toEqual([-0.5, -0.5, 1.5, 1.5]);
    expect(run.configChanges).toEqual([
      { afterIteration: 2, key: 'threshold', from: -0.5, to: 1.5 },
      { afterIteration: 3, key: 'lambdaLr', from: 0.1, to: 0.3 },
    ]);
    expect(reports.map((r) => [r.source, r.iteration, r.applied])).toEqual([
      ['scripted', 2, ['threshold']],
      ['live', 3, ['lambdaLr']],
    ]);
    expect(reports[0].scheduled).toEqual([{ iteration: 2, key: 'threshold', value: 1.5, from: -0.5 }]);
    expect(run.pendingSchedule).toEqual([]);
    // The setting that needs a reset waits for it, then the run starts over with no recorded edits.
    expect(run.config.lambdaInit).not.toBe(7);
    expect(run.configForReset).toMatchObject({ lambdaInit: 7, lambdaLr: 0.3, threshold: 1.5 });
    run.reset();
    expect(run.engine.lambda).toBeCloseTo(7, 10);
    expect(run.configChanges).toEqual([]);
    run.dispose();
  });

  it('a live edit carries only the changed settings, so it never undoes a scripted one', async () => {
    const run = newRun({ iterations: 3, threshold: -0.5 }, { schedule: [{ iteration: 1, key: 'threshold', value: 2 }] });
    await run.step();
    await run.step(); // the scripted edit went in before this iteration
    expect(run.config.threshold).toBe(2);
    expect(run.edit({ temperature: 0.9 }).applied).toEqual(['temperature']);
    expect(run.config.threshold).toBe(2);
    // An edit to the value in force changes nothing and records nothing.
    expect(run.edit({ threshold: 2 }).applied).toEqual([]);
    expect(run.configChanges.map((c) => c.key)).toEqual(['threshold', 'temperature']);
    run.dispose();
  });

  it('reports a scripted edit that changed nothing, so a pending list can drop it', () => {
    const reports: ConfigApplied[] = [];
    const run = newRun({ iterations: 2, threshold: -0.5 }, {
      schedule: [{ iteration: 0, key: 'threshold', value: -0.5 }],
      onConfigApplied: (a) => reports.push(a),
    });
    expect(run.applyDueChanges()).toEqual([]);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ source: 'scripted', applied: [], changes: [] });
    expect(run.configChanges).toEqual([]);
    run.dispose();
  });

  it('stops between phases when interrupted and ends "halted" when the NaN guard stops an iteration', async () => {
    const run = newRun({ iterations: 5 });
    let phases = 0;
    expect(await run.run({ shouldInterrupt: () => phases >= 2, onPhase: () => phases++ })).toEqual({ end: 'interrupted' });
    expect(run.engine.nextPhase).toBe('advantages');
    run.edit({ actorLr: Number.NaN });
    const ended = await run.run();
    expect(ended).toMatchObject({ end: 'halted', iteration: 0 });
    run.dispose();
  });
});
