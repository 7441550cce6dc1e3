import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/params';
import type { RunMeta } from '../../runs/types';
import { lambdaRuleWarning, scaleOutSource } from './scaleOutSource';

const meta = (id: string, threshold: number, extra: Partial<RunMeta> = {}) =>
  ({ id, name: `run ${id}`, config: { ...defaultConfig(), threshold }, ...extra }) as RunMeta;

describe('scaleOutSource', () => {
  const list = [meta('a', -1), meta('b', 0.5, { configChanges: [{ afterIteration: 4, key: 'threshold', from: 0.5, to: 1 }] })];
  it('exports the ticked run (the last ticked), with its start settings and its live edits listed', () => {
    const source = scaleOutSource(list, ['a', 'b'], defaultConfig());
    expect(source.runId).toBe('b');
    expect(source.label).toBe('run “run b”');
    expect(source.config.threshold).toBe(0.5);
    expect(source.changes).toHaveLength(1);
    expect(scaleOutSource(list, ['a'], defaultConfig()).config.threshold).toBe(-1);
  });
  it('falls back to the current settings when nothing (or a deleted run) is ticked', () => {
    const current = { ...defaultConfig(), threshold: 2 };
    expect(scaleOutSource(list, [], current)).toEqual({ label: 'the current settings', config: current, changes: [], runId: null });
    expect(scaleOutSource(list, ['gone'], current).runId).toBeNull();
  });
});

describe('lambdaRuleWarning', () => {
  it('says the start-up pid rule does not exist upstream and what launch.sh runs instead', () => {
    const text = lambdaRuleWarning({ lambdaRule: 'pid', lambdaInit: 0.2 });
    expect(text).toContain('pid λ rule does not exist upstream');
    expect(text).toContain('from λ₀ = 0.2');
  });
  it('is silent for the upstream rule', () => {
    expect(lambdaRuleWarning({ lambdaRule: 'upstream', lambdaInit: 1 })).toBeNull();
  });
});
