import type { StateCreator } from 'zustand';
import { defaultConfig, type ExperimentConfig } from '../../config/params';
import { applyPreset } from '../../config/presets';

export interface ConfigSlice {
  config: ExperimentConfig;
  configActions: {
    set: <K extends keyof ExperimentConfig>(key: K, value: ExperimentConfig[K]) => void;
    replace: (config: ExperimentConfig) => void;
    applyPreset: (presetId: string) => void;
  };
}

export const createConfigSlice: StateCreator<ConfigSlice, [], [], ConfigSlice> = (set) => ({
  config: defaultConfig(),
  configActions: {
    set: (key, value) => set((s) => ({ config: { ...s.config, [key]: value } })),
    replace: (config) => set({ config }),
    applyPreset: (presetId) => set((s) => ({ config: applyPreset(s.config, presetId) })),
  },
});
