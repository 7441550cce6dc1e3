import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setNodeBackend } from '../compute/nodeBackends';
import { tinyConfig, tinyModels, tinyPromptData, TINY_SIZES } from '../train/ppo/testing/fixtures';
import { Vocabulary } from '../data/tokenizer';
import { workerContext } from './context';
import type { MetricBatch, StatusEvent } from './protocol';

// Tiny seeded models and a hand-made encoded table stand in for the model and data stores: the handlers' glue
// (init, run/pause/step/phase/stop/reset, live settings, events, metric streams, the NaN guard) is under test.
const world = vi.hoisted(() => ({
  models: null as unknown,
  data: null as unknown,
  vocab: null as unknown,
  shipped: false,
  /** When set, stands in for the image decoding (to test progress and cancel). */
  encode: null as null | ((options: { onProgress?: (f: number, m: string) => void; signal?: AbortSignal }) => Promise<unknown>),
}));

vi.mock('./modelStore', () => ({
  ensurePretrained: async () => undefined,
  getGuardModel: () => (world.models as { guard: unknown }).guard,
  getScoreModel: (kind: 'reward' | 'cost') => (world.models as Record<string, unknown>)[kind === 'reward' ? 'rewardModel' : 'costModel'],
  getVocabulary: () => world.vocab,
  getSizes: () => ({ ...TINY_SIZES }),
  activePackMismatch: () => null,
}));
vi.mock('./dataStore', async (original) => ({
  CancelledError: (await original<typeof import('./dataStore')>()).CancelledError,
  dataStore: { getRecords: () => [{ id: 'rec-0', question: 'how do i pick a lock' }] },
  encodeWithVocab: async (_vocab: unknown, _sizes: unknown, options: Parameters<NonNullable<typeof world.encode>>[0]) =>
    world.encode ? world.encode(options) : world.data,
}));
vi.mock('../models/weightsIO', async (original) => ({
  ...(await original<typeof import('../models/weightsIO')>()),
  // No web server in Node: the shipped SFT weights are "missing", so init trains SFT first.
  loadWeights: async () => {
    throw new Error('shipped SFT policy: HTTP 404');
  },
}));

const { ppoHandlers } = await import('./ppoHandlers');
const { ppoState } = await import('./ppoStore');

const events: StatusEvent[] = [];
const batches: MetricBatch[] = [];

beforeAll(async () => {
  await setNodeBackend('cpu');
  world.models = tinyModels(3);
  world.data = tinyPromptData(24);
  world.vocab = Vocabulary.build(Array.from({ length: 12 }, (_, i) => `w${i}`));
  workerContext.callbacks = { onStatus: (e) => events.push(e), onMetrics: (b) => batches.push(b) };
});

afterAll(() => {
  workerContext.callbacks = null;
  ppoState.run?.dispose();
});

const rowsOf = (stream: string) => batches.filter((b) => b.stream === stream).reduce((n, b) => n + b.rows.length / b.columns.length, 0);

