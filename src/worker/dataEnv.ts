// What the data area of the trainer worker depends on from outside (injected by tests), with the defaults.
import { defaultDownloadLimits, type DownloadLimits } from '../data/guardedFetch';
import { defaultParseEndpoint } from './parseEndpoints';
import type { ParseEndpoint } from './parseSupervisor';

export interface DataHandlerDeps {
  fetch: typeof fetch;
  /** Where public/ is served (Vite's BASE_URL). */
  baseUrl: string;
  now: () => number;
  /** Parquet over a URL bigger than this is read with HTTP range requests instead of one download. */
  rangeThreshold: number;
  downloadLimits?: Partial<DownloadLimits>;
  /** Starts a parse endpoint: a parse worker in the browser, in-process in Node (parseEndpoints.ts). */
  parseEndpoint?: () => ParseEndpoint;
  /** How long the parse worker may stay silent before it is replaced (PARSE_QUIET_MS). */
  parseQuietMs?: number;
}

export interface DataEnv {
  fetch: typeof fetch;
  baseUrl: string;
  now: () => number;
  rangeThreshold: number;
  /** Size limit and stall timeout of every data request; the person's limit arrives with loadUrl. */
  limits: DownloadLimits;
  parseEndpoint: () => ParseEndpoint;
  parseQuietMs?: number;
}

export function dataEnv(deps?: Partial<DataHandlerDeps>): DataEnv {
  const fetchFn: typeof fetch = deps?.fetch ?? ((input, init) => fetch(input, init));
  return {
    fetch: fetchFn,
    baseUrl: deps?.baseUrl ?? import.meta.env?.BASE_URL ?? '/',
    now: deps?.now ?? (() => Date.now()),
    rangeThreshold: deps?.rangeThreshold ?? 32 * 1024 * 1024,
    limits: { ...defaultDownloadLimits(), ...deps?.downloadLimits },
    parseEndpoint: deps?.parseEndpoint ?? defaultParseEndpoint(fetchFn),
    parseQuietMs: deps?.parseQuietMs,
  };
}
