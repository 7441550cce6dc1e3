import * as Comlink from 'comlink';
import type { MetricBatch } from './protocol';

/**
 * Collects metric rows in the worker and sends them in batches, at most one message per `intervalMs` per stream
 * (default 100 ms ⇒ ≤ 10 messages a second), as a transferable Float64Array. Never one message per step.
 */
export class MetricStream {
  private pending: number[] = [];
  private lastSent = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly stream: string,
    readonly columns: readonly string[],
    private readonly send: (batch: MetricBatch) => void,
    private readonly intervalMs = 100,
    private readonly transfer = true,
  ) {}

  push(row: Record<string, number> | readonly number[]): void {
    if (Array.isArray(row)) this.pending.push(...row);
    else for (const column of this.columns) this.pending.push((row as Record<string, number>)[column] ?? NaN);
    const wait = this.intervalMs - (Date.now() - this.lastSent);
    if (wait <= 0) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const rows = Float64Array.from(this.pending);
    this.pending = [];
    this.lastSent = Date.now();
    const batch: MetricBatch = { stream: this.stream, columns: this.columns, rows };
    this.send(this.transfer ? Comlink.transfer(batch, [rows.buffer]) : batch);
  }
}
