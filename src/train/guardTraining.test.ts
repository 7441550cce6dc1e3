import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { defaultConfig } from '../config/params';
import { GuardModel } from '../models/guardModel';
import { classReport, guardExamples, trainGuard, unsafePrecisionRecall, type GuardStepRow } from './guardTraining';
import { FIXTURE_SIZES, syntheticPairs } from './scoreFixtures';

describe('guard training', () => {
  beforeAll(async () => setNodeBackend('cpu'));

  it('builds response and question-only examples with the documented targets', () => {
    const data = syntheticPairs(10);
    const examples = guardExamples(data, 0);
    expect(examples.record.length).toBe(8 * 3);
    for (let e = 0; e < examples.record.length; e++) {
      const i = examples.record[e];
      const row = examples.responseRow[e];
      if (row >= 0) {
        expect(examples.unsafe[e]).toBe(data.isSafe[row] ? 0 : 1);
        expect(examples.severity[e]).toBe(data.isSafe[row] ? 0 : Math.min(3, -data.harmlessRate[row]));
      } else {
        const anyUnsafe = !data.isSafe[2 * i] || !data.isSafe[2 * i + 1];
        expect(examples.unsafe[e]).toBe(anyUnsafe || data.severity[i] >= 2 ? 1 : 0);
      }
    }
  });

  it('unsafe precision and recall by hand: TP 2, FP 1, FN 1 → 2/3 and 2/3; NaN when undefined', () => {
    expect(unsafePrecisionRecall([1, 1, 0, 0, 1], [1, 0, 1, 0, 1])).toEqual({ unsafePrecision: 2 / 3, unsafeRecall: 2 / 3 });
    expect(unsafePrecisionRecall([1, 0, 0], [1, 1, 1])).toEqual({ unsafePrecision: 1, unsafeRecall: 1 / 3 });
    const none = unsafePrecisionRecall([0, 0], [0, 0]);
    expect(none.unsafePrecision).toBeNaN();
    expect(none.unsafeRecall).toBeNaN();
  });

  it('loss drops, unsafe accuracy rises, memory is flat across epochs', async () => {
    const data = syntheticPairs(160);
    const model = GuardModel.create(FIXTURE_SIZES, 1);
    const rows: GuardStepRow[] = [];
    const afterEpoch: number[] = [];
    const before = tf.memory().numTensors;
    const result = await trainGuard({
      model,
      encoded: data,
      config: { ...defaultConfig(), scoreEpochs: 4, scoreBatch: 16, scoreLr: 1e-2 },
      onStep: (row) => rows.push(row),
      onEval: () => afterEpoch.push(tf.memory().numTensors),
    });
    expect(rows.at(-1)!.loss).toBeLessThan(rows[0].loss * 0.8);
    expect(result.metrics!.unsafeAccuracy).toBeGreaterThan(0.75);
    expect(result.metrics!.unsafePrecision).toBeGreaterThan(0.5);
    expect(result.metrics!.unsafeRecall).toBeGreaterThan(0.5);
    expect(result.metrics!.severity.confusion).toHaveLength(4);
    expect(result.metrics!.category.confusion).toHaveLength(20);
    expect(new Set(afterEpoch).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('class report: precision, recall and confusion', () => {
    const report = classReport(['a', 'b'], [0, 0, 1, 1], [0, 1, 1, 1]);
    expect(report.confusion).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(report.precision).toEqual([1, 2 / 3]);
    expect(report.recall).toEqual([0.5, 1]);
    expect(report.accuracy).toBe(0.75);
  });
});
