// A seed group's member workers, started by the trainer worker so a group uses more than one core: the trainer keeps
// the first share of the seeds, each member worker runs one further share (src/worker/member.worker.ts), and the
// group steps them together (src/train/ppo/seedGroupEngine.ts, remoteMember.ts). Each worker gets its own copy of
// the models and the encoded prompts (about 5 MB for the bundled sample; images are 768 floats per record at 16 px,
// 92 MB for the 29,824 records of BeaverTails-V's train split), so the copies have a budget.
import type { BackendInfo } from '../compute/types';
import { groupSeeds, memberConfig, seedShares } from '../config/seedGroup';
import type { Tokenizer } from '../data/tokenizer';
import type { PpoEngineInit } from '../train/ppo/engine';
import type { MemberState } from '../train/ppo/memberProtocol';
import { memberPayload, type MemberPayload } from '../train/ppo/memberPayload';
import { RemoteLane } from '../train/ppo/remoteMember';

/** At most this many threads per group (each thread holds a copy of the data and models). */
export const MAX_GROUP_THREADS = 4;
/** The most memory the copies of the encoded prompts may take across a group's member workers. */
export const MEMBER_COPY_BUDGET_BYTES = 512 * 1024 * 1024;
/** A member worker that has not started within this time is given up (the group then runs in one thread). */
export const MEMBER_START_TIMEOUT_MS = 60_000;

export interface MemberWorkerStart {
  type: 'start';
  backend: string;
  payload: MemberPayload;
}

export interface MemberWorkerStarted {
  type: 'started';
  states: MemberState[];
}

/** How a group of `seeds` runs: in how many threads, and why not more. */
export interface GroupThreadPlan {
  threads: number;
  why: string;
}

/**
 * One thread per share of the seeds, up to the cores (the page's main thread gets no core of its own: measured on 2
 * cores, two threads still finish a 4-seed group in about half the time, docs/performance.md) and MAX_GROUP_THREADS.
 * Only on cpu and single-threaded wasm: webgpu and webgl share one device, and threaded wasm already uses the cores.
 */
export function groupThreadPlan(
  seeds: number,
  cores: number,
  backend: Pick<BackendInfo, 'active' | 'wasmThreads'> | null,
  nestedWorkers: boolean,
  dataBytes = 0,
): GroupThreadPlan {
  if (seeds < 2) return { threads: 1, why: 'one seed' };
  if (!nestedWorkers) return { threads: 1, why: 'no nested workers here' };
  if (!backend || (backend.active !== 'wasm' && backend.active !== 'cpu')) {
    return { threads: 1, why: `${backend?.active ?? 'the backend'} runs every member on one device` };
  }
  if (backend.active === 'wasm' && backend.wasmThreads > 1) return { threads: 1, why: `threaded wasm already uses ${backend.wasmThreads} threads` };
  const byCores = Math.max(1, Math.min(seeds, Math.floor(cores) || 1, MAX_GROUP_THREADS));
  const byMemory = 1 + Math.floor(MEMBER_COPY_BUDGET_BYTES / Math.max(1, dataBytes));
  if (byMemory < byCores) {
    const mb = Math.round(dataBytes / 2 ** 20);
    return { threads: byMemory, why: `the encoded prompts (${mb} MB) allow ${byMemory === 1 ? 'no copy' : byMemory === 2 ? 'one copy' : `${byMemory - 1} copies`} within ${MEMBER_COPY_BUDGET_BYTES / 2 ** 20} MB` };
  }
  return { threads: byCores, why: byCores === 1 ? 'one core' : `${byCores} of ${cores} cores` };
}

/** Bytes of the typed arrays of encoded prompts (what each member worker gets a copy of). */
export function promptDataBytes(data: PpoEngineInit['data']): number {
  return Object.values(data).reduce((total: number, value) => total + (ArrayBuffer.isView(value) ? value.byteLength : 0), 0);
}

/** Whether this thread can start workers of its own (a browser worker; not Node, not the page's tests). */
export function canNestWorkers(): boolean {
  return typeof Worker === 'function' && typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
}

/** A page whose policy forbids workers throws at `new Worker`: a rejection here, like any failed start. */
async function startWorker(share: number[], backend: string, payload: MemberPayload, config: PpoEngineInit['config']): Promise<RemoteLane> {
  const worker = new Worker(new URL('./member.worker.ts', import.meta.url), { type: 'module', name: `group-seeds-${share.join('-')}` });
  const started = new Promise<RemoteLane>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${MEMBER_START_TIMEOUT_MS / 1000} s`)), MEMBER_START_TIMEOUT_MS);
    const done = () => clearTimeout(timer);
    worker.onerror = (event) => {
      event.preventDefault();
      done();
      reject(new Error(event.message || 'the worker could not start'));
    };
    worker.onmessage = (event: MessageEvent<MemberWorkerStarted | { type: 'error'; message: string }>) => {
      done();
      if (event.data.type !== 'started') {
        reject(new Error(event.data.message));
        return;
      }
      const lane = new RemoteLane(worker, share, share.map((seed) => memberConfig(config, seed)), event.data.states, () => worker.terminate());
      worker.onerror = (error) => {
        error.preventDefault();
        lane.fail(error.message || 'the worker stopped');
      };
      worker.onmessageerror = () => lane.fail('a reply could not be read');
      resolve(lane);
    };
    const start: MemberWorkerStart = { type: 'start', backend, payload: { ...payload, seeds: share } };
    worker.postMessage(start);
  });
  try {
    return await started;
  } catch (error) {
    worker.terminate();
    throw error;
  }
}

/**
 * Starts the member workers of a group split into `threads` shares: one RemoteLane per share after the first (which
 * the caller runs itself). All or none: when one cannot start, the others are closed and the error says why.
 */
export async function startMemberLanes(init: PpoEngineInit & { codec: Tokenizer }, threads: number, backend: string): Promise<RemoteLane[]> {
  const shares = seedShares(groupSeeds(init.config), threads).slice(1);
  if (shares.length === 0) return [];
  const payload = await memberPayload(init, []);
  const started = await Promise.allSettled(shares.map((share) => startWorker(share, backend, payload, init.config)));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    for (const result of started) if (result.status === 'fulfilled') result.value.dispose();
    throw failed.reason;
  }
  return started.map((result) => (result as PromiseFulfilledResult<RemoteLane>).value);
}
