import type { AdapterFacts, BackendChoice, BackendName } from './types';

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|software|softpipe|lavapipe/i;

/** Whether a WebGL renderer string names a software rasteriser (SwiftShader, llvmpipe, …). */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/**
 * The order in which backends are tried (docs/browser.md §3). Auto with a measurement (`measured`: the backend probe's
 * passed backends, fastest first, src/compute/probePick.ts): that order, then any other backend of the rule order.
 * Auto before (or without) a measurement, by rule: WebGPU only on a hardware adapter; WebGL only when its renderer is
 * not a software one; then WASM (SIMD), then CPU. On a machine without a GPU WebGPU and WebGL run in software and are
 * the slowest backends, so the rule picks wasm. An explicit choice is tried first, then the auto order as fallback.
 */
export function backendOrder(
  choice: BackendChoice,
  adapter: AdapterFacts | null,
  webglRenderer: string | null,
  measured: readonly BackendName[] | null = null,
): BackendName[] {
  const rule: BackendName[] = [];
  if (adapter && !adapter.isFallbackAdapter) rule.push('webgpu');
  if (webglRenderer && !SOFTWARE_RENDERER.test(webglRenderer)) rule.push('webgl');
  rule.push('wasm', 'cpu');
  const auto = measured?.length ? [...measured, ...rule.filter((name) => !measured.includes(name))] : rule;
  if (choice === 'auto') return auto;
  return [choice, ...auto.filter((name) => name !== choice)];
}