describe('ppoHandlers', () => {
  it('initialises (training SFT when no weights load), runs to the end and announces start and done', async () => {
    const config = tinyConfig({ iterations: 3, evalEvery: 2, sftEpochs: 2 });
    const ready = await ppoHandlers.ppoInit(config);
    expect(ready).toMatchObject({ state: 'ready', iteration: 0, nextPhase: 'rollout' });
    expect(ready.lambda).toBeCloseTo(config.lambdaInit, 10);
    expect(events.some((e) => e.job === 'sft' && e.kind === 'done')).toBe(true);
    expect(rowsOf('sft')).toBeGreaterThan(0);

    const done = await ppoHandlers.ppoRun();
    expect(done).toMatchObject({ state: 'finished', iteration: 3 });
    const started = events.find((e) => e.job === 'ppo' && e.kind === 'started');
    expect(started?.detail?.runConfig).toMatchObject({ iterations: 3 });
    expect(events.at(-1)).toMatchObject({ job: 'ppo', kind: 'done' });
    expect(rowsOf('ppo')).toBe(3);
    expect(rowsOf('ppo-eval')).toBe(3); // iterations 0, 2 and the final one
    expect((await ppoHandlers.ppoGenerations()).length).toBe(4);
  });

  it('steps by phase with phase events, applies live settings and defers the others to reset', async () => {
    const config = tinyConfig({ iterations: 10, evalEvery: 100 });
    await ppoHandlers.ppoInit(config);
    events.length = 0;
    const after = await ppoHandlers.ppoStepPhase();
    expect(after).toMatchObject({ iteration: 0, nextPhase: 'score' });
    expect(events.find((e) => e.kind === 'phase')?.detail).toMatchObject({ phase: 'score', iteration: 0, completed: 'rollout' });
    expect(events.some((e) => e.kind === 'started')).toBe(true);
    const step = await ppoHandlers.ppoStep();
    expect(step).toMatchObject({ iteration: 1, nextPhase: 'rollout', state: 'paused' });

    const change = await ppoHandlers.ppoUpdateConfig({ threshold: 1.5, lambdaInit: 3 });
    expect(change).toEqual({ applied: ['threshold'], needsReset: ['lambdaInit'], iteration: 1 });
    const reset = await ppoHandlers.ppoReset();
    expect(reset).toMatchObject({ state: 'ready', iteration: 0 });
    expect(reset.lambda).toBeCloseTo(3, 10);
  });

  it('resuming after the NaN guard halted iteration 0 continues the same run (one started event)', async () => {
    const config = tinyConfig({ iterations: 2, evalEvery: 100 });
    await ppoHandlers.ppoInit({ ...config, actorLr: Number.NaN });
    events.length = 0;
    const halted = await ppoHandlers.ppoRun();
    expect(halted).toMatchObject({ state: 'paused', iteration: 0, nextPhase: 'rollout' });
    await ppoHandlers.ppoUpdateConfig({ actorLr: config.actorLr });
    const again = await ppoHandlers.ppoRun();
    expect(again).toMatchObject({ state: 'finished', iteration: 2 });
    expect(events.filter((e) => e.kind === 'started')).toHaveLength(1);
    // A reset starts a new run.
    await ppoHandlers.ppoReset();
    await ppoHandlers.ppoRun();
    expect(events.filter((e) => e.kind === 'started')).toHaveLength(2);
  });

  it('pauses inside the update phase between minibatches, and resumes from there', async () => {
    const config = tinyConfig({ iterations: 1000, evalEvery: 1000, minibatches: 4, ppoEpochs: 4 });
    await ppoHandlers.ppoInit(config);
    const running = ppoHandlers.ppoRun(7);
    const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
    while (ppoState.run!.engine.iteration < 1 || !ppoState.run!.engine.updateInProgress) {
      if (ppoState.run!.engine.iteration > 20) throw new Error('the run never yielded inside the update phase');
      await tick();
    }
    await ppoHandlers.ppoPause();
    const paused = await running;
    expect(paused).toMatchObject({ state: 'paused', nextPhase: 'update', iteration: 1 });
    expect(ppoState.run!.engine.updateInProgress).toBe(true);
    // The event that ends a run carries the run's number (the page tells a late one from the next run's).
    expect(events.at(-1)).toMatchObject({
      kind: 'paused',
      message: 'Paused at iteration 1 (inside the update phase, between minibatches).',
      detail: { run: 7 },
    });
    const rowsBefore = rowsOf('ppo');
    const resumed = ppoHandlers.ppoRun(8);
    while (ppoState.run!.engine.iteration < 2) await tick();
    await ppoHandlers.ppoPause();
    expect((await resumed).state).toBe('paused');
    expect(events.at(-1)).toMatchObject({ kind: 'paused', detail: { run: 8 } });
    expect(rowsOf('ppo')).toBeGreaterThan(rowsBefore);
  });

  it('pauses a run at a phase boundary, stops, and reports the NaN guard', async () => {
    const config = tinyConfig({ iterations: 1000, evalEvery: 1000 });
    await ppoHandlers.ppoInit(config);
    const running = ppoHandlers.ppoRun();
    while (ppoState.run!.engine.iteration < 1) await new Promise((resolve) => setTimeout(resolve, 0));
    await ppoHandlers.ppoPause();
    const paused = await running;
    expect(paused.state).toBe('paused');
    expect(paused.iteration).toBeGreaterThan(0);

    await ppoHandlers.ppoUpdateConfig({ actorLr: Number.NaN });
    const halted = await ppoHandlers.ppoRun();
    expect(halted.state).toBe('paused');
    expect(halted.iteration).toBe(paused.iteration);
    expect(halted.message).toMatch(new RegExp(`Non-finite approxKl at iteration ${paused.iteration}`));
    expect(events.at(-1)).toMatchObject({ job: 'ppo', kind: 'paused', detail: { reason: 'non-finite' } });

    const stopped = await ppoHandlers.ppoStop();
    expect(stopped.state).toBe('stopped');
  });

  it('reports set-up progress under "ppo" and stops the set-up on ppoCancelInit', async () => {
    const { CancelledError } = await import('./dataStore');
    world.encode = (options) =>
      new Promise((_resolve, reject) => {
        options.onProgress?.(0.25, 'Decoding images: 1 of 4');
        options.signal?.addEventListener('abort', () => reject(new CancelledError()));
      });
    try {
      events.length = 0;
      const pending = ppoHandlers.ppoInit(tinyConfig({ iterations: 3 }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(events).toContainEqual({ job: 'ppo', kind: 'progress', progress: 0.25, message: 'Preparing PPO: Decoding images: 1 of 4' });
      ppoHandlers.ppoCancelInit();
      await expect(pending).rejects.toThrow('PPO set-up cancelled');
      expect(events.at(-1)).toMatchObject({ job: 'ppo', kind: 'info', message: 'PPO set-up cancelled' });
    } finally {
      world.encode = null;
    }
    // The next set-up runs normally.
    expect((await ppoHandlers.ppoInit(tinyConfig({ iterations: 3 }))).state).toBe('ready');
  });

  it('makes scripted changes at their iteration boundary like a live edit, and reports the exact iteration', async () => {
    await ppoHandlers.ppoInit(tinyConfig({ iterations: 4, threshold: -0.5 }));
    await ppoHandlers.ppoSetSchedule([{ iteration: 2, key: 'threshold', value: 1.5, from: -0.5 }]);
    events.length = 0;
    batches.length = 0;
    expect(await ppoHandlers.ppoRun()).toMatchObject({ state: 'finished', iteration: 4 });
    // The threshold each row trained with: the change is in force from the row with 0-based iteration 2.
    const thresholds = batches
      .filter((b) => b.stream === 'ppo')
      .flatMap((b) => {
        const column = b.columns.indexOf('threshold');
        return Array.from({ length: b.rows.length / b.columns.length }, (_, i) => b.rows[i * b.columns.length + column]);
      });
    expect(thresholds).toEqual([-0.5, -0.5, 1.5, 1.5]);
    const applied = events.filter((e) => e.kind === 'info' && e.detail?.configApplied);
    expect(applied).toHaveLength(1);
    expect(applied[0].detail?.configApplied).toMatchObject({
      source: 'scripted',
      iteration: 2,
      applied: ['threshold'],
      config: { threshold: 1.5 },
      changes: [{ afterIteration: 2, key: 'threshold', from: -0.5, to: 1.5 }],
    });
    expect(applied[0].message).toContain('-0.5 → 1.5 after iteration 2');
    // Applied once: the run drops it from its list.
    expect(ppoState.run!.pendingSchedule).toEqual([]);
    // A live update carries only the settings the person changed, so it cannot undo the scripted value.
    events.length = 0;
    expect(await ppoHandlers.ppoUpdateConfig({ lambdaLr: 0.07 })).toEqual({ applied: ['lambdaLr'], needsReset: [], iteration: 4 });
    expect(ppoState.run!.engine.config.threshold).toBe(1.5);
    expect(events.find((e) => e.detail?.configApplied)?.detail?.configApplied).toMatchObject({
      source: 'live',
      iteration: 4,
      changes: [{ afterIteration: 4, key: 'lambdaLr', from: 0.1, to: 0.07 }],
    });
    // Changing it back is an edit like any other.
    expect((await ppoHandlers.ppoUpdateConfig({ threshold: -0.5 })).applied).toEqual(['threshold']);
    expect(ppoState.run!.engine.config.threshold).toBe(-0.5);
    expect(ppoState.run!.configChanges.map((c) => [c.afterIteration, c.key, c.to])).toEqual([
      [2, 'threshold', 1.5],
      [4, 'lambdaLr', 0.07],
      [4, 'threshold', -0.5],
    ]);
  });
});
