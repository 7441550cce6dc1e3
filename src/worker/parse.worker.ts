/// <reference lib="webworker" />
// The parse worker: a nested worker the trainer worker starts (src/worker/parseSupervisor.ts) to read untrusted
// files. It holds nothing but the job in hand, so when a step wedges (a synchronous loop on hostile bytes) the
// trainer terminates it and starts a fresh one, and its models, loaded data and training carry on untouched.
import '../util/zodJitless';
import { runParseJob } from './parseJob';
import { HEARTBEAT_MS, type ParseReply, type ParseRequest } from './parseProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (reply: ParseReply, transfer: Transferable[] = []) => scope.postMessage(reply, transfer);

scope.onmessage = (event: MessageEvent<ParseRequest>) => {
  const request = event.data;
  if (request?.type !== 'parse') return;
  // A heartbeat only while the event loop is free: a wedged synchronous step goes quiet, and the trainer notices.
  const heartbeat = setInterval(() => post({ type: 'alive', id: request.id }), HEARTBEAT_MS);
  void runParseJob(request, post, (input, init) => fetch(input, init), new AbortController().signal).finally(() => clearInterval(heartbeat));
};
