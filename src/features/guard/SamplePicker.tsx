import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import type { RecordIndexEntry } from '../../data/summary';
import { humanize } from './format';

const MAX_OPTIONS = 200;

interface SamplePickerProps {
  index: RecordIndexEntry[];
  value: string | null;
  onChange: (id: string) => void;
  /** Enter on the list: moderate the selected sample. */
  onSubmit: (id: string) => void;
}

/** A searchable select over the loaded record index (question text, category or id). */
export function SamplePicker({ index, value, onChange, onSubmit }: SamplePickerProps) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const searchId = useId();
  const selectId = useId();
  const { matches, total } = useMemo(() => {
    const q = deferred.trim().toLowerCase();
    const hits = q
      ? index.filter(
          (e) => e.question.toLowerCase().includes(q) || e.category.includes(q) || e.id.toLowerCase() === q,
        )
      : index;
    return { matches: hits.slice(0, MAX_OPTIONS), total: hits.length };
  }, [index, deferred]);
  const selectedVisible = value !== null && matches.some((m) => m.id === value);
  // A listbox always shows one option as selected (React selects the first when the value matches none), so the
  // shown selection is the chosen one: the first match until another row is picked, and after a search hides it.
  const shown = selectedVisible ? value : (matches[0]?.id ?? null);
  useEffect(() => {
    if (shown !== null && shown !== value) onChange(shown);
  }, [shown, value, onChange]);
  return (
    <div className="sample-picker">
      <div className="field">
        <label htmlFor={searchId}>Search loaded samples</label>
        <input
          id={searchId}
          type="search"
          value={query}
          placeholder="words from the question, or a category"
          data-testid="guard-sample-search"
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={selectId}>
          Sample ({total > MAX_OPTIONS ? `first ${MAX_OPTIONS} of ${total}` : `${total}`} matching)
        </label>
        <select
          id={selectId}
          size={6}
          value={shown ?? ''}
          data-testid="guard-sample-select"
          onChange={(e) => e.target.value && onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && e.currentTarget.value) {
              e.preventDefault();
              onSubmit(e.currentTarget.value);
            }
          }}
        >
          {matches.map((e) => (
            <option key={e.id} value={e.id}>
              [{e.split}] {humanize(e.category)} · {e.question}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
