import type { StateCreator } from 'zustand';
import type { AppState } from '../store';

export const AREAS = ['data', 'models', 'train', 'guard', 'runs'] as const;
export type Area = (typeof AREAS)[number];

export interface UiSlice {
  ui: { area: Area };
  uiActions: { setArea: (area: Area) => void };
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  ui: { area: 'data' },
  uiActions: { setArea: (area) => set((s) => ({ ui: { ...s.ui, area } })) },
});
