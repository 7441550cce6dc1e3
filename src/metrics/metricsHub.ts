import type { MetricBatch } from '../worker/protocol';
import { MetricTable } from './metricTable';

/**
 * Metric rows from the worker land here, outside React state. A flush at most every 100 ms (≤ 10 Hz) appends
 * them to their tables and then notifies subscribers once (the store bumps a version number), so charts redraw at
 * most ten times a second however fast the worker trains.
 */
const tables = new Map<string, MetricTable>();
const pending: MetricBatch[] = [];
const listeners = new Set<(streams: string[]) => void>();
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let lastFlush = 0;
export const FLUSH_INTERVAL_MS = 100;

export function pushMetrics(batch: MetricBatch): void {
  pending.push(batch);
  if (flushTimer) return;
  const wait = Math.max(0, FLUSH_INTERVAL_MS - (performance.now() - lastFlush));
  flushTimer = setTimeout(flush, wait);
}

export function flush(): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  lastFlush = performance.now();
  if (pending.length === 0) return;
  const touched = new Set<string>();
  for (const batch of pending.splice(0)) {
    let table = tables.get(batch.stream);
    if (!table || table.columns.join() !== batch.columns.join()) {
      table = new MetricTable(batch.columns);
      tables.set(batch.stream, table);
    }
    table.append(batch.rows);
    touched.add(batch.stream);
  }
  for (const listener of listeners) listener([...touched]);
}

export function metricTable(stream: string): MetricTable | undefined {
  return tables.get(stream);
}

export function resetStream(stream: string): void {
  tables.delete(stream);
  for (const listener of listeners) listener([stream]);
}

export function onMetricsFlushed(listener: (streams: string[]) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
