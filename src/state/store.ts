import { create, type StateCreator } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { metricTable, onMetricsFlushed } from '../metrics/metricsHub';
import { createConfigSlice, type ConfigSlice } from './slices/configSlice';
import { createDataSlice, type DataSlice } from './slices/dataSlice';
import { createGuardSlice, type GuardSlice } from './slices/guardSlice';
import { createMetricsSlice, type MetricsSlice } from './slices/metricsSlice';
import { createModelsSlice, type ModelsSlice } from './slices/modelsSlice';
import { createRunsSlice, type RunsSlice } from './slices/runsSlice';
import { createSystemSlice, type SystemSlice } from './slices/systemSlice';
import { createTrainSlice, type TrainSlice } from './slices/trainSlice';
import { createUiSlice, type UiSlice } from './slices/uiSlice';

/** One store from slices; each slice groups its actions under `<slice>Actions` (stable references). */
export type AppState = ConfigSlice &
  SystemSlice &
  UiSlice &
  MetricsSlice &
  DataSlice &
  ModelsSlice &
  TrainSlice &
  GuardSlice &
  RunsSlice;

type StoreArgs = Parameters<StateCreator<AppState>>;

/**
 * Each slice is typed by its own state alone, so no slice imports the store (no store ↔ slice cycle). A slice only
 * ever sets its own key (`set((s) => ({ config: … }))`, merged shallowly), so the whole store's set/get/api serve it.
 */
function slice<T>(create: StateCreator<T, [], [], T>) {
  return (...args: StoreArgs): T => create(...(args as unknown as Parameters<StateCreator<T, [], [], T>>));
}

export const useAppStore = create<AppState>()((...a) => ({
  ...slice(createConfigSlice)(...a),
  ...slice(createSystemSlice)(...a),
  ...slice(createUiSlice)(...a),
  ...slice(createMetricsSlice)(...a),
  ...slice(createModelsSlice)(...a),
  ...slice(createTrainSlice)(...a),
  ...slice(createDataSlice)(...a),
  ...slice(createGuardSlice)(...a),
  ...slice(createRunsSlice)(...a),
}));

onMetricsFlushed((streams) => useAppStore.getState().metricsActions.touched(streams));

export const useConfig = () => useAppStore((s) => s.config);
export const useConfigActions = () => useAppStore((s) => s.configActions);
export const useSystem = () => useAppStore(useShallow((s) => s.system));
export const useSystemActions = () => useAppStore((s) => s.systemActions);
export const useArea = () => useAppStore((s) => s.ui.area);
export const useUiActions = () => useAppStore((s) => s.uiActions);
export const useRuns = () => useAppStore((s) => s.runs);
export const useRunsActions = () => useAppStore((s) => s.runsActions);

/** The metric table of a stream; re-renders when a flush touched it (≤ 10 Hz). */
export function useMetricTable(stream: string) {
  const version = useAppStore((s) => s.metricVersions[stream] ?? 0);
  return { table: metricTable(stream), version };
}
