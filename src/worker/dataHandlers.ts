// The data area of the trainer worker API, one module per concern: loading (dataLoading.ts, with downloads in
// dataDownload.ts and parsing in the replaceable parse worker, parseSupervisor.ts), browsing and editing
// (dataBrowsing.ts) and images (dataImages.ts). Parsing never runs on the main thread, nor in this worker.
import { createBrowsingHandlers } from './dataBrowsing';
import { dataEnv, type DataHandlerDeps } from './dataEnv';
import { createImageHandlers } from './dataImages';
import { createLoadingHandlers } from './dataLoading';
import { dataStore, type DataStore } from './dataStore';

export type { DataHandlerDeps } from './dataEnv';

export function createDataHandlers(store: DataStore = dataStore, deps?: Partial<DataHandlerDeps>) {
  const env = dataEnv(deps);
  return {
    ...createLoadingHandlers(store, env),
    ...createBrowsingHandlers(store),
    ...createImageHandlers(store, env.now),
  };
}

export const dataHandlers = createDataHandlers();

export type DataApi = typeof dataHandlers;
