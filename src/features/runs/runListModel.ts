import type { RunMeta, RunSummary } from '../../runs/types';

export const SORT_KEYS = [
  'seq',
  'name',
  'status',
  'iterations',
  'lambda',
  'episodeCost',
  'reward',
  'helpfulnessChange',
  'safetyChange',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface SortState {
  key: SortKey;
  direction: 'asc' | 'desc';
}

function sortValue(run: RunMeta, key: SortKey): number | string {
  if (key === 'seq') return run.seq;
  if (key === 'name') return run.name.toLowerCase();
  if (key === 'status') return run.status;
  return run.summary[key as Exclude<keyof RunSummary, 'version' | 'spread'>];
}

/** Sorted copy; NaN (no value yet) always goes last, whatever the direction. */
export function sortRuns(runs: readonly RunMeta[], sort: SortState): RunMeta[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...runs].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (typeof x === 'number' && typeof y === 'number') {
      if (Number.isNaN(x) || Number.isNaN(y))
        return Number.isNaN(x) ? (Number.isNaN(y) ? a.seq - b.seq : 1) : -1;
      return (x - y) * sign || a.seq - b.seq;
    }
    return String(x).localeCompare(String(y)) * sign || a.seq - b.seq;
  });
}

/** Every whitespace-separated word must occur in the name, tags, notes, algorithm, status or backend. */
export function filterRuns(runs: readonly RunMeta[], query: string): RunMeta[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...runs];
  return runs.filter((run) => {
    const haystack = [
      run.name,
      ...run.tags,
      run.notes,
      run.config.algorithm,
      run.status,
      run.backend,
      run.source,
    ]
      .join('\n')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** Next sort state when a column header is clicked: same column flips, a new one starts descending for numbers. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: key === 'name' || key === 'status' ? 'asc' : 'desc' };
}
