// Node PPO bench: the default size (32 prompts × 24 tokens) with the shipped weights on the bundled sample.
import { setNodeBackend, type NodeBackend } from '../../src/compute/nodeBackends';
import { defaultConfig } from '../../src/config/params';
import { engineInit, loadNodeSetup } from '../experiment/setup';
import { benchEngine, type PpoBenchResult } from './ppoCore';

export async function benchPpoNode(backend: NodeBackend, iterations = 10): Promise<PpoBenchResult> {
  await setNodeBackend(backend);
  const config = defaultConfig();
  const setup = await loadNodeSetup(config, { log: (line) => console.log(`  ${line}`) });
  return benchEngine(engineInit(setup, config), iterations, 2);
}
