import type { StateCreator } from 'zustand';
import type { DatasetSummary, RecordIndexEntry } from '../../data/summary';
import { DEFAULT_FILTERS, type DataFilters } from '../../data/filters';
import {
  defaultSeverityLabels,
  withSeverityLabel,
  type SeverityLabelMap,
} from '../../data/severityLabels';
import { DEFAULT_DOWNLOAD_LIMIT_MB } from '../../data/downloadLimits';

export type DataLoadState =
  | { status: 'idle' }
  | { status: 'loading'; what: string; progress: number | null; message: string }
  | { status: 'ready' }
  /** The load failed and nothing is loaded (with data loaded, a failure goes to `errors` and the state stays ready). */
  | { status: 'error'; message: string };

export interface DataProblem {
  id: number;
  /** The file name, URL or 'sample' the problem is about. */
  source: string;
  message: string;
}

/** Data a shared link names, waiting for the person to agree to download it (nothing is fetched before). */
export interface LinkDataRequest {
  url: string;
  host: string;
  /** 'loading' once agreed, until the load settles (autoplay waits for it). */
  status: 'asking' | 'loading';
}

export interface DataSlice {
  data: {
    summary: DatasetSummary | null;
    index: RecordIndexEntry[];
    loadState: DataLoadState;
    errors: DataProblem[];
    warnings: DataProblem[];
    /** The record opened in the detail view. */
    selectedId: string | null;
    filters: DataFilters;
    severityLabels: SeverityLabelMap;
    /** Real (non-synthetic) images stay hidden until the user acknowledges the content warning (session only). */
    contentWarningAcknowledged: boolean;
    /** Link-named data URLs not yet agreed to, or agreed and still loading. */
    linkRequests: LinkDataRequest[];
    /** Most MB one download may bring (guardedFetch); the person sees and can raise it next to "Load from URL". */
    downloadLimitMb: number;
  };
  dataActions: {
    loadStarted: (what: string) => void;
    loadProgress: (progress: number | null, message: string) => void;
    /** Replaces summary and index with the worker's; appends the load's errors and warnings. */
    loadFinished: (
      summary: DatasetSummary,
      index: RecordIndexEntry[],
      errors: { source: string; message: string }[],
      warnings: string[],
    ) => void;
    /** A load that threw: what was loaded before stays. */
    loadFailed: (source: string, message: string) => void;
    /** The user cancelled: nothing changes but a note. */
    loadCancelled: (what: string) => void;
    dismissError: (id: number) => void;
    dismissWarning: (id: number) => void;
    clearProblems: () => void;
    select: (id: string | null) => void;
    setFilter: <K extends keyof DataFilters>(key: K, value: DataFilters[K]) => void;
    resetFilters: () => void;
    setSeverityLabel: (severity: number, label: string) => void;
    resetSeverityLabels: () => void;
    acknowledgeContentWarning: () => void;
    /** Adds (or updates, by URL) a link data request. */
    putLinkRequest: (request: LinkDataRequest) => void;
    removeLinkRequest: (url: string) => void;
    setDownloadLimit: (megabytes: number) => void;
  };
}

const MAX_PROBLEMS = 50;
let nextProblemId = 1;

function appendProblems(list: DataProblem[], added: { source: string; message: string }[]): DataProblem[] {
  if (added.length === 0) return list;
  return [...list, ...added.map((p) => ({ id: nextProblemId++, source: p.source, message: p.message }))].slice(-MAX_PROBLEMS);
}

function settledState(summary: DatasetSummary | null, failure?: string): DataLoadState {
  if (summary && summary.rows > 0) return { status: 'ready' };
  return failure ? { status: 'error', message: failure } : { status: 'idle' };
}

export const createDataSlice: StateCreator<DataSlice, [], [], DataSlice> = (set) => ({
  data: {
    summary: null,
    index: [],
    loadState: { status: 'idle' },
    errors: [],
    warnings: [],
    selectedId: null,
    filters: DEFAULT_FILTERS,
    severityLabels: defaultSeverityLabels(),
    contentWarningAcknowledged: false,
    linkRequests: [],
    downloadLimitMb: DEFAULT_DOWNLOAD_LIMIT_MB,
  },
  dataActions: {
    loadStarted: (what) =>
      set((s) => ({ data: { ...s.data, loadState: { status: 'loading', what, progress: null, message: `Loading ${what}…` } } })),
    loadProgress: (progress, message) =>
      set((s) =>
        s.data.loadState.status === 'loading'
          ? { data: { ...s.data, loadState: { ...s.data.loadState, progress, message } } }
          : s,
      ),
    loadFinished: (summary, index, errors, warnings) =>
      set((s) => {
        const selectedStillThere = s.data.selectedId !== null && index.some((e) => e.id === s.data.selectedId);
        return {
          data: {
            ...s.data,
            summary,
            index,
            errors: appendProblems(s.data.errors, errors),
            warnings: appendProblems(
              s.data.warnings,
              warnings.map((message) => ({ source: 'load', message })),
            ),
            selectedId: selectedStillThere ? s.data.selectedId : null,
            loadState: settledState(summary, errors[0] ? `${errors[0].source}: ${errors[0].message}` : undefined),
          },
        };
      }),
    loadFailed: (source, message) =>
      set((s) => ({
        data: {
          ...s.data,
          errors: appendProblems(s.data.errors, [{ source, message }]),
          loadState: settledState(s.data.summary, `${source}: ${message}`),
        },
      })),
    loadCancelled: (what) =>
      set((s) => ({
        data: {
          ...s.data,
          warnings: appendProblems(s.data.warnings, [{ source: what, message: 'load cancelled' }]),
          loadState: settledState(s.data.summary),
        },
      })),
    dismissError: (id) => set((s) => ({ data: { ...s.data, errors: s.data.errors.filter((e) => e.id !== id) } })),
    dismissWarning: (id) => set((s) => ({ data: { ...s.data, warnings: s.data.warnings.filter((w) => w.id !== id) } })),
    clearProblems: () => set((s) => ({ data: { ...s.data, errors: [], warnings: [] } })),
    select: (selectedId) => set((s) => ({ data: { ...s.data, selectedId } })),
    setFilter: (key, value) => set((s) => ({ data: { ...s.data, filters: { ...s.data.filters, [key]: value } } })),
    resetFilters: () => set((s) => ({ data: { ...s.data, filters: DEFAULT_FILTERS } })),
    setSeverityLabel: (severity, label) =>
      set((s) => ({ data: { ...s.data, severityLabels: withSeverityLabel(s.data.severityLabels, severity, label) } })),
    resetSeverityLabels: () => set((s) => ({ data: { ...s.data, severityLabels: defaultSeverityLabels() } })),
    acknowledgeContentWarning: () => set((s) => ({ data: { ...s.data, contentWarningAcknowledged: true } })),
    putLinkRequest: (request) =>
      set((s) => {
        const at = s.data.linkRequests.findIndex((r) => r.url === request.url);
        const linkRequests =
          at < 0 ? [...s.data.linkRequests, request] : s.data.linkRequests.map((r, i) => (i === at ? request : r));
        return { data: { ...s.data, linkRequests } };
      }),
    setDownloadLimit: (megabytes) => set((s) => ({ data: { ...s.data, downloadLimitMb: megabytes } })),
    removeLinkRequest: (url) =>
      set((s) => ({ data: { ...s.data, linkRequests: s.data.linkRequests.filter((r) => r.url !== url) } })),
  },
});
