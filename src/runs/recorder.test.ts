import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NumericsStamp } from '../compute/numerics';
import { defaultConfig } from '../config/params';
import { PPO_EVAL_COLUMNS, PPO_METRIC_COLUMNS } from '../train/ppo/types';
import type { StatusEvent } from '../worker/protocol';
import { LATE_ROWS_MS, RunRecorder, SAVE_INTERVAL_MS } from './recorder';
import { seriesLength } from './series';
import { RunStorage } from './storage';
import { metaOf, type MetricSeries, type RunMeta, type RunRecord } from './types';

/** A fake metric table: `rows` iterations (0-based, as the engine writes them), lambda = 10 + i, rewardMean = i / 10. */
function table(columns: readonly string[], rows: number): MetricSeries {
  const out = new Float64Array(rows * columns.length);
  for (let r = 0; r < rows; r++) {
    columns.forEach((name, c) => {
      out[r * columns.length + c] = name === 'iteration' ? r : name === 'lambda' ? 10 + r : r / 10;
    });
  }
  return { columns: [...columns], rows: out };
}

function setup(options: { failWith?: string; storage?: RunStorage; numerics?: NumericsStamp } = {}) {
  const streams: { ppo: number; eval: number } = { ppo: 0, eval: 0 };
  const saved: RunRecord[] = [];
  const errors: string[] = [];
  const metas: RunMeta[] = [];
  const deleted: RunMeta[] = [];
  /** Live markers (Web Locks in the app): id → held. */
  const markers = new Map<string, boolean>();
  let seq = 0;
  const recorder = new RunRecorder({
    storage: {
      saveRecorded: async (run, firstWrite, autoNameBefore) => {
        if (options.failWith) throw new DOMException('full', options.failWith);
        if (options.storage) {
          const stored = await options.storage.saveRecorded(run, firstWrite, autoNameBefore);
          if (stored) saved.push(structuredClone({ ...run, ...stored }));
          return stored;
        }
        saved.push(structuredClone(run));
        return metaOf(run);
      },
    },
    onDeleted: (meta) => deleted.push(meta),
    holdLiveMarker: (id) => {
      markers.set(id, true);
      return () => markers.set(id, false);
    },
    readStream: (stream) =>
      stream === 'ppo'
        ? streams.ppo
          ? table(PPO_METRIC_COLUMNS, streams.ppo)
          : null
        : streams.eval
          ? table(PPO_EVAL_COLUMNS, streams.eval)
          : null,
    flushMetrics: () => undefined,
    fetchGenerations: async () => [],
    nextSeq: () => ++seq,
    onSaved: (meta) => metas.push(meta),
    onError: (message) => errors.push(message),
    newId: () => `run-${seq}`,
    currentNumerics: () => options.numerics ?? null,
  });
  const emit = (kind: StatusEvent['kind'], detail?: Record<string, unknown>, message = '') =>
    recorder.handle({ job: 'ppo', kind, message, detail });
  const last = () => saved[saved.length - 1];
  return { recorder, streams, saved, errors, metas, deleted, markers, emit, last };
}

