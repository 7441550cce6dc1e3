import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../../compute/nodeBackends';
import { PpoEngine } from './engine';
import { shapeStreams } from './streams';
import { disposeModels, tinyConfig, tinyInit, tinyModels } from './testing/fixtures';
import { PPO_METRIC_COLUMNS, type PpoMetricRow } from './types';

let evaluatedAt: number[] = [];

async function runRows(engine: PpoEngine, iterations: number): Promise<PpoMetricRow[]> {
  const rows: PpoMetricRow[] = [];
  for (let i = 0; i < iterations; i++) {
    const result = await engine.step();
    evaluatedAt.push(...result.evaluations.map((e) => e.row.iteration));
    if (result.halted) throw new Error(result.halted);
    rows.push(result.row!);
  }
  return rows;
}

const DETERMINISTIC = PPO_METRIC_COLUMNS.filter((c) => !c.startsWith('ms') && c !== 'tokensPerSecond');

describe('PpoEngine', () => {
  const models = tinyModels(1);
  beforeAll(async () => setNodeBackend('cpu'));
  afterAll(() => disposeModels(models));

  it('keeps tf.memory().numTensors flat across 200 iterations (with evaluations) and logs every metric', async () => {
    // 4 prompts × 4 tokens, hidden 8: the per-op overhead dominates, so keep the op count small.
    const engine = new PpoEngine(tinyInit(tinyConfig({ evalEvery: 100, maxResponseTokens: 4 }), models));
    evaluatedAt = [];
    const first = await runRows(engine, 2);
    const before = tf.memory().numTensors;
    const rows = await runRows(engine, 198);
    expect(tf.memory().numTensors).toBe(before);
    expect(engine.iteration).toBe(200);
    const last = rows[rows.length - 1];
    for (const column of PPO_METRIC_COLUMNS) {
      if (column === 'costCriticLoss') continue;
      expect(Number.isFinite(last[column]), column).toBe(true);
    }
    expect(Number.isFinite(first[0].costCriticLoss)).toBe(true);
    expect(last.iteration).toBe(199);
    expect(engine.lastEvaluation?.row.iteration).toBe(200);
    expect(evaluatedAt).toEqual([0, 100, 200]);
    expect(engine.lastEvaluation?.samples.length).toBe(4);
    engine.dispose();
  });

  it('builds, resets and disposes without leaking; reset restarts the identical run', async () => {
    const baseline = tf.memory().numTensors;
    const engine = new PpoEngine(tinyInit(tinyConfig({ seed: 5 }), models));
    const first = await runRows(engine, 3);
    const during = tf.memory().numTensors;
    engine.reset();
    expect(engine.iteration).toBe(0);
    expect(engine.lambda).toBeCloseTo(engine.config.lambdaInit, 10);
    const again = await runRows(engine, 3);
    expect(tf.memory().numTensors).toBe(during);
    for (let i = 0; i < 3; i++) for (const c of DETERMINISTIC) expect(again[i][c], c).toBe(first[i][c]);
    engine.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('same config and seed ⇒ identical metrics; cpu and wasm agree closely', async () => {
    const config = tinyConfig({ seed: 9 });
    const a = new PpoEngine(tinyInit(config, models));
    const b = new PpoEngine(tinyInit(config, models));
    const rowsA = await runRows(a, 6);
    const rowsB = await runRows(b, 6);
    for (let i = 0; i < 6; i++) for (const c of DETERMINISTIC) expect(rowsB[i][c], c).toBe(rowsA[i][c]);
    a.dispose();
    b.dispose();

    await setNodeBackend('wasm');
    let rowsWasm: PpoMetricRow[];
    try {
      const wasmModels = tinyModels(1);
      const onWasm = new PpoEngine(tinyInit(config, wasmModels));
      rowsWasm = await runRows(onWasm, 3);
      onWasm.dispose();
      disposeModels(wasmModels);
    } finally {
      await setNodeBackend('cpu');
    }
    for (let i = 0; i < 3; i++) {
      expect(rowsWasm[i].responseLength).toBe(rowsA[i].responseLength);
      for (const c of ['rewardMean', 'costMean', 'kl', 'entropy', 'actorLoss', 'rewardCriticLoss', 'lambda'] as const) {
        expect(Math.abs(rowsWasm[i][c] - rowsA[i][c]), c).toBeLessThan(1e-3 * Math.max(1, Math.abs(rowsA[i][c])));
      }
    }
  });

  it('ppo-lag with λ fixed at 0 equals plain ppo', async () => {
    // The upstream rule keeps λ = 0 exactly (its step is ∝ λ); pid and additive would move it.
    const lag = new PpoEngine(tinyInit(tinyConfig({ algorithm: 'ppo-lag', lambdaRule: 'upstream', lambdaInit: 0, lambdaLr: 0 }), models));
    const ppo = new PpoEngine(tinyInit(tinyConfig({ algorithm: 'ppo', lambdaInit: 0, lambdaLr: 0 }), models));
    const rowsLag = await runRows(lag, 5);
    const rowsPpo = await runRows(ppo, 5);
    for (let i = 0; i < 5; i++) {
      for (const c of ['rewardMean', 'costMean', 'kl', 'actorLoss', 'rewardCriticLoss', 'approxKl', 'lambda'] as const) {
        expect(rowsLag[i][c], c).toBe(rowsPpo[i][c]);
      }
    }
    expect(Number.isNaN(rowsPpo[0].costCriticLoss)).toBe(true);
    const wLag = lag.policy.getWeights();
    const wPpo = ppo.policy.getWeights();
    for (const name of Object.keys(wLag)) {
      expect(Array.from(await wLag[name].data())).toEqual(Array.from(await wPpo[name].data()));
    }
    lag.dispose();
    ppo.dispose();
  });

  it('the effective KL weight is β for every λ (cost stream carries +β·kl)', async () => {
    const logProbs = tf.tensor2d([[-1, -2, -0.5, -3], [-0.3, -1.2, -2, -1]]);
    const refLogProbs = tf.tensor2d([[-1.5, -1, -0.7, -2], [-0.2, -2, -1, -1.4]]);
    const mask = tf.tensor2d([[1, 1, 1, 0], [1, 1, 1, 1]]);
    const zeros = tf.zeros([2, 4]) as tf.Tensor2D;
    const common = {
      logProbs, refLogProbs, mask, rewards: [0, 0], costs: [0, 0], rewardValues: zeros, klCoeff: 0.1,
      clipRangeScore: 50, shapingLambda: 0, gamma: 1, gaeLambda: 0.95,
    };
    const plain = await shapeStreams({ ...common, algorithm: 'ppo', costValues: null });
    const lag = await shapeStreams({ ...common, algorithm: 'ppo-lag', costValues: zeros });
    const reference = await plain.rewardAdvantages.array();
    for (const lambda of [0, 0.5, 3, 20]) {
      const mixed = await tf.div(tf.sub(lag.rewardAdvantages, tf.mul(lambda, lag.costAdvantages!)), 1 + lambda).array() as number[][];
      for (let b = 0; b < 2; b++) for (let t = 0; t < 4; t++) expect(mixed[b][t]).toBeCloseTo(reference[b][t], 6);
    }
    tf.dispose([logProbs, refLogProbs, mask, zeros, ...Object.values(plain), ...Object.values(lag)].filter((x) => x instanceof tf.Tensor));
  });

  it('pauses the update phase between minibatches and continues it to the same numbers, without leaking tensors', async () => {
    const config = tinyConfig({ evalEvery: 100, minibatches: 2, ppoEpochs: 2 });
    const plain = new PpoEngine(tinyInit(config, models));
    const expected = (await runRows(plain, 2)).map((row) => DETERMINISTIC.map((c) => row[c]));
    plain.dispose();

    const engine = new PpoEngine(tinyInit(config, models));
    await runRows(engine, 1);
    const before = tf.memory().numTensors;
    let asked = 0;
    let pauses = 0;
    while (engine.nextPhase !== 'update') await engine.stepPhase();
    let result = await engine.stepPhase({ shouldPause: async () => (asked++, true) });
    for (; result.paused; pauses++) {
      expect(engine.nextPhase).toBe('update');
      expect(engine.updateInProgress).toBe(true);
      result = await engine.stepPhase({ shouldPause: () => true });
    }
    // 2 epochs × 2 minibatches: asked after each of the first three, each time paused.
    expect([asked, pauses]).toEqual([1, 3]);
    expect(engine.updateInProgress).toBe(false);
    expect(engine.iteration).toBe(2);
    expect(DETERMINISTIC.map((c) => result.row![c])).toEqual(expected[1]);
    expect(tf.memory().numTensors).toBe(before);

    // A reset while paused inside the update frees what the paused phase held.
    while (engine.nextPhase !== 'update') await engine.stepPhase();
    await engine.stepPhase({ shouldPause: () => true });
    expect(engine.updateInProgress).toBe(true);
    engine.reset(config);
    expect(engine.updateInProgress).toBe(false);
    engine.dispose();
  });

  it('the NaN/Inf guard pauses with the quantity and iteration and restores weights and λ', async () => {
    const engine = new PpoEngine(tinyInit(tinyConfig({ lambdaUpdateDelay: 0, threshold: -5 }), models));
    await runRows(engine, 2);
    const lambdaBefore = engine.lambda;
    const before = Object.fromEntries(
      await Promise.all(Object.entries(engine.policy.getWeights()).map(async ([n, w]) => [n, Array.from(await w.data())])),
    );
    const numTensors = tf.memory().numTensors;
    engine.updateConfig({ ...engine.config, actorLr: Number.NaN });
    const result = await engine.step();
    expect(result.halted).toMatch(/Non-finite approxKl at iteration 2/);
    expect(result.halted).toMatch(/Likely cause: the policy update diverged; lower the actor learning rate \(now NaN\)/);
    expect(result.row).toBeUndefined();
    expect(engine.iteration).toBe(2);
    expect(engine.nextPhase).toBe('rollout');
    expect(engine.lambda).toBe(lambdaBefore);
    for (const [name, w] of Object.entries(engine.policy.getWeights())) {
      expect(Array.from(await w.data()), name).toEqual(before[name]);
    }
    // Restarted optimisers hold no Adam moments yet; nothing else may remain.
    expect(tf.memory().numTensors).toBeLessThanOrEqual(numTensors);
    // A good learning rate resumes from the restored state.
    engine.updateConfig({ ...engine.config, actorLr: 1e-3 });
    const next = await engine.step();
    expect(next.halted).toBeUndefined();
    expect(next.row?.iteration).toBe(2);
    expect(tf.memory().numTensors).toBe(numTensors);
    engine.dispose();
  });
});
