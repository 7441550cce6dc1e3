// The two kinds of parse endpoint: a nested parse worker (the browser) and the same job code run in-process
// (Node and the unit tests, where the trainer "worker" is the test process and nested workers do not exist).
import { runParseJob } from './parseJob';
import { HEARTBEAT_MS, type ParseReply } from './parseProtocol';
import type { ParseEndpoint } from './parseSupervisor';

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** A fresh parse worker, started from the trainer worker. */
export function workerParseEndpoint(): ParseEndpoint {
  const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module', name: 'parse' });
  const endpoint: ParseEndpoint = {
    onReply: null,
    onCrash: null,
    post: (request, transfer) => worker.postMessage(request, transfer),
    terminate: () => worker.terminate(),
  };
  worker.onmessage = (event: MessageEvent<ParseReply>) => endpoint.onReply?.(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    endpoint.onCrash?.(event.message || 'the parse worker stopped');
  };
  worker.onmessageerror = () => endpoint.onCrash?.('a reply of the parse worker could not be read');
  return endpoint;
}

/** Runs parse jobs in this thread (no isolation: terminate only stops its replies and aborts its downloads). */
export function inProcessParseEndpoint(fetchFn: Fetch): ParseEndpoint {
  const controller = new AbortController();
  let terminated = false;
  const endpoint: ParseEndpoint = {
    onReply: null,
    onCrash: null,
    post: (request) => {
      const reply = (message: ParseReply) => {
        if (!terminated) endpoint.onReply?.(message);
      };
      const heartbeat = setInterval(() => reply({ type: 'alive', id: request.id }), HEARTBEAT_MS);
      setTimeout(() => void runParseJob(request, reply, fetchFn, controller.signal).finally(() => clearInterval(heartbeat)), 0);
    },
    terminate: () => {
      terminated = true;
      controller.abort();
    },
  };
  return endpoint;
}

/** The browser's trainer worker gets a real parse worker; Node (tests, the headless tools) runs parsing in-process. */
export function defaultParseEndpoint(fetchFn: Fetch): () => ParseEndpoint {
  const nested = typeof Worker === 'function' && typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
  return nested ? workerParseEndpoint : () => inProcessParseEndpoint(fetchFn);
}
