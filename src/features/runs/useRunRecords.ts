import { useEffect, useState } from 'react';
import { loadRun } from '../../runs/history';
import type { RunMeta, RunRecord } from '../../runs/types';
import { errorText } from '../../util/errorText';

/**
 * Full records (metrics included) of the given runs, in the given order. Reloads when one of their metas changes
 * (a live run is re-saved every ~2 s), keeping the previous records on screen meanwhile.
 */
export function useRunRecords(metas: readonly RunMeta[]): {
  records: RunRecord[];
  version: number;
  error: string | null;
} {
  const [state, setState] = useState<{ records: RunRecord[]; version: number; error: string | null }>({
    records: [],
    version: 0,
    error: null,
  });
  useEffect(() => {
    let cancelled = false;
    Promise.all(metas.map((meta) => loadRun(meta.id)))
      .then((loaded) => {
        if (cancelled) return;
        const records = loaded.filter((record): record is RunRecord => record !== undefined);
        setState((old) => ({ records, version: old.version + 1, error: null }));
      })
      .catch((error: unknown) => {
        if (!cancelled)
          setState((old) => ({
            ...old,
            error: `Could not read runs: ${errorText(error)}`,
          }));
      });
    return () => {
      cancelled = true;
    };
  }, [metas]);
  return state;
}
