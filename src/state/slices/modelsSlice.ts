import type { StateCreator } from 'zustand';
import type { ModelKind, ModelsStatus } from '../../models/types';

/** A model training job as the UI sees it (from worker status events). */
export interface ModelJob {
  kind: ModelKind;
  state: 'running' | 'paused';
  progress: number | null;
  message: string;
}

export interface ModelsSlice {
  models: {
    /** Which models exist, where they came from, their held-out metrics (null until the worker answered). */
    status: ModelsStatus | null;
    job: ModelJob | null;
    /** An operation in progress other than training (loading, saving, importing), for disabling buttons. */
    busy: string | null;
    /** The last outcome, shown under the actions (errors name the file and the problem). */
    message: { level: 'info' | 'error'; text: string } | null;
  };
  modelsActions: {
    setStatus: (status: ModelsStatus) => void;
    setJob: (job: ModelJob | null) => void;
    setBusy: (busy: string | null) => void;
    setMessage: (level: 'info' | 'error', text: string) => void;
  };
}

export const createModelsSlice: StateCreator<ModelsSlice, [], [], ModelsSlice> = (set) => ({
  models: { status: null, job: null, busy: null, message: null },
  modelsActions: {
    setStatus: (status) => set((s) => ({ models: { ...s.models, status } })),
    setJob: (job) => set((s) => ({ models: { ...s.models, job } })),
    setBusy: (busy) => set((s) => ({ models: { ...s.models, busy } })),
    setMessage: (level, text) => set((s) => ({ models: { ...s.models, message: { level, text } } })),
  },
});
