// The worker's I/O for the shipped weights folder (public/weights, served next to the app): fetch. What is read,
// checked and built is the experiment core's (src/experiment/models/shippedModels.ts).
import type { ShippedWeightsReader } from '../experiment/models/shippedModels';
import { loadWeights } from '../models/weightsIO';

/** Where the shipped weights live: `<base>weights/` next to the app (public/weights in the repo). */
export function weightsBaseUrl(): string {
  const base = (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  return new URL(`${base}weights/`, globalThis.location?.href ?? 'http://localhost/').href;
}

/** The shipped folder over fetch; an HTTP error is thrown with the file's name (a missing file included). */
export function fetchWeightsReader(base = weightsBaseUrl()): ShippedWeightsReader {
  const label: ShippedWeightsReader['label'] = (kind) => (kind === 'policy' ? 'shipped SFT policy' : `shipped ${kind} model`);
  return {
    async json(file) {
      const response = await fetch(`${base}${file}`);
      if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
      return response.json();
    },
    weights: (dir, kind) => loadWeights(`${base}${dir}/model.json`, label(kind, dir)),
    label,
  };
}
