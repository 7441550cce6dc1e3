/**
 * Saving and loading named weights in the TF.js format (model.json + weights.bin) through `tf.io` handlers:
 * IndexedDB (`indexeddb://srlhfv-<name>`), downloads (`downloads://<name>`), user files (`tf.io.browserFiles`),
 * URLs (`tf.io.http`), or any IOHandler (Node files: see weightsNode.ts). `modelTopology` carries this project's
 * metadata (kind, sizes, vocabulary, config, metrics, created), validated on load.
 *
 * Loading only decodes and validates; the caller builds the model with `fromWeights` (which checks every shape)
 * and swaps it in only when that succeeds, so a bad file never replaces the current model.
 */
import * as tf from '@tensorflow/tfjs';
// zod's jitless mode before this module builds its schemas (whichever chunk the bundler puts it in).
import '../util/zodJitless';
import * as z from 'zod';
import { SIZE_KEYS, type ModelSizes } from './sizes';
import { errorText } from '../util/errorText';

export const WEIGHTS_FORMAT = 'srlhfv-weights';
export const WEIGHTS_VERSION = 1;

export interface WeightsMetadata {
  format: typeof WEIGHTS_FORMAT;
  version: number;
  /** 'reward' | 'cost' | 'guard' | 'policy' | critic names. */
  kind: string;
  sizes: ModelSizes;
  /** The vocabulary's JSON (Vocabulary.toJSON()), so a model file is self-contained. */
  vocabulary: unknown;
  /** Short hash of the vocabulary JSON; models must share the data's vocabulary to read its token ids. */
  vocabularyFingerprint: string;
  config?: Record<string, unknown>;
  metrics?: unknown;
  created: string;
}

const sizesSchema = z.object(
  Object.fromEntries(SIZE_KEYS.map((key) => [key, z.number().int().positive()])) as Record<
    keyof ModelSizes,
    z.ZodNumber
  >,
);

const metadataSchema = z.object({
  format: z.literal(WEIGHTS_FORMAT),
  version: z.number().int().min(1).max(WEIGHTS_VERSION),
  kind: z.string().min(1),
  sizes: sizesSchema,
  vocabulary: z.unknown(),
  vocabularyFingerprint: z.string(),
  config: z.record(z.string(), z.unknown()).optional(),
  metrics: z.unknown().optional(),
  created: z.string(),
});

/** FNV-1a 32-bit hash of a JSON value, as 8 hex digits. */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export function makeMetadata(fields: {
  kind: string;
  sizes: ModelSizes;
  vocabulary: unknown;
  config?: Record<string, unknown>;
  metrics?: unknown;
}): WeightsMetadata {
  return {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    kind: fields.kind,
    sizes: fields.sizes,
    vocabulary: fields.vocabulary,
    vocabularyFingerprint: fingerprint(fields.vocabulary),
    config: fields.config,
    metrics: fields.metrics ?? null,
    created: new Date().toISOString(),
  };
}

export interface LoadedWeights {
  metadata: WeightsMetadata;
  /** Decoded tensors; the caller disposes them after building the model. */
  weights: tf.NamedTensorMap;
}

/** Wraps any loading failure in a message that names the source. */
export class WeightsError extends Error {}

export async function encodeArtifacts(
  weights: tf.NamedTensorMap,
  metadata: WeightsMetadata,
): Promise<tf.io.ModelArtifacts> {
  const { data, specs } = await tf.io.encodeWeights(weights);
  return {
    modelTopology: metadata as unknown as Record<string, unknown>,
    weightSpecs: specs,
    weightData: data,
    format: WEIGHTS_FORMAT,
    generatedBy: 'Safe RLHF-V Playground',
    convertedBy: null,
  };
}

/** Saves to a URL scheme (`indexeddb://…`, `downloads://…`) or an IOHandler. */
export async function saveWeights(
  destination: string | tf.io.IOHandler,
  weights: tf.NamedTensorMap,
  metadata: WeightsMetadata,
): Promise<void> {
  const handler = typeof destination === 'string' ? tf.io.getSaveHandlers(destination)[0] : destination;
  if (!handler?.save) throw new WeightsError(`Cannot save to "${String(destination)}"`);
  const result = await handler.save(await encodeArtifacts(weights, metadata));
  if (result.errors?.length) throw new WeightsError(`Saving failed: ${result.errors.join('; ')}`);
}

