import type { StateCreator } from 'zustand';
import type { RunMeta } from '../../runs/types';

/**
 * The run history as the UI sees it: the list of run metas (metrics stay in IndexedDB and are loaded on demand),
 * which runs are selected for comparison, and the storage state.
 */
export interface RunsSlice {
  runs: {
    list: RunMeta[];
    state: 'loading' | 'ready' | 'unavailable';
    error: string | null;
    /** Ids chosen for comparison, in the order picked (colours follow it). */
    selected: string[];
  };
  runsActions: {
    setList: (list: RunMeta[]) => void;
    /** Inserts or replaces one run (keeps seq order). */
    upsert: (meta: RunMeta) => void;
    remove: (id: string) => void;
    setState: (state: RunsSlice['runs']['state'], error?: string | null) => void;
    toggleSelected: (id: string) => void;
    setSelected: (ids: string[]) => void;
  };
}

const bySeq = (a: RunMeta, b: RunMeta) => a.seq - b.seq;

export const createRunsSlice: StateCreator<RunsSlice, [], [], RunsSlice> = (set) => ({
  runs: { list: [], state: 'loading', error: null, selected: [] },
  runsActions: {
    setList: (list) =>
      set((s) => ({ runs: { ...s.runs, list: [...list].sort(bySeq), state: 'ready', error: null } })),
    upsert: (meta) =>
      set((s) => ({
        runs: { ...s.runs, list: [...s.runs.list.filter((run) => run.id !== meta.id), meta].sort(bySeq) },
      })),
    remove: (id) =>
      set((s) => ({
        runs: {
          ...s.runs,
          list: s.runs.list.filter((run) => run.id !== id),
          selected: s.runs.selected.filter((selected) => selected !== id),
        },
      })),
    setState: (state, error = null) => set((s) => ({ runs: { ...s.runs, state, error } })),
    toggleSelected: (id) =>
      set((s) => ({
        runs: {
          ...s.runs,
          selected: s.runs.selected.includes(id)
            ? s.runs.selected.filter((x) => x !== id)
            : [...s.runs.selected, id],
        },
      })),
    setSelected: (selected) => set((s) => ({ runs: { ...s.runs, selected } })),
  },
});
