// Chromium wall time of a whole run (every iteration and its evaluations, as the app runs it) for one seed and for a
// K-seed group, in dedicated workers like the app's trainer worker: the group in one worker (the app's design: the
// members stepped in turn) and the same members split across W workers (each worker a SeedGroupEngine over its share
// of the seeds). Workers load their models first; timing starts when every worker of a configuration is told to go.
import type { GroupWorkerReport, GroupWorkerRequest } from './groupWorker';

export interface GroupWallEntry {
  where: 'chromium-group';
  backend: string;
  iterations: number;
  seeds: number;
  /**
   * Wall ms of the whole run: the mean of two single runs, one before the groups and one after (the machine's load
   * may drift during the minutes the groups take), with each.
   */
  singleMs: number;
  singleMsBefore: number;
  singleMsAfter: number;
  /** The K-seed group in one worker. */
  groupOneWorkerMs: number;
  /** The same K seeds split across `workers` workers (wall ms until the last worker finished). */
  groupSplitMs: number;
  workers: number;
  /**
   * Whether every member's last row and λ are the same to the bit in one worker and split across workers, and the
   * first member the same as the single run with its seed.
   */
  membersIdentical: boolean;
  hardwareConcurrency: number;
}

function startWorker(request: GroupWorkerRequest): Promise<{ go: () => Promise<GroupWorkerReport> }> {
  const worker = new Worker(new URL('./groupWorker.ts', import.meta.url), { type: 'module' });
  let settle: { resolve: (value: unknown) => void; reject: (error: Error) => void } | null = null;
  const next = <T>() => new Promise<T>((resolve, reject) => (settle = { resolve: resolve as (value: unknown) => void, reject }));
  worker.onmessage = (event: MessageEvent<{ type: string; report?: GroupWorkerReport; message?: string }>) => {
    if (event.data.type === 'error') settle?.reject(new Error(event.data.message));
    else settle?.resolve(event.data.report);
  };
  worker.onerror = (event) => settle?.reject(new Error(event.message));
  const ready = next<void>();
  worker.postMessage({ type: 'prepare', request });
  return ready.then(() => ({
    go: async () => {
      const done = next<GroupWorkerReport>();
      worker.postMessage({ type: 'go' });
      try {
        return await done;
      } finally {
        worker.terminate();
      }
    },
  }));
}

/** Runs the given workers' shares at once; wall ms until the last one finished, and every member's report. */
async function runTogether(requests: GroupWorkerRequest[]): Promise<{ ms: number; members: GroupWorkerReport['members'] }> {
  const workers = await Promise.all(requests.map(startWorker));
  const start = performance.now();
  const reports = await Promise.all(workers.map((worker) => worker.go()));
  return { ms: performance.now() - start, members: reports.flatMap((report) => report.members) };
}

/** The seeds s … s+K−1 in `workers` contiguous shares (sizes differ by at most one). */
export function seedShares(seed: number, seeds: number, workers: number): { seed: number; seeds: number }[] {
  const out: { seed: number; seeds: number }[] = [];
  let first = seed;
  for (let w = 0; w < workers; w++) {
    const count = Math.floor(seeds / workers) + (w < seeds % workers ? 1 : 0);
    if (count > 0) out.push({ seed: first, seeds: count });
    first += count;
  }
  return out;
}

export async function runGroupWallBench(backend: string, seeds: number, iterations: number, workers: number): Promise<GroupWallEntry> {
  const seed = 1;
  const single = await runTogether([{ backend, seed, seeds: 1, iterations }]);
  const oneWorker = await runTogether([{ backend, seed, seeds, iterations }]);
  const split = await runTogether(seedShares(seed, seeds, workers).map((share) => ({ backend, iterations, ...share })));
  const singleAfter = await runTogether([{ backend, seed, seeds: 1, iterations }]);
  const bySeed = new Map(split.members.map((member) => [member.seed, member]));
  const soloMember = single.members[0];
  const sameRun = (a: GroupWorkerReport['members'][number], b: GroupWorkerReport['members'][number] | undefined) =>
    b !== undefined && Object.is(a.lambda, b.lambda) && a.lastRow.length === b.lastRow.length &&
    a.lastRow.every((value, index) => Object.is(value, b.lastRow[index]));
  const membersIdentical = sameRun(soloMember, oneWorker.members[0]) && sameRun(soloMember, singleAfter.members[0]) && oneWorker.members.every((member) => {
    const other = bySeed.get(member.seed);
    return sameRun(member, other);
  });
  return {
    where: 'chromium-group', backend, iterations, seeds,
    singleMs: Math.round((single.ms + singleAfter.ms) / 2), singleMsBefore: Math.round(single.ms),
    singleMsAfter: Math.round(singleAfter.ms), groupOneWorkerMs: Math.round(oneWorker.ms), groupSplitMs: Math.round(split.ms),
    workers, membersIdentical, hardwareConcurrency: navigator.hardwareConcurrency,
  };
}
