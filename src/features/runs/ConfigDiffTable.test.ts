import { describe, expect, it } from 'vitest';
import { makeTestRun } from '../../runs/testRun';
import { finalConfig, metaOf } from '../../runs/types';
import { differingKeys } from './ConfigDiffTable';

describe('differingKeys', () => {
  it('lists settings that differ between runs or changed during one, in PARAMS order', () => {
    const a = metaOf(makeTestRun('a'));
    const b = metaOf(makeTestRun('b', 3, { config: { ...a.config, lambdaLr: 0.05, seed: 7 } }));
    const c = metaOf(
      makeTestRun('c', 3, { configChanges: [{ afterIteration: 1, key: 'klCoeff', from: 0.2, to: 0.05 }] }),
    );
    expect(differingKeys([a])).toEqual([]);
    expect(differingKeys([a, a])).toEqual([]);
    expect(differingKeys([a, b])).toEqual(['seed', 'lambdaLr']);
    expect(differingKeys([a, c])).toEqual(['klCoeff']);
    expect(finalConfig(c).klCoeff).toBe(0.05);
    expect(c.config.klCoeff).toBe(0.2);
  });
});
