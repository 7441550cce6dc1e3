// Node PPO bench: the default size (32 prompts × 24 tokens) with the shipped weights on the bundled sample.
// --batch scales the prompts per iteration (shipped weights); --hidden builds fresh, seeded models of that width
// (the shipped weights only fit the default), as the PyTorch yardstick does (scripts/bench/yardstick.py).
import { setNodeBackend, type NodeBackend } from '../../src/compute/nodeBackends';
import { defaultConfig } from '../../src/config/params';
import { Policy } from '../../src/models/policy';
import { ScoreModel } from '../../src/models/scoreModel';
import { engineInit, loadNodeData, loadNodeSetup, type NodeSetup } from '../experiment/setup';
import { benchEngine, type PpoBenchResult } from './ppoCore';

export interface NodeBenchOptions {
  /** Prompts per iteration (default: the config default, 32). */
  batch?: number;
  /** Hidden size of every network (default: the config default, 64). */
  hidden?: number;
  countKernels?: boolean;
  /** Untimed iterations first (default BENCH_WARMUP). */
  warmup?: number;
}

/**
 * Default warm-up: V8 keeps optimising the engine's hot JavaScript (tfjs dispatch, the custom kernels' glue) on its
 * background threads for the first ~60 iterations (measured: other threads 32 → 3 CPU ms per iteration over
 * iterations 3–62, main thread 75 → 65), so medians after 60 iterations are the steady state a training run spends
 * most of its time in. The warm-up window's own median is reported beside them.
 */
export const BENCH_WARMUP = 60;

/** Process CPU time (user + system) in ms. */
export function cpuNowMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function freshSetup(config: ReturnType<typeof defaultConfig>): Promise<NodeSetup> {
  const { sizes, vocab, records, data } = await loadNodeData(config);
  return {
    sizes,
    vocab,
    records,
    data,
    sftPolicy: Policy.create(sizes, config.seed),
    rewardModel: ScoreModel.create(sizes, `${config.seed}:reward`),
    costModel: ScoreModel.create(sizes, `${config.seed}:cost`),
    guard: null,
    origins: { policy: 'none', reward: 'none', cost: 'none', guard: 'none' },
  };
}

export async function benchPpoNode(
  backend: NodeBackend,
  iterations = 10,
  options: NodeBenchOptions = {},
): Promise<PpoBenchResult> {
  await setNodeBackend(backend);
  const defaults = defaultConfig();
  const config = {
    ...defaults,
    promptBatch: options.batch ?? defaults.promptBatch,
    hiddenSize: options.hidden ?? defaults.hiddenSize,
  };
  const setup =
    config.hiddenSize === defaults.hiddenSize
      ? await loadNodeSetup(config, { log: (line) => console.log(`  ${line}`) })
      : await freshSetup(config);
  try {
    return await benchEngine(engineInit(setup, config), iterations, {
      warmup: options.warmup ?? BENCH_WARMUP,
      cpuNow: cpuNowMs,
      countKernels: options.countKernels,
    });
  } finally {
    if (config.hiddenSize !== defaults.hiddenSize) [setup.sftPolicy, setup.rewardModel, setup.costModel].forEach((m) => m.dispose());
  }
}
