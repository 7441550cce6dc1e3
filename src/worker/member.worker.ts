/// <reference lib="webworker" />
// A member worker of a seed group (src/worker/memberWorkers.ts starts it from the trainer worker): it activates the
// trainer's backend, builds the models from the payload (the trainer's weights, bit for bit) and one PpoEngine per
// seed of its share, then runs them on the group's requests (src/train/ppo/memberHost.ts).
import '../util/zodJitless';
import { configureWasmThreads } from '../compute/browserBackends';
import { trySetBackend } from '../compute/select';
import { memberConfig } from '../config/seedGroup';
import { isRefusal } from '../data/tokenizer';
import { PpoEngine } from '../train/ppo/engine';
import { MemberHost } from '../train/ppo/memberHost';
import { initFromPayload, type MemberPayload } from '../train/ppo/memberPayload';
import { errorText } from '../util/errorText';
import { yieldToEventLoop } from './context';
import type { MemberWorkerStart, MemberWorkerStarted } from './memberWorkers';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function start(payload: MemberPayload, backend: string): Promise<MemberWorkerStarted> {
  return (async (): Promise<MemberWorkerStarted> => {
    configureWasmThreads(null);
    const failure = await trySetBackend(backend);
    if (failure) throw new Error(failure);
    const init = initFromPayload(payload, isRefusal);
    const engines: PpoEngine[] = [];
    try {
      for (const seed of payload.seeds) engines.push(new PpoEngine({ ...init, config: memberConfig(payload.config, seed) }));
    } catch (error) {
      for (const engine of engines) engine.dispose();
      throw error;
    }
    const host = new MemberHost(engines, scope, yieldToEventLoop, () => {
      init.sftPolicy.dispose();
      init.rewardModel.dispose();
      init.costModel.dispose();
      init.guard?.dispose();
      scope.close();
    });
    return { type: 'started', states: host.states };
  })();
}

scope.onmessage = (event: MessageEvent<MemberWorkerStart>) => {
  start(event.data.payload, event.data.backend).then(
    (started) => scope.postMessage(started),
    (error) => scope.postMessage({ type: 'error', id: null, message: errorText(error) }),
  );
};
