import { useId, useMemo, type ReactNode } from 'react';
import type { RecordIndexEntry, SourceSummary } from '../../data/summary';
import { categoryDefinition, categoryLabel } from './categoryInfo';
import { activeFilterCount, distinctValues, type DataFilters, type SafetyFilter, type YesNoFilter } from '../../data/filters';
import { severityLabel } from '../../data/severityLabels';
import { useDataActions, useDataFilters, useSeverityLabels } from './useDataset';

function SelectField({
  label,
  value,
  onChange,
  testId,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} data-testid={testId} onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </div>
  );
}

const SAFETY_OPTIONS: [SafetyFilter, string][] = [
  ['any', 'any'],
  ['safe', 'safe'],
  ['unsafe', 'unsafe'],
];
const YES_NO_OPTIONS: [YesNoFilter, string][] = [
  ['any', 'any'],
  ['yes', 'yes'],
  ['no', 'no (conflict)'],
];

/** Every filter of the record list plus the "N of M rows" count. */
export function FilterBar({
  index,
  sources,
  shown,
  searching,
}: {
  index: readonly RecordIndexEntry[];
  sources: SourceSummary[];
  shown: number;
  searching: boolean;
}) {
  const filters = useDataFilters();
  const labels = useSeverityLabels();
  const { setFilter, resetFilters } = useDataActions();
  const searchId = useId();
  const options = useMemo(
    () => ({
      splits: distinctValues(index, 'split'),
      categories: distinctValues(index, 'category'),
      severities: distinctValues(index, 'imageSeverity'),
    }),
    [index],
  );
  const set =
    <K extends keyof DataFilters>(key: K) =>
    (value: string) =>
      setFilter(key, value as DataFilters[K]);
  const active = activeFilterCount(filters);

  return (
    <div className="filter-bar" role="search" aria-label="Filter samples">
      <div className="field search-field">
        <label htmlFor={searchId}>Search questions and responses</label>
        <input
          id={searchId}
          type="search"
          value={filters.text}
          placeholder="e.g. password"
          data-testid="filter-text"
          onChange={(event) => setFilter('text', event.target.value)}
        />
      </div>
      <div className="filter-grid">
        {sources.length > 1 && (
          <SelectField label="Source" value={filters.source} onChange={set('source')} testId="filter-source">
            <option value="any">any</option>
            {sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
        )}
        <SelectField label="Split" value={filters.split} onChange={set('split')} testId="filter-split">
          <option value="any">any</option>
          {options.splits.map((split) => (
            <option key={split} value={split}>
              {split}
            </option>
          ))}
        </SelectField>
        <SelectField label="Category" value={filters.category} onChange={set('category')} testId="filter-category">
          <option value="any">any</option>
          {options.categories.map((category) => (
            <option key={category} value={category} title={categoryDefinition(category)}>
              {categoryLabel(category)}
            </option>
          ))}
        </SelectField>
        <SelectField label="Image severity" value={filters.severity} onChange={set('severity')} testId="filter-severity">
          <option value="any">any</option>
          {options.severities.map((severity) => (
            <option key={severity} value={String(severity)}>
              {severityLabel(labels, severity)} ({severity})
            </option>
          ))}
        </SelectField>
        <SelectField label="Response 1" value={filters.safe1} onChange={set('safe1')} testId="filter-safe1">
          {SAFETY_OPTIONS.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </SelectField>
        <SelectField label="Response 2" value={filters.safe2} onChange={set('safe2')} testId="filter-safe2">
          {SAFETY_OPTIONS.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="More helpful is also safer"
          value={filters.helpfulIsSafer}
          onChange={set('helpfulIsSafer')}
          testId="filter-helpful-safer"
        >
          {YES_NO_OPTIONS.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="row tight">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filters.contradictoryOnly}
            data-testid="filter-contradictory"
            onChange={(event) => setFilter('contradictoryOnly', event.target.checked)}
          />
          Contradictory pairs only
        </label>
        <span className="filtered-count" data-testid="filtered-count" data-shown={shown} aria-live="polite">
          <strong>{shown.toLocaleString()}</strong> of {index.length.toLocaleString()} rows
          {searching && <span className="muted"> (searching responses…)</span>}
        </span>
        <button type="button" className="small" disabled={active === 0} onClick={resetFilters}>
          Clear filters{active > 0 ? ` (${active})` : ''}
        </button>
      </div>
    </div>
  );
}
