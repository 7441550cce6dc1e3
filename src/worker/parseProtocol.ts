// Messages between the trainer worker and its parse worker (src/worker/parse.worker.ts). Types only.
import type { DownloadLimits } from '../data/guardedFetch';
import type { ParsedData } from '../data/parseDataFile';
import type { Split } from '../data/record';

/** Where the parse worker reads the file's bytes from. */
export type ParseInput =
  /** A file the person chose (a File is cloned by reference, not copied). */
  | { kind: 'blob'; blob: Blob }
  /** Bytes already downloaded by the trainer worker: transferred there and back, never copied. */
  | { kind: 'bytes'; bytes: ArrayBuffer }
  /** A big Parquet file read with HTTP range requests, held to the same download limits. */
  | { kind: 'range'; url: string; byteLength: number; limits: DownloadLimits };

export interface ParseRequest {
  type: 'parse';
  id: number;
  /** The file's name, as every message about it starts. */
  name: string;
  input: ParseInput;
  sourceId: string;
  partId?: string;
  split: Split;
  now: number;
  /**
   * Sidecar image names loaded beside a JSON file. Records that use one get the URL SIDECAR_URL_PREFIX + name,
   * which the trainer replaces with an object URL of its own (one made in the parse worker would die with it).
   */
  sidecarNames: string[];
  /** Test-only (e2e): the parse worker spins in a synchronous loop, as a step wedged by a hostile file would. */
  spin?: boolean;
}

export type ParseReply =
  | { type: 'progress'; id: number; fraction?: number; message: string }
  /** Sent every HEARTBEAT_MS while the parse worker's event loop is free: a stuck synchronous step sends none. */
  | { type: 'alive'; id: number }
  | { type: 'done'; id: number; data: ParsedData; bytes?: ArrayBuffer }
  | { type: 'failed'; id: number; message: string };

/** How often a healthy parse worker says it is alive. */
export const HEARTBEAT_MS = 2_000;

/** Marks a sidecar image in parsed records; image URLs read from data files are only http(s) or data:image. */
export const SIDECAR_URL_PREFIX = 'sidecar:';
