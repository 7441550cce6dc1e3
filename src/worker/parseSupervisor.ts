// The trainer worker's side of the parse worker: sends it files to parse, and replaces it when it wedges or a load
// is cancelled. The parse worker holds nothing but the jobs in hand, so terminating it loses nothing else: the
// trainer worker's models, loaded data and training carry on, and the next file goes to a fresh parse worker.
import type { ParsedData } from '../data/parseDataFile';
import { DataError } from '../data/schema';
import type { ParseReply, ParseRequest } from './parseProtocol';

/** One parse worker (or, in Node, the same code run in-process), as the supervisor sees it. */
export interface ParseEndpoint {
  post(request: ParseRequest, transfer: Transferable[]): void;
  /** Set by the supervisor: every reply of the endpoint's jobs. */
  onReply: ((reply: ParseReply) => void) | null;
  /** Set by the supervisor: the endpoint died on its own (an uncaught error, out of memory). */
  onCrash: ((message: string) => void) | null;
  terminate(): void;
}

/**
 * How long the parse worker may send nothing (no progress, no heartbeat) before it counts as wedged. A healthy one
 * sends a heartbeat every 2 s while its event loop is free, and progress every 5,000 Parquet rows and 256 JSON lines
 * (the longest gap measured on the 29,824-pair real-shaped file is ~1.4 s, docs/limits.md); the page's own
 * watchdog (LOAD_QUIET_MS, 20 s) is longer, so the named error from here comes first.
 */
export const PARSE_QUIET_MS = 12_000;

export type ParseJob = Omit<ParseRequest, 'type' | 'id'>;

export interface ParseOutcome {
  data: ParsedData;
  /** The downloaded bytes handed to the parse worker, back again (transferred both ways). */
  bytes?: ArrayBuffer;
}

export interface ParseJobOptions {
  signal?: AbortSignal;
  /** Progress (fraction and message) or a heartbeat (neither): any sign of life from the parse worker. */
  onActivity?: (fraction?: number, message?: string) => void;
  transfer?: Transferable[];
}

interface Pending {
  name: string;
  resolve: (outcome: ParseOutcome) => void;
  reject: (error: Error) => void;
  onActivity?: ParseJobOptions['onActivity'];
}

export class ParseStuckError extends DataError {
  constructor(name: string, quietMs: number) {
    super(`${name}: reading the file stopped answering for ${quietMs / 1000} s (a step got stuck on its bytes), so it was stopped; the data loaded before is unchanged, and other files can be loaded`);
    this.name = 'ParseStuckError';
  }
}

export class ParseSupervisor {
  private endpoint: ParseEndpoint | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Parse workers terminated and replaced so far (a wedge, a crash or a cancel with work in hand). */
  replacements = 0;

  constructor(
    private readonly create: () => ParseEndpoint,
    private readonly quietMs = PARSE_QUIET_MS,
  ) {}

  /** Parses one file in the parse worker; rejects with a DataError naming the file if it wedges, crashes or is cancelled. */
  parse(job: ParseJob, options: ParseJobOptions = {}): Promise<ParseOutcome> {
    if (options.signal?.aborted) return Promise.reject(cancelledError());
    const id = ++this.nextId;
    const endpoint = this.current();
    const outcome = new Promise<ParseOutcome>((resolve, reject) => {
      this.pending.set(id, { name: job.name, resolve, reject, onActivity: options.onActivity });
    });
    options.signal?.addEventListener('abort', () => this.cancel(), { once: true });
    this.arm();
    endpoint.post({ type: 'parse', id, ...job }, options.transfer ?? []);
    return outcome;
  }

  /** Cancels every job in hand: their parse worker is terminated (whatever it is doing) and replaced. */
  cancel(): void {
    if (this.pending.size === 0) return;
    this.replace(() => cancelledError());
  }

  /** Terminates the parse worker for good (tests). */
  dispose(): void {
    this.replace(() => cancelledError());
    this.endpoint = null;
  }

  private current(): ParseEndpoint {
    if (!this.endpoint) {
      const endpoint = this.create();
      endpoint.onReply = (reply) => this.onReply(endpoint, reply);
      endpoint.onCrash = (message) => {
        if (this.endpoint === endpoint) this.replace((name) => new DataError(`${name}: reading the file failed (${message}); the data loaded before is unchanged`));
      };
      this.endpoint = endpoint;
    }
    return this.endpoint;
  }

  private onReply(endpoint: ParseEndpoint, reply: ParseReply): void {
    if (endpoint !== this.endpoint) return; // a terminated worker's last words
    const job = this.pending.get(reply.id);
    if (!job) return;
    this.arm();
    if (reply.type === 'alive') job.onActivity?.();
    else if (reply.type === 'progress') job.onActivity?.(reply.fraction, reply.message);
    else {
      this.pending.delete(reply.id);
      if (this.pending.size === 0) clearTimeout(this.timer);
      if (reply.type === 'done') job.resolve({ data: reply.data, bytes: reply.bytes });
      else job.reject(new DataError(reply.message));
    }
  }

  /** (Re)starts the quiet clock while jobs are in hand. */
  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.pending.size > 0) this.replace((name) => new ParseStuckError(name, this.quietMs));
    }, this.quietMs);
  }

  /** Terminates the current parse worker, failing its jobs with `errorFor(file name)`; the next job starts a fresh one. */
  private replace(errorFor: (name: string) => Error): void {
    clearTimeout(this.timer);
    const endpoint = this.endpoint;
    this.endpoint = null;
    if (endpoint) {
      endpoint.onReply = null;
      endpoint.onCrash = null;
      endpoint.terminate();
      if (this.pending.size > 0) this.replacements++;
    }
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) job.reject(errorFor(job.name));
  }
}

function cancelledError(): DataError {
  return new DataError('Loading cancelled; the data loaded before is unchanged');
}
