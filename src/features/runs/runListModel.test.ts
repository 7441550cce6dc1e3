import { describe, expect, it } from 'vitest';
import { metaOf } from '../../runs/types';
import { makeTestRun } from '../../runs/testRun';
import { filterRuns, nextSort, sortRuns } from './runListModel';

const runs = [
  metaOf(
    makeTestRun('a', 3, {
      seq: 1,
      name: 'Beta',
      tags: ['sweep'],
      summary: { ...makeTestRun('a').summary, lambda: 5 },
    }),
  ),
  metaOf(
    makeTestRun('b', 3, {
      seq: 2,
      name: 'alpha',
      notes: 'threshold too low',
      summary: { ...makeTestRun('b').summary, lambda: NaN },
    }),
  ),
  metaOf(
    makeTestRun('c', 3, {
      seq: 3,
      name: 'gamma',
      backend: 'webgpu',
      summary: { ...makeTestRun('c').summary, lambda: 12 },
    }),
  ),
];

describe('run list model', () => {
  it('sorts by a number either way with missing values last', () => {
    expect(sortRuns(runs, { key: 'lambda', direction: 'desc' }).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortRuns(runs, { key: 'lambda', direction: 'asc' }).map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });

  it('sorts names case-insensitively', () => {
    expect(sortRuns(runs, { key: 'name', direction: 'asc' }).map((r) => r.name)).toEqual([
      'alpha',
      'Beta',
      'gamma',
    ]);
  });

  it('filters on all words across name, tags, notes and backend', () => {
    expect(filterRuns(runs, 'sweep').map((r) => r.id)).toEqual(['a']);
    expect(filterRuns(runs, 'THRESHOLD low').map((r) => r.id)).toEqual(['b']);
    expect(filterRuns(runs, 'webgpu gamma').map((r) => r.id)).toEqual(['c']);
    expect(filterRuns(runs, 'webgpu alpha')).toEqual([]);
    expect(filterRuns(runs, '  ')).toHaveLength(3);
  });

  it('a header click flips the same column and starts a new number column descending', () => {
    expect(nextSort({ key: 'seq', direction: 'desc' }, 'seq')).toEqual({ key: 'seq', direction: 'asc' });
    expect(nextSort({ key: 'seq', direction: 'desc' }, 'reward')).toEqual({
      key: 'reward',
      direction: 'desc',
    });
    expect(nextSort({ key: 'seq', direction: 'desc' }, 'name')).toEqual({ key: 'name', direction: 'asc' });
  });
});
