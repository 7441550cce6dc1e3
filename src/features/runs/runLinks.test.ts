import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import type { RunMeta } from '../../runs/types';
import { forkPlan, forkProblem, runReplay } from './runLinks';

const run = (overrides: Partial<RunMeta> = {}): Pick<RunMeta, 'config' | 'configChanges' | 'status' | 'summary'> => ({
  config: { ...defaultConfig(), threshold: -0.5, iterations: 50 },
  configChanges: [
    { afterIteration: 10, key: 'threshold', from: -0.5, to: -1 },
    { afterIteration: 20, key: 'threshold', from: -1, to: -1.5 },
    { afterIteration: 20, key: 'lambdaLr', from: 0.1, to: 0.05 },
  ],
  status: 'finished',
  summary: { iterations: 50 } as RunMeta['summary'],
  ...overrides,
});

describe('runReplay', () => {
  it('carries the start settings and every recorded edit at its iteration', () => {
    const replay = runReplay(run());
    expect(replay.config.iterations).toBe(50);
    expect(replay.config.threshold).toBe(-0.5);
    expect(replay.edits).toEqual([
      { iteration: 10, key: 'threshold', value: -1 },
      { iteration: 20, key: 'threshold', value: -1.5 },
      { iteration: 20, key: 'lambdaLr', value: 0.05 },
    ]);
    expect(replay.skipped).toBe(0);
  });

  it('ends a replay of a stopped run where the original stopped', () => {
    const replay = runReplay(run({ status: 'stopped', summary: { iterations: 37 } as RunMeta['summary'] }));
    expect(replay.config.iterations).toBe(37);
    expect(runReplay(run({ status: 'finished' })).config.iterations).toBe(50);
  });

  it('leaves out recorded changes of settings that cannot change mid-run, and counts them', () => {
    const replay = runReplay(run({ configChanges: [{ afterIteration: 3, key: 'seed', from: 42, to: 7 }] }));
    expect(replay.edits).toEqual([]);
    expect(replay.skipped).toBe(1);
  });
});

describe('forkPlan', () => {
  it('replays to iteration k: run length k, only the edits before k', () => {
    const plan = forkPlan(run(), 20);
    expect(plan.config.iterations).toBe(20);
    expect(plan.edits).toEqual([{ iteration: 10, key: 'threshold', value: -1 }]);
    expect(plan.resumeIterations).toBe(50);
    expect(forkPlan(run(), 21).edits).toHaveLength(3);
    expect(forkPlan(run(), 5).edits).toEqual([]);
  });

  it('goes on with the original final run length (an edited one included)', () => {
    const edited = run({ configChanges: [{ afterIteration: 30, key: 'iterations', from: 50, to: 80 }] });
    expect(forkPlan(edited, 40)).toMatchObject({ edits: [], resumeIterations: 80 });
  });

  it('accepts 1 … completed iterations only', () => {
    expect(forkProblem(run(), 1)).toBeNull();
    expect(forkProblem(run(), 50)).toBeNull();
    expect(forkProblem(run(), 0)).toContain('from 1 to 50');
    expect(forkProblem(run(), 51)).toContain('(got 51)');
    expect(forkProblem(run(), 2.5)).toContain('whole iteration');
    expect(forkProblem(run(), Number.NaN)).toContain('got nothing');
    expect(forkProblem(run({ summary: { iterations: 0 } as RunMeta['summary'] }), 1)).toContain('no completed');
  });
});
