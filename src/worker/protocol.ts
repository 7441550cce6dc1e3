// The worker → UI status protocol and metric batches. Types only: safe for the main thread.

export type JobName = 'demo' | 'data' | 'reward' | 'cost' | 'guard' | 'sft' | 'ppo' | 'moderation' | 'system' | 'pack';

export interface StatusEvent {
  job: JobName;
  /** progress: a fraction in [0, 1]; phase: the engine's current phase; error: a failure the UI must show. */
  kind: 'started' | 'progress' | 'phase' | 'info' | 'warning' | 'error' | 'done' | 'paused' | 'stopped';
  message: string;
  progress?: number;
  detail?: Record<string, unknown>;
}

/** A batch of metric rows for one stream, row-major: rows.length = n × columns.length. */
export interface MetricBatch {
  stream: string;
  columns: readonly string[];
  rows: Float64Array;
}

export interface WorkerCallbacks {
  onStatus(event: StatusEvent): void;
  onMetrics(batch: MetricBatch): void;
}
