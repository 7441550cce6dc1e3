import type { StateCreator } from 'zustand';

export const AREAS = ['data', 'models', 'train', 'guard', 'runs'] as const;
export type Area = (typeof AREAS)[number];
/** Newcomers land on Train, where one Start shows λ moving; Data is one click away. */
export const DEFAULT_AREA: Area = 'train';

/**
 * What the link's `autoplay=1` is doing: off (no autoplay), waiting (for the backend, the data and a visible Train
 * area), started, or held (it will not start by itself; `autoplayNote` says why).
 */
export type AutoplayState = 'off' | 'waiting' | 'started' | 'held';

export interface UiState {
  area: Area;
  /** The Train area is rendered (autoplay starts only once students can see it). */
  trainShown: boolean;
  /** Opened from a classroom link: the preset picker is locked so the teacher's settings stay. */
  classroom: boolean;
  autoplay: AutoplayState;
  autoplayNote: string | null;
  /** 'present': the presentation view (λ, J_C with its limit and reward in large type on one screen; `view=present`). */
  view: 'normal' | 'present';
}

export interface UiSlice {
  ui: UiState;
  uiActions: {
    setArea: (area: Area) => void;
    setTrainShown: (shown: boolean) => void;
    setClassroom: (classroom: boolean) => void;
    setAutoplay: (autoplay: AutoplayState, note?: string | null) => void;
    setView: (view: UiState['view']) => void;
  };
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => {
  const patch = (update: Partial<UiState>) => set((s) => ({ ui: { ...s.ui, ...update } }));
  return {
    ui: { area: DEFAULT_AREA, trainShown: false, classroom: false, autoplay: 'off', autoplayNote: null, view: 'normal' },
    uiActions: {
      setArea: (area) => patch({ area }),
      setTrainShown: (trainShown) => patch({ trainShown }),
      setClassroom: (classroom) => patch({ classroom }),
      setAutoplay: (autoplay, note = null) => patch({ autoplay, autoplayNote: note }),
      setView: (view) => patch({ view }),
    },
  };
};
