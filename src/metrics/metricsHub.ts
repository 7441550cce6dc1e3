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
/** Streams given recorded history (seedHistory): live rows continue its iteration count. */
const seeded = new Map<string, { lastIteration: number; offset: number | null }>();

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
    table.append(continueSeeded(batch));
    touched.add(batch.stream);
  }
  for (const listener of listeners) listener([...touched]);
}

export function metricTable(stream: string): MetricTable | undefined {
  return tables.get(stream);
}

export function resetStream(stream: string): void {
  tables.delete(stream);
  seeded.delete(stream);
  for (const listener of listeners) listener([stream]);
}

export function onMetricsFlushed(listener: (streams: string[]) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Replaces a stream's rows with recorded history (row-major, an 'iteration' column first or anywhere); rows the
 * worker sends afterwards are renumbered to continue after it. Used by the e2e perf check to give the live charts
 * 2,000 iterations without training that long (installed on window only with `?e2e-hooks`, see bootstrap.ts).
 */
export function seedHistory(stream: string, columns: readonly string[], rows: Float64Array | readonly number[]): void {
  const table = new MetricTable(columns);
  table.append(rows);
  tables.set(stream, table);
  seeded.set(stream, { lastIteration: table.last('iteration') ?? -1, offset: null });
  for (const listener of listeners) listener([stream]);
}

function continueSeeded(batch: MetricBatch): Float64Array | readonly number[] {
  const seed = seeded.get(batch.stream);
  const column = batch.columns.indexOf('iteration');
  if (!seed || column < 0 || batch.rows.length === 0) return batch.rows;
  seed.offset ??= seed.lastIteration + 1 - batch.rows[column];
  const rows = Float64Array.from(batch.rows);
  for (let i = column; i < rows.length; i += batch.columns.length) rows[i] += seed.offset;
  return rows;
}