/** Validates artifacts and decodes their weights. `source` names the origin in error messages. */
export function decodeArtifacts(artifacts: tf.io.ModelArtifacts | undefined, source: string): LoadedWeights {
  if (!artifacts) throw new WeightsError(`${source}: nothing was found there`);
  const parsed = metadataSchema.safeParse(artifacts.modelTopology);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `modelTopology.${issue.path.join('.')}` : 'modelTopology';
    throw new WeightsError(
      `${source}: not a Safe RLHF-V Playground model file (${where}: ${issue?.message ?? 'invalid'})`,
    );
  }
  if (!artifacts.weightSpecs || !artifacts.weightData)
    throw new WeightsError(`${source}: the weights (weights.bin) are missing`);
  let weights: tf.NamedTensorMap;
  try {
    const data = artifacts.weightData;
    const buffer = Array.isArray(data) ? concatBuffers(data) : data;
    const expected = artifacts.weightSpecs.reduce(
      (total, spec) => total + spec.shape.reduce((a, b) => a * b, 1) * 4,
      0,
    );
    if (buffer.byteLength !== expected)
      throw new Error(`weights.bin has ${buffer.byteLength} bytes, the manifest describes ${expected}`);
    const bad = firstNonFiniteWeight(buffer, artifacts.weightSpecs);
    if (bad) {
      throw new WeightsError(
        `${source}: tensor "${bad.name}" holds ${bad.value} (value ${bad.index + 1} of ${bad.size}); the file is damaged or comes from a diverged run, so it was not loaded`,
      );
    }
    weights = tf.io.decodeWeights(buffer, artifacts.weightSpecs);
  } catch (error) {
    if (error instanceof WeightsError) throw error;
    throw new WeightsError(`${source}: cannot decode the weights (${errorText(error)})`);
  }
  return { metadata: parsed.data as WeightsMetadata, weights };
}

/** The first NaN or ±Infinity in the raw weight data (float32 tensors laid out in manifest order), or null. */
export function firstNonFiniteWeight(
  buffer: ArrayBuffer,
  specs: readonly tf.io.WeightsManifestEntry[],
): { name: string; index: number; size: number; value: string } | null {
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype === 'float32' || spec.dtype === undefined) {
      const values = new Float32Array(buffer, offset, size);
      for (let i = 0; i < size; i++) {
        const value = values[i];
        if (!Number.isFinite(value)) return { name: spec.name, index: i, size, value: String(value) };
      }
    }
    offset += size * 4;
  }
  return null;
}

/** Loads from `indexeddb://…` or an http(s)/relative URL to a model.json, or from an IOHandler. */
export async function loadWeights(source: string | tf.io.IOHandler, label?: string): Promise<LoadedWeights> {
  const name = label ?? (typeof source === 'string' ? source : 'model file');
  let handler: tf.io.IOHandler | undefined;
  if (typeof source !== 'string') handler = source;
  else if (source.startsWith('indexeddb://')) handler = tf.io.getLoadHandlers(source)[0];
  else handler = tf.io.http(source);
  if (!handler?.load) throw new WeightsError(`${name}: cannot load from there`);
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await handler.load();
  } catch (error) {
    throw new WeightsError(`${name}: ${errorText(error)}`);
  }
  return decodeArtifacts(artifacts, name);
}

/**
 * Loads user-chosen files: a model.json (or `<name>.json`) plus its weights file. Checks the pair before handing
 * it to `tf.io.browserFiles`, so the error says which file is wrong.
 */
export async function loadWeightsFromFiles(files: File[]): Promise<LoadedWeights> {
  const json = files.find((f) => f.name.toLowerCase().endsWith('.json'));
  const bins = files.filter((f) => !f.name.toLowerCase().endsWith('.json'));
  if (!json) throw new WeightsError('Choose the model .json file together with its weights .bin file');
  if (bins.length === 0) throw new WeightsError(`${json.name}: the weights .bin file is missing; select both files`);
  let manifest: { weightsManifest?: { paths?: string[] }[] };
  try {
    manifest = JSON.parse(await json.text());
  } catch (error) {
    throw new WeightsError(`${json.name}: not valid JSON (${errorText(error)})`);
  }
  const expected = manifest.weightsManifest?.flatMap((group) => group.paths ?? []) ?? [];
  if (expected.length === 0) throw new WeightsError(`${json.name}: no weightsManifest; not a TF.js model file`);
  // tf.io.browserFiles matches weight files by basename; accept a renamed single .bin by renaming it back.
  const byName = new Map(bins.map((f) => [f.name, f]));
  const ordered: File[] = [];
  for (const path of expected) {
    const base = path.split('/').pop() ?? path;
    const file = byName.get(base) ?? (expected.length === 1 && bins.length === 1 ? bins[0] : undefined);
    if (!file) throw new WeightsError(`${json.name}: expects weights file "${base}", which was not selected`);
    ordered.push(file.name === base ? file : new File([file], base));
  }
  return loadWeights(tf.io.browserFiles([json, ...ordered]), json.name);
}

/** Joins weight shards into one buffer, in manifest order. */
export function concatBuffers(buffers: ArrayBuffer[]): ArrayBuffer {
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}


/** Checks a loaded file against what the caller needs; returns a message or null. */
export function metadataMismatch(
  metadata: WeightsMetadata,
  expected: { kind?: string; vocabularyFingerprint?: string },
): string | null {
  if (expected.kind && metadata.kind !== expected.kind)
    return `it holds a ${metadata.kind} model, not a ${expected.kind} model`;
  if (expected.vocabularyFingerprint && metadata.vocabularyFingerprint !== expected.vocabularyFingerprint)
    return `it was trained with another vocabulary (${metadata.vocabularyFingerprint}, current ${expected.vocabularyFingerprint})`;
  return null;
}
