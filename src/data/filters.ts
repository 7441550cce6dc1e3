import type { RecordIndexEntry } from './summary';

export type SafetyFilter = 'any' | 'safe' | 'unsafe';
export type YesNoFilter = 'any' | 'yes' | 'no';

export interface DataFilters {
  source: string; // 'any' or a source id
  split: string; // 'any' or a split name
  category: string; // 'any' or a category
  severity: string; // 'any' or the raw integer as text (select values are strings)
  safe1: SafetyFilter;
  safe2: SafetyFilter;
  helpfulIsSafer: YesNoFilter;
  contradictoryOnly: boolean;
  /** Free text: matched against the question here and against responses by the worker (`searchText`). */
  text: string;
}

export const DEFAULT_FILTERS: DataFilters = {
  source: 'any',
  split: 'any',
  category: 'any',
  severity: 'any',
  safe1: 'any',
  safe2: 'any',
  helpfulIsSafer: 'any',
  contradictoryOnly: false,
  text: '',
};

export function activeFilterCount(filters: DataFilters): number {
  return (Object.keys(DEFAULT_FILTERS) as (keyof DataFilters)[]).filter(
    (key) => (key === 'text' ? filters.text.trim() !== '' : filters[key] !== DEFAULT_FILTERS[key]),
  ).length;
}

function matchesSafety(filter: SafetyFilter, safe: boolean | null): boolean {
  if (filter === 'any') return true;
  if (safe === null) return false; // single-response rows have no second response to judge
  return filter === 'safe' ? safe : !safe;
}

function matchesYesNo(filter: YesNoFilter, value: boolean | null): boolean {
  if (filter === 'any') return true;
  if (value === null) return false;
  return filter === 'yes' ? value : !value;
}

/** Normalised search text: trimmed, lower-case; '' means "no text filter". */
export function searchNeedle(text: string): string {
  return text.trim().toLowerCase();
}

/**
 * The rows that pass every filter, in index order. Text matches when the question contains the needle
 * (case-insensitive, checked here) OR the worker reported a response match for the id (`responseMatches`, null
 * while that search is still running — the question matches still show meanwhile).
 */
export function applyFilters(
  index: readonly RecordIndexEntry[],
  filters: DataFilters,
  responseMatches: ReadonlySet<string> | null,
): RecordIndexEntry[] {
  const needle = searchNeedle(filters.text);
  const severity = filters.severity === 'any' ? null : Number(filters.severity);
  return index.filter(
    (entry) =>
      (filters.source === 'any' || entry.sourceId === filters.source) &&
      (filters.split === 'any' || entry.split === filters.split) &&
      (filters.category === 'any' || entry.category === filters.category) &&
      (severity === null || entry.imageSeverity === severity) &&
      matchesSafety(filters.safe1, entry.safe1) &&
      matchesSafety(filters.safe2, entry.safe2) &&
      matchesYesNo(filters.helpfulIsSafer, entry.helpfulIsSafer) &&
      (!filters.contradictoryOnly || entry.contradictory) &&
      (needle === '' || entry.question.toLowerCase().includes(needle) || (responseMatches?.has(entry.id) ?? false)),
  );
}

/** Distinct values of a field in index order of first appearance, sorted for stable select options. */
export function distinctValues<K extends 'split' | 'category' | 'sourceId' | 'imageSeverity'>(
  index: readonly RecordIndexEntry[],
  key: K,
): RecordIndexEntry[K][] {
  const seen = new Set<RecordIndexEntry[K]>();
  for (const entry of index) seen.add(entry[key]);
  return [...seen].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
}
