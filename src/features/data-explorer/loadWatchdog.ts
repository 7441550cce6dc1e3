// The main thread never waits on a stuck load: a load settles when the worker answers, when the person presses
// Cancel (at once, whatever the worker is doing), or when the worker has sent no sign of life for `quietMs` (a
// step that hangs surfaces as an error naming what was loading). The worker-side checks (Parquet footers and page
// headers, download limits, the image budget) keep known hostile files from getting a step stuck in the first place.

/** How long a load may go without any status event from the worker before it counts as stuck. */
export const LOAD_QUIET_MS = 60_000;

export class LoadStuckError extends Error {
  constructor(what: string, quietMs: number) {
    super(`Loading ${what} stopped: the data worker sent no progress for ${Math.round(quietMs / 1000)} s. If later loads do not answer either, reload the page (saved runs are kept).`);
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
