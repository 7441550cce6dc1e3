/// <reference lib="webworker" />
// The one trainer worker: the only place the browser runs TensorFlow.js. Each area contributes one handler
// module (an object of async functions); together they form the comlink API typed in ./api.ts.
// To add an area: import its handlers here and spread them into `api` (one line each), and add its type to api.ts.
// First: schemas built by the handler modules must see zod's CSP-safe (jitless) mode.
import '../util/zodJitless';
import * as Comlink from 'comlink';
import { systemHandlers } from './systemHandlers';
import { guardHandlers } from './guardHandlers';
import { dataHandlers } from './dataHandlers';
import { modelHandlers } from './modelHandlers';
import { packHandlers } from './packHandlers';
import { ppoHandlers } from './ppoHandlers';
import { probeHandlers } from './probeHandlers';
import { costPilotHandlers } from './costPilotHandlers';

const api = {
  ...systemHandlers,
  ...guardHandlers,
  ...dataHandlers,
  ...modelHandlers,
  ...packHandlers,
  ...ppoHandlers,
  ...probeHandlers,
  ...costPilotHandlers,
};

Comlink.expose(api);