describe('RunRecorder', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('stamps the numerics check of the active backend into the run (absent when there is none)', async () => {
    const numerics = { backend: 'wasm', passed: true, maxDeviation: 4e-5, worst: 'policy ∇head/w', tolerance: 1e-3 };
    const t = setup({ numerics });
    t.emit('started', { runConfig: defaultConfig(), backend: 'wasm' });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.last().numerics).toEqual(numerics);
    const u = setup();
    u.emit('started', { runConfig: defaultConfig(), backend: 'wasm' });
    await vi.advanceTimersByTimeAsync(0);
    expect('numerics' in u.last()).toBe(false);
  });

  it('creates a run on started, saves every ~2 s while running and at the end', async () => {
    const t = setup();
    const runConfig = { ...defaultConfig(), threshold: -0.5 };
    t.emit('started', { runConfig, backend: 'wasm' });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.last()).toMatchObject({
      name: 'ppo-lag thr −0.5 #1',
      status: 'running',
      backend: 'wasm',
      seq: 1,
    });
    expect(t.last().config).toEqual(runConfig);
    expect(t.last().versions.tfjs).toBe('4.22.0');

    t.streams.ppo = 5;
    t.streams.eval = 1;
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(seriesLength(t.last().metrics)).toBe(5);
    expect(t.last().summary).toMatchObject({ iterations: 5, lambda: 14, reward: 0.4 });

    const count = t.saved.length;
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS * 3); // nothing new: no writes
    expect(t.saved.length).toBe(count);

    t.streams.ppo = 8;
    t.emit('done');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.last()).toMatchObject({ status: 'finished' });
    expect(t.last().endedAt).not.toBeNull();
    expect(seriesLength(t.last().metrics)).toBe(8);

    t.streams.ppo = 9; // a late row still in flight when `done` arrived
    let settled = false;
    void t.recorder.whenSettled().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(LATE_ROWS_MS - 1);
    expect(settled).toBe(false); // a queue of runs waits for the late save before it starts the next
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    expect(seriesLength(t.last().metrics)).toBe(9);
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS * 5);
    t.streams.ppo = 20;
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS * 5);
    expect(seriesLength(t.last().metrics)).toBe(9); // ended: no more writes
  });

  it('records paused (with the NaN-guard message), resumes, and marks a failed run', async () => {
    const t = setup();
    t.emit('started', { runConfig: defaultConfig(), backend: 'cpu' });
    t.streams.ppo = 2;
    t.emit('paused', undefined, 'NaN in actorLoss at iteration 2');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.last()).toMatchObject({ status: 'paused', message: 'NaN in actorLoss at iteration 2' });
    t.emit('info', undefined, 'Reset to the SFT policy (iteration 0).');
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(t.last().status).toBe('paused');
    t.emit('phase', { phase: 'rollout', iteration: 3 });
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(t.last().status).toBe('running');
    t.emit('paused');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.last().status).toBe('paused');
    t.streams.ppo = 3; // resumed without an event: new rows mean it runs again
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(t.last().status).toBe('running');
    t.emit('error', undefined, 'worker crashed');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.last()).toMatchObject({ status: 'failed', message: 'worker crashed' });
  });

  it('never overwrites saved metrics with a reset (shorter) table, and closes the run', async () => {
    const t = setup();
    t.emit('started', { runConfig: defaultConfig(), backend: 'cpu' });
    t.streams.ppo = 6;
    t.emit('paused');
    await vi.advanceTimersByTimeAsync(0);
    t.streams.ppo = 0; // the Train area reset the stream
    t.emit('phase');
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(seriesLength(t.last().metrics)).toBe(6);
    expect(t.last().status).toBe('stopped');
  });

  it('a second start closes the first run and numbers the next', async () => {
    const t = setup();
    t.emit('started', { runConfig: defaultConfig(), backend: 'cpu' });
    t.streams.ppo = 3;
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    t.emit('started', { runConfig: { ...defaultConfig(), algorithm: 'ppo' }, backend: 'cpu' });
    await vi.advanceTimersByTimeAsync(LATE_ROWS_MS);
    const first = t.saved.filter((run) => run.id === 'run-1').at(-1)!;
    const second = t.saved.filter((run) => run.id === 'run-2').at(-1)!;
    expect(first.status).toBe('stopped');
    expect(second.name).toBe('ppo #2');
  });

  it('reports a quota error once, with a clear message, and keeps trying', async () => {
    const t = setup({ failWith: 'QuotaExceededError' });
    t.emit('started', { runConfig: { ...defaultConfig(), threshold: -0.5 }, backend: 'cpu' });
    t.streams.ppo = 1;
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS * 3);
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]).toMatch(/Browser storage is full, so run “ppo-lag thr −0.5 #1” could not be saved/);
    expect(t.errors[0]).toMatch(/Nothing stored was deleted/);
  });

  it('ignores events of other jobs and a stray stop without a run', async () => {
    const t = setup();
    t.recorder.handle({ job: 'reward', kind: 'started', message: '' });
    t.emit('stopped');
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(t.saved).toHaveLength(0);
  });

  it('records live setting changes made during the run, and none after it ended', async () => {
    const t = setup();
    const start = { ...defaultConfig(), threshold: -0.5 };
    t.emit('started', { runConfig: start, backend: 'cpu' });
    t.recorder.noteLiveChanges(['threshold', 'lambdaLr'], { ...start, threshold: 0.5 }, 3);
    t.recorder.noteLiveChanges(['threshold'], { ...start, threshold: 0.5 }, 4); // no change: not recorded
    t.recorder.noteLiveChanges(['threshold'], { ...start, threshold: 1 }, 7);
    t.streams.ppo = 2;
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(t.last().config.threshold).toBe(start.threshold);
    expect(t.last().configChanges).toEqual([
      { afterIteration: 3, key: 'threshold', from: -0.5, to: 0.5 },
      { afterIteration: 7, key: 'threshold', from: 0.5, to: 1 },
    ]);
    // Named by what it ran: the limit changes show in the automatic name; the λ-lr edit does not.
    expect(t.last().name).toMatch(/^ppo-lag thr −0\.5→0\.5@3→1@7 #\d+$/);
    t.emit('done');
    await vi.advanceTimersByTimeAsync(0);
    t.recorder.noteLiveChanges(['threshold'], { ...start, threshold: 2 }, 9);
    await vi.advanceTimersByTimeAsync(LATE_ROWS_MS + SAVE_INTERVAL_MS);
    expect(t.last().configChanges).toHaveLength(2);
  });

  it('records scripted and live edits the engine applied, once each, with the iteration it reports', async () => {
    const t = setup();
    const start = { ...defaultConfig(), threshold: -0.5 };
    t.emit('started', { runConfig: start, backend: 'cpu' });
    const after = { ...start, threshold: 1.5 };
    const scheduled = [{ iteration: 4, key: 'threshold', value: 1.5, from: -0.5 }];
    const changes = [{ afterIteration: 4, key: 'threshold', from: -0.5, to: 1.5 }];
    t.emit('info', { configApplied: { source: 'scripted', iteration: 4, applied: ['threshold'], config: after, changes, scheduled } });
    t.emit('info', { note: 'not about applied edits' });
    // A live edit at iteration 23 (the engine's count, whatever the page's iteration counter says).
    const live = { ...after, threshold: -1 };
    t.emit('info', {
      configApplied: {
        source: 'live',
        iteration: 23,
        applied: ['threshold'],
        config: live,
        changes: [{ afterIteration: 23, key: 'threshold', from: 1.5, to: -1 }],
        scheduled: [],
      },
    });
    t.streams.ppo = 30;
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(t.last().configChanges).toEqual([
      { afterIteration: 4, key: 'threshold', from: -0.5, to: 1.5 },
      { afterIteration: 23, key: 'threshold', from: 1.5, to: -1 },
    ]);
    expect(t.last().name).toMatch(/^ppo-lag thr −0\.5→1\.5@4→−1@23 #\d+$/);
  });

  it('ignores an applied-edits event with a malformed iteration', async () => {
    const t = setup();
    const start = defaultConfig();
    t.emit('started', { runConfig: start, backend: 'cpu' });
    const config = { ...start, threshold: 1.5 };
    t.emit('info', { configApplied: { source: 'live', iteration: -1, applied: ['threshold'], config, changes: [], scheduled: [] } });
    t.emit('info', { configApplied: { source: 'live', iteration: '3', applied: ['threshold'], config, changes: [], scheduled: [] } });
    t.streams.ppo = 5;
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(t.last().configChanges ?? []).toEqual([]);
  });
});

