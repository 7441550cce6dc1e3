// The main thread never waits on a stuck load: a load settles when the worker answers, when the person presses
// Cancel (at once, whatever the worker is doing), or when the worker has sent no sign of life for `quietMs` (a
// step that hangs surfaces as an error naming what was loading). Parsing runs in the trainer worker's replaceable
// parse worker, which the trainer replaces after PARSE_QUIET_MS (12 s) of silence with an error naming the file,
// before this watchdog fires; this one catches the rest (a download that stalls, a trainer worker busy elsewhere).

/**
 * How long a load may go without any status event from the worker before it counts as stuck. Healthy loads send
 * one at least every 2 s (the parse worker's heartbeat, download progress every 100 ms while bytes arrive), so 20 s
 * is far from a slow but healthy load, and a stuck one surfaces within 30 s.
 */
export const LOAD_QUIET_MS = 20_000;

export class LoadStuckError extends Error {
  constructor(what: string, quietMs: number) {
    super(`Loading ${what} stopped: the trainer worker sent no progress for ${quietMs / 1000} s, so the load was cancelled. The data loaded before is unchanged; other files can be loaded.`);
    this.name = 'LoadStuckError';
  }
}

export class LoadCancelledError extends Error {
  constructor() {
    super('Loading cancelled');
    this.name = 'LoadCancelledError';
  }
}

export interface Watchdog {
  /** Resolves or rejects with the load, or rejects with LoadCancelledError / LoadStuckError, whichever is first. */
  promise: Promise<never>;
  /** A sign of life from the worker (any status event of the load's job): the quiet clock restarts. */
  alive(): void;
  cancel(): void;
  dispose(): void;
}

/** A watchdog for one load; `race(load, watchdog.promise)` settles at the first of the three. */
export function loadWatchdog(what: string, quietMs = LOAD_QUIET_MS): Watchdog {
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<never>((_, fail) => (reject = fail));
  promise.catch(() => undefined); // settled by whoever races it
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => reject(new LoadStuckError(what, quietMs)), quietMs);
  };
  arm();
  return {
    promise,
    alive: arm,
    cancel: () => {
      clearTimeout(timer);
      reject(new LoadCancelledError());
    },
    dispose: () => clearTimeout(timer),
  };
}
