import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { AppState } from '../store';
import { createTrainSlice, type TrainSlice } from './trainSlice';

function store() {
  return create<TrainSlice>()((...a) => createTrainSlice(...(a as unknown as Parameters<typeof createTrainSlice>)) as TrainSlice);
}

describe('trainSlice', () => {
  it('copies engine status and advances phases cyclically', () => {
    const s = store();
    s.getState().trainActions.applyStatus({ state: 'paused', iteration: 3, nextPhase: 'lambda', lambda: 2 });
    expect(s.getState().train).toMatchObject({ runState: 'paused', iteration: 3, nextPhase: 'lambda' });
    s.getState().trainActions.setPhase('update', 3);
    expect(s.getState().train).toMatchObject({ currentPhase: 'update', nextPhase: 'rollout' });
    s.getState().trainActions.clearPhase();
    expect(s.getState().train).toMatchObject({ currentPhase: null, nextPhase: 'rollout' });
  });

  it('keeps unrelated fields when one changes', () => {
    const s = store();
    s.getState().trainActions.setSlowMode(true);
    s.getState().trainActions.setPauseReason('Non-finite λ at iteration 4');
    expect(s.getState().train.slowMode).toBe(true);
    expect(s.getState().train.pauseReason).toContain('Non-finite');
    const state: Partial<AppState> = s.getState();
    expect(state.train?.runState).toBe('uninitialised');
  });
});