describe('RunRecorder with edits from other tabs (fake-indexeddb)', () => {
  // Fake only the timers the recorder uses; fake-indexeddb schedules with the real setImmediate.
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('keeps a rename, tags and a note made in another tab while the run records', async () => {
    const factory = new IDBFactory();
    const t = setup({ storage: new RunStorage(factory) });
    const otherTab = new RunStorage(factory);
    t.emit('started', { runConfig: defaultConfig(), backend: 'wasm' });
    t.streams.ppo = 2;
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    // A stale copy from the other tab's list (status running, 2 iterations), edited there.
    await otherTab.updateMeta('run-1', (meta) => ({ ...meta, name: 'my run', tags: ['class'], notes: 'watch λ' }));
    t.streams.ppo = 5;
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS * 3);
    t.emit('done');
    await vi.advanceTimersByTimeAsync(LATE_ROWS_MS);
    const stored = (await otherTab.get('run-1'))!;
    expect(stored).toMatchObject({ name: 'my run', tags: ['class'], notes: 'watch λ', status: 'finished' });
    expect(seriesLength(stored.metrics)).toBe(5);
    expect(t.metas.at(-1)).toMatchObject({ name: 'my run', notes: 'watch λ' });
  });

  it('never brings back a live run deleted in another tab, and lets go of its live marker', async () => {
    const factory = new IDBFactory();
    const t = setup({ storage: new RunStorage(factory) });
    const otherTab = new RunStorage(factory);
    t.emit('started', { runConfig: defaultConfig(), backend: 'wasm' });
    expect(t.markers.get('run-1')).toBe(true);
    t.streams.ppo = 2;
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(await otherTab.get('run-1')).toBeDefined();
    await otherTab.delete('run-1');
    t.streams.ppo = 4;
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS * 4);
    t.emit('done');
    await vi.advanceTimersByTimeAsync(LATE_ROWS_MS + SAVE_INTERVAL_MS);
    expect(await otherTab.get('run-1')).toBeUndefined();
    expect(await otherTab.list()).toEqual([]);
    expect(t.deleted.map((meta) => meta.id)).toEqual(['run-1']);
    expect(t.markers.get('run-1')).toBe(false);
    expect(t.recorder.current).toBeNull();
  });

  it('holds the live marker while running or paused and releases it once the end is written', async () => {
    const t = setup({ storage: new RunStorage(new IDBFactory()) });
    t.emit('started', { runConfig: defaultConfig(), backend: 'wasm' });
    t.streams.ppo = 1;
    t.emit('paused');
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(t.markers.get('run-1')).toBe(true);
    t.emit('stopped');
    await vi.advanceTimersByTimeAsync(0);
    await vi.waitFor(() => expect(t.markers.get('run-1')).toBe(false));
    expect(t.last().status).toBe('stopped');
  });
});
