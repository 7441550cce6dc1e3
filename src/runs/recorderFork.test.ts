import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../config/params';
import { PPO_METRIC_COLUMNS } from '../train/ppo/types';
import type { StatusEvent } from '../worker/protocol';
import { RunRecorder, SAVE_INTERVAL_MS } from './recorder';
import { seriesLength } from './series';
import { metaOf, type RunOrigin, type RunRecord } from './types';

function setup(origin: RunOrigin | null) {
  let rows = 0;
  const saved: RunRecord[] = [];
  let asked = 0;
  const recorder = new RunRecorder({
    storage: { saveRecorded: async (run) => (saved.push(structuredClone(run)), metaOf(run)) },
    readStream: (stream) =>
      stream === 'ppo' && rows > 0
        ? { columns: [...PPO_METRIC_COLUMNS], rows: new Float64Array(rows * PPO_METRIC_COLUMNS.length).map((_, i) => Math.floor(i / PPO_METRIC_COLUMNS.length)) }
        : null,
    flushMetrics: () => undefined,
    fetchGenerations: async () => [],
    nextSeq: () => 1,
    onSaved: () => undefined,
    onError: () => undefined,
    forkOrigin: () => (asked++ === 0 ? origin : null),
    newId: () => `run-${asked}`,
  });
  const emit = (kind: StatusEvent['kind']) =>
    recorder.handle({ job: 'ppo', kind, message: '', detail: kind === 'started' ? { runConfig: defaultConfig(), backend: 'cpu' } : undefined });
  return { recorder, saved, emit, setRows: (n: number) => (rows = n), last: () => saved[saved.length - 1] };
}

describe('RunRecorder: forks and resuming a finished run', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('records where a fork came from, on the first run started after Fork here only', async () => {
    const t = setup({ runId: 'orig', runName: 'ppo-lag thr −0.5 #1', iteration: 3 });
    t.emit('started');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.last().forkedFrom).toEqual({ runId: 'orig', runName: 'ppo-lag thr −0.5 #1', iteration: 3 });
    t.emit('started');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.last().forkedFrom).toBeUndefined();
  });

  it('reopens a finished run when it is resumed, so later rows stay in the same record', async () => {
    const t = setup(null);
    t.emit('started');
    t.setRows(3);
    t.emit('done');
    await vi.advanceTimersByTimeAsync(2000);
    const id = t.last().id;
    expect(t.last().status).toBe('finished');
    // Edits made while it stood finished (the run length raised, a cost limit typed) belong to it once resumed.
    t.recorder.noteLiveChanges(['iterations'], { ...defaultConfig(), iterations: 6 }, 3);
    expect(t.last().configChanges ?? []).toEqual([]);
    t.recorder.resumeFinished();
    t.setRows(6);
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS);
    expect(t.last()).toMatchObject({ id, status: 'running', endedAt: null });
    expect(t.last().configChanges).toEqual([{ afterIteration: 3, key: 'iterations', from: 200, to: 6 }]);
    expect(seriesLength(t.last().metrics)).toBe(6);
    t.emit('done');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.last()).toMatchObject({ id, status: 'finished' });
  });

  it('leaves a stopped run closed', async () => {
    const t = setup(null);
    t.emit('started');
    t.setRows(2);
    t.emit('stopped');
    await vi.advanceTimersByTimeAsync(2000);
    t.recorder.resumeFinished();
    t.setRows(5);
    await vi.advanceTimersByTimeAsync(SAVE_INTERVAL_MS * 2);
    expect(t.last().status).toBe('stopped');
    expect(seriesLength(t.last().metrics)).toBe(2);
  });
});
