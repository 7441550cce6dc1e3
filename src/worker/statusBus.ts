import type { JobName, StatusEvent } from './protocol';

/** Routes worker status events to the areas that care about a job (main thread). */
const listeners = new Map<JobName, Set<(event: StatusEvent) => void>>();

export function publishStatus(event: StatusEvent): void {
  for (const listener of listeners.get(event.job) ?? []) listener(event);
}

export function onStatus(job: JobName, listener: (event: StatusEvent) => void): () => void {
  if (!listeners.has(job)) listeners.set(job, new Set());
  listeners.get(job)!.add(listener);
  return () => listeners.get(job)!.delete(listener);
}
