import { useEffect, useMemo, useState } from 'react';
import type { RecordIndexEntry } from '../../data/summary';
import { trainer } from '../../worker/client';
import { applyFilters, searchNeedle, type DataFilters } from '../../data/filters';

const SEARCH_DEBOUNCE_MS = 250;

/**
 * Ids whose responses contain the search text, asked of the worker (which holds the response texts) after the
 * user pauses typing. Null while there is no text or the answer for the current text is not back yet.
 */
export function useResponseMatches(text: string, index: readonly RecordIndexEntry[]): ReadonlySet<string> | null {
  const needle = searchNeedle(text);
  const [answer, setAnswer] = useState<{ needle: string; index: readonly RecordIndexEntry[]; ids: ReadonlySet<string> } | null>(null);
  useEffect(() => {
    if (needle === '') return;
    let stale = false;
    const timer = setTimeout(() => {
      trainer()
        .searchText(needle)
        .then((ids) => {
          if (!stale) setAnswer({ needle, index, ids: new Set(ids) });
        })
        .catch(() => {
          // The question matches still show; a failed response search only narrows nothing further.
          if (!stale) setAnswer({ needle, index, ids: new Set() });
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [needle, index]);
  return answer && answer.needle === needle && answer.index === index ? answer.ids : null;
}

/** The filtered rows plus whether the response search for the current text is still running. */
export function useFilteredIndex(index: readonly RecordIndexEntry[], filters: DataFilters) {
  const responseMatches = useResponseMatches(filters.text, index);
  const rows = useMemo(() => applyFilters(index, filters, responseMatches), [index, filters, responseMatches]);
  const searching = searchNeedle(filters.text) !== '' && responseMatches === null;
  return { rows, searching };
}
