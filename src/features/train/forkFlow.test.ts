import { describe, expect, it } from 'vitest';
import { initialTrainState, type TrainState } from '../../state/slices/trainSlice';
import { forkReached } from './forkFlow';

const fork = { runId: 'r1', runName: 'ppo-lag thr −0.5 #1', iteration: 6, resumeIterations: 12 };
const at = (train: Partial<TrainState>) => ({ train: { ...initialTrainState, ...train } });

describe('forkReached', () => {
  it('is true once the replaying fork ended at its iteration', () => {
    expect(forkReached(at({ fork: { ...fork, status: 'replaying' }, runState: 'finished', iteration: 6 }))).toBe(true);
  });
  it('is false before, elsewhere, or when it is not replaying', () => {
    expect(forkReached(at({ fork: { ...fork, status: 'replaying' }, runState: 'running', iteration: 5 }))).toBe(false);
    expect(forkReached(at({ fork: { ...fork, status: 'replaying' }, runState: 'finished', iteration: 12 }))).toBe(false);
    expect(forkReached(at({ fork: { ...fork, status: 'waiting' }, runState: 'finished', iteration: 6 }))).toBe(false);
    expect(forkReached(at({ fork: { ...fork, status: 'reached' }, runState: 'finished', iteration: 6 }))).toBe(false);
    expect(forkReached(at({ fork: null, runState: 'finished', iteration: 6 }))).toBe(false);
  });
});
