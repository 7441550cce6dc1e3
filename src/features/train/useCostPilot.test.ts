import { describe, expect, it } from 'vitest';
import { pilotMayRun } from './useCostPilot';

describe('when the feasibility pilot may use the worker', () => {
  it('waits while a run is initialising, running or paused (a resume must not queue behind it)', () => {
    for (const state of ['initialising', 'running', 'paused'] as const) expect(pilotMayRun(state)).toBe(false);
  });

  it('runs before a run and after it ends', () => {
    for (const state of ['uninitialised', 'ready', 'stopped', 'finished', 'failed'] as const) expect(pilotMayRun(state)).toBe(true);
  });
});
