// Vitest setup: every test file starts on TensorFlow.js's cpu backend (explicitly, never the implicit default),
// so tensors may be created at module or describe level. Tests that need wasm switch with setNodeBackend('wasm').
import { setNodeBackend } from '../compute/nodeBackends';

await setNodeBackend('cpu');
