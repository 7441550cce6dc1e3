import { describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../config/params';
import type { PpoStatus } from '../../train/ppo/types';

// A fake trainer worker: each ppoRun waits until the test ends it with a status, as a run ends on pause.
const fake = vi.hoisted(() => ({
  runs: [] as { runId: number | undefined; end: (status: unknown) => void }[],
}));

vi.mock('./ppoClient', () => ({
  ppo: () => ({
    ppoRun: (runId?: number) => new Promise((resolve) => fake.runs.push({ runId, end: resolve })),
    ppoPause: async () => undefined,
    ppoUpdateConfig: async () => ({ applied: [], needsReset: [], iteration: 0 }),
    ppoSetSchedule: async () => undefined,
    ppoStatus: async () => pausedAt(0),
  }),
  isPpoStatus: (value: unknown) => typeof value === 'object' && value !== null && 'state' in value,
}));
vi.mock('../../state/trainerSession', () => ({ startTrainer: async () => undefined }));

const { startTraining, isStaleRunEnd } = await import('./trainControls');
const { useAppStore } = await import('../../state/store');
const { publishStatus } = await import('../../worker/statusBus');

function pausedAt(iteration: number): PpoStatus {
  return { state: 'paused', iteration, nextPhase: 'rollout' } as PpoStatus;
}

const runState = () => useAppStore.getState().train.runState;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('run state from the worker', () => {
  it("ignores a run's late 'paused' event once the next run has started (events and replies use different ports)", async () => {
    const { trainActions } = useAppStore.getState();
    trainActions.setAppliedConfig(defaultConfig());
    trainActions.setRunState('ready');

    await startTraining();
    expect(runState()).toBe('running');
    expect(fake.runs).toHaveLength(1);
    // Run 1 pauses; its reply comes first, its 'paused' event is still on its way.
    fake.runs[0].end(pausedAt(3));
    await settle();
    expect(runState()).toBe('paused');

    await startTraining();
    expect(runState()).toBe('running');
    expect(fake.runs).toHaveLength(2);
    expect(fake.runs[1].runId).not.toBe(fake.runs[0].runId);

    publishStatus({ job: 'ppo', kind: 'paused', message: 'Paused at iteration 3.', detail: { run: fake.runs[0].runId } });
    expect(runState()).toBe('running');
    // The running run's own events count.
    publishStatus({ job: 'ppo', kind: 'paused', message: 'Paused at iteration 5.', detail: { run: fake.runs[1].runId } });
    expect(runState()).toBe('paused');
    fake.runs[1].end(pausedAt(5));
    await settle();
    expect(runState()).toBe('paused');
  });

  it('counts events without a run number (a stop or a step outside a run) and those of the latest run', () => {
    expect(isStaleRunEnd(undefined, 4)).toBe(false);
    expect(isStaleRunEnd({ reason: 'non-finite' }, 4)).toBe(false);
    expect(isStaleRunEnd({ run: 4 }, 4)).toBe(false);
    expect(isStaleRunEnd({ run: 3 }, 4)).toBe(true);
  });
});
