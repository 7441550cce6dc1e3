// The runner parses untrusted files in-process (no parse worker to replace), so a step on them is bounded twice:
// an asynchronous step that runs past its limit rejects with an error naming it, and a step that wedges the thread
// in a synchronous loop (which no timer in this thread can interrupt) is ended by a watchdog thread that prints the
// same kind of error and kills the process (exit status 137). Neither is known to happen since the Parquet checks;
// this is the bound if one does.
import { Worker } from 'node:worker_threads';
import { DataError } from '../../src/data/schema';

/** Longest one step on a file's bytes (opening it, indexing its rows) may take. */
export const STEP_LIMIT_MS = 300_000;
/** Longest the thread may stay blocked (no timer runs) during such a step before the process is ended. */
export const BLOCKED_LIMIT_MS = 60_000;

/** Runs in the watchdog thread: watches the beat counter in shared memory while a step is active. */
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const state = new Int32Array(workerData.shared);
const label = () => Buffer.from(workerData.labelBytes.slice(0, Atomics.load(state, 2))).toString('utf8');
let seen = Atomics.load(state, 0);
let since = Date.now();
for (;;) {
  Atomics.wait(state, 3, 0, 500);
  if (Atomics.load(state, 3) === 1) break; // disposed
  const beat = Atomics.load(state, 0);
  if (beat !== seen || Atomics.load(state, 1) === 0) { seen = beat; since = Date.now(); continue; }
  if (Date.now() - since > workerData.blockedMs) {
    writeSync(2, 'error: ' + label() + ' blocked the runner for over ' + workerData.blockedMs / 1000 + ' s (a step stuck on the file\\'s bytes); the run was stopped\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}
`;

/** Beat (0), active steps (1), label length (2), disposed (3); then the label's UTF-8 bytes. */
const LABEL_BYTES = 1024;

export class StepWatchdog {
  private readonly state: Int32Array;
  private readonly label: Uint8Array;
  private readonly worker: Worker;
  private readonly beat: ReturnType<typeof setInterval>;

  constructor(
    private readonly stepLimitMs = STEP_LIMIT_MS,
    blockedMs = BLOCKED_LIMIT_MS,
  ) {
    const shared = new SharedArrayBuffer(16);
    const labelBytes = new SharedArrayBuffer(LABEL_BYTES);
    this.state = new Int32Array(shared);
    this.label = new Uint8Array(labelBytes);
    this.worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { shared, labelBytes, blockedMs } });
    this.worker.unref();
    // Beats only while this thread's event loop runs: a synchronous wedge stops them.
    this.beat = setInterval(() => Atomics.add(this.state, 0, 1), Math.min(250, blockedMs / 4));
    this.beat.unref();
  }

  /** Runs `task` as the step `label` (e.g. "reading data/x.parquet"): rejects past the step limit, naming it. */
  async step<T>(label: string, task: () => Promise<T>): Promise<T> {
    const bytes = new TextEncoder().encode(label).subarray(0, LABEL_BYTES);
    this.label.set(bytes);
    Atomics.store(this.state, 2, bytes.length);
    Atomics.add(this.state, 0, 1);
    Atomics.store(this.state, 1, 1);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DataError(`${label} took over ${this.stepLimitMs / 1000} s (the runner's limit for one step on a file); stopped`)), this.stepLimitMs);
    });
    try {
      return await Promise.race([task(), limit]);
    } finally {
      clearTimeout(timer);
      Atomics.store(this.state, 1, 0);
    }
  }

  dispose(): void {
    clearInterval(this.beat);
    Atomics.store(this.state, 3, 1);
    Atomics.notify(this.state, 3);
    void this.worker.terminate();
  }
}
