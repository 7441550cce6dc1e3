// Ctrl-C / SIGTERM for the headless runner: the first signal asks the run to stop after the iteration in progress
// and write what it has (a bundle marked paused, metrics.csv, evaluations.csv); a second one exits at once.
export interface Interrupt {
  /** The signal received, or null while none was. */
  readonly requested: NodeJS.Signals | null;
  dispose(): void;
}

/** Exit status for a run ended by a signal (128 + SIGINT's 2), as shells report it. */
export const INTERRUPTED_EXIT = 130;

export function onInterrupt(log: (line: string) => void, exit: (code: number) => void = (code) => process.exit(code)): Interrupt {
  let requested: NodeJS.Signals | null = null;
  const handler = (signal: NodeJS.Signals) => {
    if (requested) {
      log(`${signal} again: exiting at once (partial metrics.csv files stay as last flushed)`);
      exit(INTERRUPTED_EXIT);
      return;
    }
    requested = signal;
    log(`${signal}: stopping after the current iteration and writing the partial results; press Ctrl-C again to exit at once`);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    get requested() {
      return requested;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
