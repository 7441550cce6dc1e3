import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { metricTable, onMetricsFlushed } from '../metrics/metricsHub';
import { createConfigSlice, type ConfigSlice } from './slices/configSlice';
import { createMetricsSlice, type MetricsSlice } from './slices/metricsSlice';
import { createSystemSlice, type SystemSlice } from './slices/systemSlice';
import { createUiSlice, type UiSlice } from './slices/uiSlice';

/** One store from slices; each slice groups its actions under `<slice>Actions` (stable references). */
export type AppState = ConfigSlice & SystemSlice & UiSlice & MetricsSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createConfigSlice(...a),
  ...createSystemSlice(...a),
  ...createUiSlice(...a),
  ...createMetricsSlice(...a),
}));

onMetricsFlushed((streams) => useAppStore.getState().metricsActions.touched(streams));

export const useConfig = () => useAppStore((s) => s.config);
export const useConfigActions = () => useAppStore((s) => s.configActions);
export const useSystem = () => useAppStore(useShallow((s) => s.system));
export const useSystemActions = () => useAppStore((s) => s.systemActions);
export const useArea = () => useAppStore((s) => s.ui.area);
export const useUiActions = () => useAppStore((s) => s.uiActions);

/** The metric table of a stream; re-renders when a flush touched it (≤ 10 Hz). */
export function useMetricTable(stream: string) {
  const version = useAppStore((s) => s.metricVersions[stream] ?? 0);
  return { table: metricTable(stream), version };
}
