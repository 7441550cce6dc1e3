import type { BackendInfo } from '../compute/types';
import type { MetricBatch, StatusEvent, WorkerCallbacks } from './protocol';

/**
 * State shared by the worker's handler modules (one module per area: system, data, models, ppo, guard).
 * Each area keeps its own state in its own module; this holds only what every area needs.
 */
export const workerContext: {
  callbacks: WorkerCallbacks | null;
  backend: BackendInfo | null;
} = { callbacks: null, backend: null };

export function emitStatus(event: StatusEvent): void {
  workerContext.callbacks?.onStatus(event);
}

export function emitMetrics(batch: MetricBatch): void {
  workerContext.callbacks?.onMetrics(batch);
}

/** Lets queued messages (pause, stop, image requests) run between training steps. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
