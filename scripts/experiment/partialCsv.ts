// metrics.csv written as the run goes: the header at the start, then the new rows every few iterations (appended,
// so a long run costs no rewrites). A run that dies keeps what was flushed; the finished run rewrites the file whole.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PpoMetricRow } from '../../src/train/ppo/types';
import { PPO_METRIC_COLUMNS } from '../../src/train/ppo/types';
import { toCsv } from './run';

/** Iterations between flushes. */
export const FLUSH_EVERY = 10;

export class PartialMetricsCsv {
  private pending: PpoMetricRow[] = [];
  readonly path: string;

  constructor(dir: string, private readonly every = FLUSH_EVERY) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'metrics.csv');
    writeFileSync(this.path, toCsv(PPO_METRIC_COLUMNS, []));
  }

  add(row: PpoMetricRow): void {
    this.pending.push(row);
    if (this.pending.length >= this.every) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const text = toCsv(PPO_METRIC_COLUMNS, this.pending);
    // toCsv starts with the header line; the file has it already.
    appendFileSync(this.path, text.slice(text.indexOf('\n') + 1));
    this.pending = [];
  }
}
