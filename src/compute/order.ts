import type { AdapterFacts, BackendChoice, BackendName } from './types';

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|software|softpipe|lavapipe/i;

/**
 * The order in which backends are tried (docs/browser.md §3). Auto: WebGPU only on a hardware adapter; WebGL only when
 * its renderer is not a software one; then WASM (SIMD), then CPU. On a machine without a GPU WebGPU and WebGL run
 * in software and are the slowest backends, so auto picks wasm. An explicit choice is tried first, then the
 * auto order as fallback.
 */
export function backendOrder(
  choice: BackendChoice,
  adapter: AdapterFacts | null,
  webglRenderer: string | null,
): BackendName[] {
  const auto: BackendName[] = [];
  if (adapter && !adapter.isFallbackAdapter) auto.push('webgpu');
  if (webglRenderer && !SOFTWARE_RENDERER.test(webglRenderer)) auto.push('webgl');
  auto.push('wasm', 'cpu');
  if (choice === 'auto') return auto;
  return [choice, ...auto.filter((name) => name !== choice)];
}
