import { useShallow } from 'zustand/react/shallow';
import type { DatasetSummary } from '../../data/summary';
import { useAppStore } from '../../state/store';

/** What other areas need of the loaded data: the summary, the record index and whether a load is running. */
export function useDataset() {
  return useAppStore(useShallow((s) => ({ summary: s.data.summary, index: s.data.index, loadState: s.data.loadState })));
}

/** The record opened in the Data explorer (e.g. for "moderate the explorer's selection"). */
export const useSelectedRecordId = () => useAppStore((s) => s.data.selectedId);
export const useDataActions = () => useAppStore((s) => s.dataActions);
export const useDataFilters = () => useAppStore((s) => s.data.filters);
export const useSeverityLabels = () => useAppStore((s) => s.data.severityLabels);
export const useDataProblems = () => useAppStore(useShallow((s) => ({ errors: s.data.errors, warnings: s.data.warnings })));
export const useContentWarningAcknowledged = () => useAppStore((s) => s.data.contentWarningAcknowledged);

/** Resolves with the summary once at least one row is loaded (e.g. before autoplay starts training). */
export function whenDataReady(): Promise<DatasetSummary> {
  const ready = () => {
    const { summary } = useAppStore.getState().data;
    return summary && summary.rows > 0 ? summary : null;
  };
  const now = ready();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const unsubscribe = useAppStore.subscribe(() => {
      const summary = ready();
      if (summary) {
        unsubscribe();
        resolve(summary);
      }
    });
  });
}
