import * as Comlink from 'comlink';
import type { TrainerApi } from './api';

let remote: Comlink.Remote<TrainerApi> | null = null;

/** The trainer worker, created once for the page's lifetime. */
export function trainer(): Comlink.Remote<TrainerApi> {
  if (!remote) {
    const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
    remote = Comlink.wrap<TrainerApi>(worker);
  }
  return remote;
}

export { Comlink };
