import type { StateCreator } from 'zustand';

/** Only version counters live in React state; the metric values stay in src/metrics (flushed at ≤ 10 Hz). */
export interface MetricsSlice {
  metricVersions: Record<string, number>;
  metricsActions: { touched: (streams: string[]) => void };
}

export const createMetricsSlice: StateCreator<MetricsSlice, [], [], MetricsSlice> = (set) => ({
  metricVersions: {},
  metricsActions: {
    touched: (streams) =>
      set((s) => {
        const metricVersions = { ...s.metricVersions };
        for (const stream of streams) metricVersions[stream] = (metricVersions[stream] ?? 0) + 1;
        return { metricVersions };
      }),
  },
});
