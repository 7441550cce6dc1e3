// Node (tests, headless runner, bench): cpu and wasm. The wasm backend finds its .wasm files in node_modules.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerFastWasmKernels } from './wasmKernels';

registerFastWasmKernels();

export type NodeBackend = 'cpu' | 'wasm';

export async function setNodeBackend(name: NodeBackend): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`Could not initialise the ${name} backend`);
  await tf.ready();
}
