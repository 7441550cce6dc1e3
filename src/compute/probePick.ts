// Auto's choice from the backend probe's measurements, and the key its result is cached under. Pure.
import type { AdapterFacts, BackendName, BackendProbeEntry } from './types';

function ms(x: number): string {
  return `${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)} ms`;
}

/**
 * The fastest backend that passed the numerics check and finished its timed iterations. A backend cut off by the
 * time budget is known only to take at least `atLeastMs` per iteration; the reason says when that bound does not
 * rule it out (no timed iteration began, e.g. its warm-up's kernel compilation used the budget). Refused and unavailable backends are
 * never picked. `order` (auto's order) is the measured backends fastest first.
 */
export function pickFromProbe(entries: BackendProbeEntry[]): { pick: BackendName | null; reason: string; order: BackendName[] } {
  const measured = entries
    .filter((e) => e.outcome === 'measured' && e.msPerIteration !== null)
    .sort((a, b) => a.msPerIteration! - b.msPerIteration!);
  const order = measured.map((e) => e.backend);
  const notes = entries
    .filter((e) => e.outcome !== 'measured')
    .map((e) => {
      if (e.outcome === 'refused') return `${e.backend} refused by the numerics check`;
      if (e.outcome === 'unavailable') return `${e.backend} unavailable`;
      return e.atLeastMs !== null
        ? `${e.backend} cut off at ≥ ${ms(e.atLeastMs)}/iteration`
        : `${e.backend} cut off by its ${ms(e.budgetMs)} budget before a timed iteration`;
    });
  const best = measured[0];
  if (!best) return { pick: null, reason: `No backend finished the probe${notes.length ? `: ${notes.join('; ')}` : ''}.`, order };
  const slower = measured.slice(1).map((e) => `${e.backend} ${ms(e.msPerIteration!)}`);
  const unknown = entries.filter(
    (e) => e.outcome === 'cut-off' && (e.atLeastMs === null || e.atLeastMs < best.msPerIteration!),
  );
  const parts = [
    `${best.backend}: the fastest that passed the numerics check (${ms(best.msPerIteration!)}/iteration)`,
    ...(slower.length ? [`then ${slower.join(', ')}`] : []),
    ...notes,
  ];
  const caveat = unknown.length
    ? ` Not ruled out by measurement: ${unknown.map((e) => e.backend).join(', ')} (re-measure with a larger budget).`
    : '';
  return { pick: best.backend, reason: `${parts.join('; ')}.${caveat}`, order };
}

/**
 * The device a measurement belongs to: the WebGPU adapter's and WebGL renderer's descriptions, the wasm build (thread
 * count) and the app version. A new browser, GPU, driver or app version measures again.
 */
export function probeCacheKey(
  appVersion: string,
  adapter: AdapterFacts | null,
  webglRenderer: string | null,
  wasmThreads: number | null,
): string {
  const gpu = adapter ? `${adapter.vendor}|${adapter.architecture}|${adapter.description}|${adapter.isFallbackAdapter ? 'fallback' : 'hw'}` : 'none';
  return `backend-probe:v1:${appVersion}:${gpu}:${webglRenderer ?? 'none'}:threads=${wasmThreads ?? 1}`;
}
