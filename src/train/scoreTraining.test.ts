import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { defaultConfig } from '../config/params';
import { ScoreModel } from '../models/scoreModel';
import { FIXTURE_SIZES, syntheticPairs } from './scoreFixtures';
import { TrainingSignal } from './scoreData';
import { trainScoreModel, type ScoreStepRow } from './scoreTraining';

const config = { ...defaultConfig(), scoreEpochs: 3, scoreBatch: 16, scoreLr: 1e-2 };
const data = syntheticPairs(160);

describe('score training', () => {
  beforeAll(async () => setNodeBackend('cpu'));

  it('reward: loss drops, held-out accuracy rises, no tensor leak across epochs', async () => {
    const model = ScoreModel.create(FIXTURE_SIZES, 1);
    const before = tf.memory().numTensors;
    const rows: ScoreStepRow[] = [];
    const afterEpoch: number[] = [];
    const result = await trainScoreModel({
      kind: 'reward',
      model,
      encoded: data,
      config: { ...config, scoreEpochs: 4 },
      onStep: (row) => rows.push(row),
      onEval: () => afterEpoch.push(tf.memory().numTensors),
    });
    expect(result.steps).toBe(4 * Math.ceil(128 / 16));
    const firstLoss = rows.slice(0, 4).reduce((a, r) => a + r.loss, 0) / 4;
    const lastLoss = rows.slice(-4).reduce((a, r) => a + r.loss, 0) / 4;
    expect(lastLoss).toBeLessThan(firstLoss * 0.85);
    expect(result.metrics!.pairwiseAccuracy).toBeGreaterThan(0.7);
    expect(new Set(afterEpoch).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('cost: reports sign accuracy, stops on the signal, and keeps memory flat', async () => {
    const model = ScoreModel.create(FIXTURE_SIZES, 2);
    const signal = new TrainingSignal();
    const before = tf.memory().numTensors;
    const rows: ScoreStepRow[] = [];
    const result = await trainScoreModel({
      kind: 'cost',
      model,
      encoded: data,
      config,
      signal,
      onStep: (row) => {
        rows.push(row);
        if (row.step === 11) signal.stop();
      },
    });
    expect(result.stopped).toBe(true);
    expect(result.steps).toBe(12);
    expect(Number.isFinite(rows[0].signAccuracy)).toBe(true);
    expect(result.metrics!.signAccuracy).toBeGreaterThanOrEqual(0);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('gives the same first-step loss on cpu and wasm', async () => {
    const firstLoss = async () => {
      const model = ScoreModel.create(FIXTURE_SIZES, 3);
      const signal = new TrainingSignal();
      let loss = NaN;
      await trainScoreModel({
        kind: 'cost',
        model,
        encoded: data,
        config,
        signal,
        onStep: (row) => {
          loss = row.loss;
          signal.stop();
        },
      });
      model.dispose();
      return loss;
    };
    const cpu = await firstLoss();
    await setNodeBackend('wasm');
    const wasm = await firstLoss();
    await setNodeBackend('cpu');
    expect(Math.abs(wasm - cpu) / Math.abs(cpu)).toBeLessThan(1e-4);
  });
});
