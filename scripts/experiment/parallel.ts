/**
 * --parallel N: sweep members run in N worker processes (child_process.fork of worker.ts with the parent's
 * loader flags, so tsx works there too). Each member runs exactly as in a sequential sweep (its own config and
 * seed, its own engine, the same shipped models), so the bundles, and the summary, are the same; members are
 * handed out one at a time to whichever worker is free, and results are kept in member order.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExperimentConfig } from '../../src/config/params';
import type { NodeBackend } from '../../src/compute/nodeBackends';
import type { ScheduledChange } from './args';
import type { RunBundle } from './run';

export interface WorkerSetup {
  backend: NodeBackend;
  weightsDir?: string;
  data?: string[];
  defaultSplit: 'train' | 'evaluation';
  /** --set-at live edits, the same for every member. */
  schedule?: readonly ScheduledChange[];
  /** --download-limit for http(s) --data. */
  downloadLimitMb?: number;
}

export type ToWorker = { kind: 'run'; index: number; name: string; config: ExperimentConfig; setup: WorkerSetup };
export type FromWorker =
  | { kind: 'log'; index: number; line: string }
  | { kind: 'done'; index: number; bundle: RunBundle }
  | { kind: 'failed'; index: number; message: string };

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

export async function runParallel(
  members: readonly { name: string; config: ExperimentConfig }[],
  workers: number,
  setup: WorkerSetup,
  log: (line: string) => void,
  onDone?: (index: number, bundle: RunBundle) => Promise<void> | void,
): Promise<RunBundle[]> {
  const results: RunBundle[] = new Array(members.length);
  let next = 0;
  const children: ChildProcess[] = [];
  try {
    await Promise.all(
      Array.from({ length: Math.min(workers, members.length) }, () => {
        const child = fork(WORKER, [], { execArgv: process.execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(child);
        return new Promise<void>((resolve, reject) => {
          const send = () => {
            if (next >= members.length) {
              child.disconnect();
              resolve();
              return;
            }
            const index = next++;
            log(`[${index + 1}/${members.length}] ${members[index].name}: started in worker ${child.pid}`);
            child.send({ kind: 'run', index, name: members[index].name, config: members[index].config, setup } satisfies ToWorker);
          };
          child.on('message', (message: FromWorker) => {
            if (message.kind === 'log') log(`  [${members[message.index].name}] ${message.line}`);
            else if (message.kind === 'failed') reject(new Error(`${members[message.index].name}: ${message.message}`));
            else {
              results[message.index] = message.bundle;
              Promise.resolve(onDone?.(message.index, message.bundle)).then(send, reject);
            }
          });
          child.on('exit', (code, signal) => {
            if (code !== 0 && code !== null) reject(new Error(`worker ${child.pid} exited with code ${code}`));
            if (signal) reject(new Error(`worker ${child.pid} was killed (${signal})`));
          });
          child.on('error', reject);
          send();
        });
      }),
    );
  } finally {
    for (const child of children) if (child.exitCode === null && child.connected) child.kill();
  }
  return results;
}
