/**
 * A model pack: one folder (or zip) holding everything PPO needs on real data, written by `npm run pretrain --
 * --data … --out DIR` or by the app's "Build a model pack":
 *
 *   pack.json                 manifest (format, version, settings, data fingerprint, held-out figures)
 *   vocab.json                the tokenizer (any kind tokenizerJson.ts reads)
 *   reward/ cost/ guard/ policy-sft/   model.json + weights.bin each (weightsIO.ts format)
 *
 * The layout is the shipped weights folder's (public/weights), plus pack.json, so the runner's `--weights DIR`
 * reads a pack like the shipped weights. Only these fixed names are read; a model.json naming any weights file
 * other than a plain file name in its own folder is refused by name (no `../`, no absolute paths, no URLs).
 * Browser-safe: no Node import.
 */
import type * as tf from '@tensorflow/tfjs';
// zod's jitless mode before this module builds its schemas (whichever chunk the bundler puts it in).
import '../util/zodJitless';
import * as z from 'zod';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { SampleRecord, Split } from '../data/record';
import type { Tokenizer } from '../data/tokenizer';
import { tokenizerFromJSON } from '../data/tokenizerJson';
import { errorText } from '../util/errorText';
import { sizesMismatch, type ModelSizes } from './sizes';
import { decodeArtifacts, encodeArtifacts, fingerprint, WeightsError, type LoadedWeights, type WeightsMetadata } from './weightsIO';

export const PACK_FORMAT = 'srlhfv-model-pack';
export const PACK_VERSION = 1;
export const PACK_MANIFEST = 'pack.json';
export const PACK_TOKENIZER = 'vocab.json';
export const PACK_MODELS = { reward: 'reward', cost: 'cost', guard: 'guard', policy: 'policy-sft' } as const;
export type PackModel = keyof typeof PACK_MODELS;
/** Largest file a pack may hold (the default models are < 1 MB; a 4,000-token, 512-wide model is ≈ 20 MB). */
export const PACK_FILE_LIMIT = 256 * 1024 * 1024;

/** Per split: how many records and an order-independent hash of their text and labels. */
export type DataFingerprint = Partial<Record<Split, { records: number; hash: string }>>;

const splitPrint = z.object({ records: z.number().int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{16}$/) });

const manifestSchema = z.object({
  format: z.literal(PACK_FORMAT),
  version: z.number().int().min(1).max(PACK_VERSION),
  created: z.string(),
  tokenizer: z.object({ kind: z.string(), size: z.number().int().positive(), fingerprint: z.string() }),
  sizes: z.record(z.string(), z.number()),
  /** The config the models were trained with (ExperimentConfig fields). */
  settings: z.record(z.string(), z.unknown()),
  data: z.object({
    fingerprint: z.object({ train: splitPrint.optional(), evaluation: splitPrint.optional(), unknown: splitPrint.optional() }),
    files: z.array(z.string()).max(1000),
    trainedOn: z.enum(['train', 'evaluation']),
  }),
  /** Held-out figures: pairwise and sign accuracy, guard precision/recall; fractions in [0, 1]. */
  heldOut: z.object({
    reward: z.object({ pairwiseAccuracy: z.number(), pairs: z.number() }).nullable(),
    cost: z.object({ pairwiseAccuracy: z.number(), signAccuracy: z.number().nullable(), pairs: z.number() }).nullable(),
    guard: z.object({ accuracy: z.number(), precision: z.number(), recall: z.number(), examples: z.number() }).nullable(),
  }),
  /** The SFT policy's loss and token accuracy on its last training batch (a training figure, not held out). */
  sft: z.object({ loss: z.number(), tokenAccuracy: z.number(), steps: z.number() }).nullable(),
  /** Seconds each model took to train, where the pack was made. */
  seconds: z.record(z.string(), z.number()).optional(),
});
export type PackManifest = z.infer<typeof manifestSchema>;

export interface LoadedPack {
  manifest: PackManifest;
  tokenizer: Tokenizer;
  /** Decoded weights per model; the caller builds the models and disposes these tensors. */
  models: Record<PackModel, LoadedWeights>;
}

export class PackError extends Error {}

/** 64-bit FNV-1a of a string as two 32-bit halves (different offsets), for order-independent sums. */
function hash64(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
  }
  return [a, b];
}

/**
 * The data's fingerprint per split: Σ hash(question, responses, labels) mod 2³² (two halves), so file order does
 * not matter; images are not hashed (their decoding differs between browser and Node only in rounding).
 */
export function dataFingerprint(records: readonly SampleRecord[]): DataFingerprint {
  const sums = new Map<Split, { records: number; a: number; b: number }>();
  for (const r of records) {
    const text = JSON.stringify([
      r.question, r.category, r.imageSeverity, r.moreHelpful ?? 0, r.safer ?? 0,
      r.responses.map((x) => [x.text, x.isSafe, x.harmlessRate ?? null, x.helpfulRate ?? null]),
    ]);
    const [a, b] = hash64(text);
    const sum = sums.get(r.split) ?? { records: 0, a: 0, b: 0 };
    sums.set(r.split, { records: sum.records + 1, a: (sum.a + a) >>> 0, b: (sum.b + b) >>> 0 });
  }
  const out: DataFingerprint = {};
  for (const [split, s] of sums) out[split] = { records: s.records, hash: s.a.toString(16).padStart(8, '0') + s.b.toString(16).padStart(8, '0') };
  return out;
}

/**
 * Why a pack does not fit the loaded data, or null. Every loaded split must be one the pack's data had, with the
 * same records: the pack's held-out figures then describe this data, and its tokenizer was learned from it.
 */
export function packDataMismatch(manifest: PackManifest, loaded: DataFingerprint): string | null {
  const problems: string[] = [];
  for (const split of ['train', 'evaluation', 'unknown'] as const) {
    const have = loaded[split];
    if (!have) continue;
    const packed = manifest.data.fingerprint[split];
    if (!packed) problems.push(`the loaded data has ${have.records} ${split}-split records, the pack's data had none`);
    else if (packed.hash !== have.hash || packed.records !== have.records)
      problems.push(`the loaded ${split} split (${have.records} records, fingerprint ${have.hash}) differs from the pack's (${packed.records} records, ${packed.hash})`);
  }
  return problems.length ? `This model pack was built from other data: ${problems.join('; ')}. Load the files it was built from (${manifest.data.files.join(', ') || 'not recorded'}), or build a pack from the loaded data.` : null;
}

/** A weights file name inside a model's folder: a plain name, nothing that leaves the folder. */
export function checkWeightsPath(path: unknown, where: string): string {
  if (typeof path !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(path) || path.includes('..'))
    throw new PackError(`${where}: the weights path ${JSON.stringify(path)} is refused; a model pack's weights must be plain file names inside the model's own folder`);
  return path;
}

/** A file of the pack by relative path (forward slashes). Returns undefined when absent. */
export type PackFiles = (path: string) => Promise<Uint8Array | undefined>;

async function need(files: PackFiles, path: string, source: string): Promise<Uint8Array> {
  const bytes = await files(path);
  if (!bytes) throw new PackError(`${source}: ${path} is missing; a model pack holds ${packFileList().join(', ')}`);
  if (bytes.byteLength > PACK_FILE_LIMIT) throw new PackError(`${source}: ${path} is ${bytes.byteLength} bytes, over the ${PACK_FILE_LIMIT} byte limit for one file`);
  return bytes;
}

function parseJson(bytes: Uint8Array, path: string, source: string): unknown {
  try {
    return JSON.parse(strFromU8(bytes));
  } catch (error) {
    throw new PackError(`${source}: ${path} is not valid JSON (${errorText(error)})`);
  }
}

export function packFileList(): string[] {
  return [PACK_MANIFEST, PACK_TOKENIZER, ...Object.values(PACK_MODELS).flatMap((dir) => [`${dir}/model.json`, `${dir}/weights.bin`])];
}

/** Reads one model.json and its weights (names confined to its folder), then validates and decodes them. */
export async function readPackModel(files: PackFiles, dir: string, source: string): Promise<LoadedWeights> {
  const jsonPath = `${dir}/model.json`;
  const json = parseJson(await need(files, jsonPath, source), jsonPath, source) as { modelTopology?: unknown; weightsManifest?: { paths?: unknown[]; weights?: unknown[] }[] };
  const groups = Array.isArray(json?.weightsManifest) ? json.weightsManifest : null;
  if (!groups?.length) throw new PackError(`${source}: ${jsonPath} has no weightsManifest`);
  const buffers: Uint8Array[] = [];
  const specs: unknown[] = [];
  for (const group of groups) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group.weights)) throw new PackError(`${source}: ${jsonPath}: a weightsManifest group lacks paths or weights`);
    for (const path of group.paths) buffers.push(await need(files, `${dir}/${checkWeightsPath(path, `${source}: ${jsonPath}`)}`, source));
    specs.push(...group.weights);
  }
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const data = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    data.set(b, offset);
    offset += b.byteLength;
  }
  try {
    return decodeArtifacts({ modelTopology: json.modelTopology as object, weightSpecs: specs as never, weightData: data.buffer }, `${source}: ${jsonPath}`);
  } catch (error) {
    throw error instanceof WeightsError ? new PackError(error.message) : error;
  }
}

/**
 * Reads and checks a whole pack: the manifest, the tokenizer, and four models of the right kinds that share the
 * tokenizer and one set of sizes. Any problem throws a PackError naming the file and the field.
 */
export async function readPack(files: PackFiles, source: string): Promise<LoadedPack> {
  const parsed = manifestSchema.safeParse(parseJson(await need(files, PACK_MANIFEST, source), PACK_MANIFEST, source));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PackError(`${source}: ${PACK_MANIFEST} is not a model pack manifest (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'})`);
  }
  const manifest = parsed.data;
  const tokenizerJson = parseJson(await need(files, PACK_TOKENIZER, source), PACK_TOKENIZER, source);
  let tokenizer: Tokenizer;
  try {
    tokenizer = tokenizerFromJSON(tokenizerJson);
  } catch (error) {
    throw new PackError(`${source}: ${PACK_TOKENIZER}: ${errorText(error)}`);
  }
  const tokenizerPrint = fingerprint(tokenizer.toJSON());
  if (tokenizerPrint !== manifest.tokenizer.fingerprint)
    throw new PackError(`${source}: ${PACK_TOKENIZER} has fingerprint ${tokenizerPrint}, but ${PACK_MANIFEST} names ${manifest.tokenizer.fingerprint}`);
  const models = {} as Record<PackModel, LoadedWeights>;
  try {
    let sizes: ModelSizes | null = null;
    for (const [name, dir] of Object.entries(PACK_MODELS) as [PackModel, string][]) {
      const loaded = await readPackModel(files, dir, source);
      models[name] = loaded;
      const where = `${source}: ${dir}/model.json`;
      const kind = name === 'policy' ? 'policy' : name;
      if (loaded.metadata.kind !== kind) throw new PackError(`${where} holds a ${loaded.metadata.kind} model, not a ${kind} model`);
      if (loaded.metadata.vocabularyFingerprint !== tokenizerPrint)
        throw new PackError(`${where} was trained with another vocabulary (${loaded.metadata.vocabularyFingerprint}; the pack's ${PACK_TOKENIZER} is ${tokenizerPrint})`);
      if (loaded.metadata.sizes.vocabSize !== tokenizer.size)
        throw new PackError(`${where} has ${loaded.metadata.sizes.vocabSize} token rows; the pack's tokenizer has ${tokenizer.size}`);
      // maxResponseTokens bounds generation only; every other size shapes weights and must agree.
      const problem = sizes && sizesMismatch({ ...loaded.metadata.sizes, maxResponseTokens: sizes.maxResponseTokens }, sizes);
      if (problem) throw new PackError(`${where}: ${problem} (the pack's models must share their sizes)`);
      sizes ??= loaded.metadata.sizes;
    }
  } catch (error) {
    for (const loaded of Object.values(models)) for (const t of Object.values(loaded.weights)) t.dispose();
    throw error;
  }
  return { manifest, tokenizer, models };
}

/** Files of a zip as a PackFiles reader; a single top folder (as "Compress folder" makes) is looked through. */
export function zipPackFiles(zip: Uint8Array, source: string): PackFiles {
  let entries: Record<string, Uint8Array>;
  try {
    // Only the pack's own names are inflated, so a zip bomb elsewhere in the archive costs nothing.
    const wanted = new Set(packFileList());
    const modelDirs = new Set<string>(Object.values(PACK_MODELS));
    const relevant = (name: string) => {
      const parts = name.split('/');
      return wanted.has(name) || (parts.length === 2 && modelDirs.has(parts[0]));
    };
    entries = unzipSync(zip, {
      filter: (file) => {
        const hit = relevant(file.name) || relevant(file.name.replace(/^[^/]+\//, ''));
        if (hit && file.originalSize > PACK_FILE_LIMIT) throw new PackError(`${source}: ${file.name} inflates to ${file.originalSize} bytes, over the ${PACK_FILE_LIMIT} byte limit`);
        return hit;
      },
    });
  } catch (error) {
    if (error instanceof PackError) throw error;
    throw new PackError(`${source}: not a readable zip (${errorText(error)})`);
  }
  const names = Object.keys(entries);
  const prefix = names.includes(PACK_MANIFEST) ? '' : (names.find((n) => n.endsWith(`/${PACK_MANIFEST}`))?.slice(0, -PACK_MANIFEST.length) ?? '');
  return async (path) => entries[prefix + path];
}

/** model.json + weights.bin of one model, in the layout tf.io.http and weightsNode.ts read. */
export async function modelFiles(weights: tf.NamedTensorMap, metadata: WeightsMetadata): Promise<{ json: Uint8Array; bin: Uint8Array }> {
  const artifacts = await encodeArtifacts(weights, metadata);
  const modelJson = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  };
  return { json: strToU8(JSON.stringify(modelJson)), bin: new Uint8Array(artifacts.weightData as ArrayBuffer) };
}

/** Every file of a pack by relative path, ready to write to a folder or zip. */
export async function packFiles(pack: {
  manifest: PackManifest;
  tokenizer: Tokenizer;
  models: Record<PackModel, { weights: tf.NamedTensorMap; metadata: WeightsMetadata }>;
}): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {
    [PACK_MANIFEST]: manifestBytes(pack.manifest),
    [PACK_TOKENIZER]: strToU8(JSON.stringify(pack.tokenizer.toJSON())),
  };
  for (const [name, dir] of Object.entries(PACK_MODELS) as [PackModel, string][]) {
    const { json, bin } = await modelFiles(pack.models[name].weights, pack.models[name].metadata);
    files[`${dir}/model.json`] = json;
    files[`${dir}/weights.bin`] = bin;
  }
  return files;
}

/** The pack as one zip (no compression for weights: float32 barely compresses). */
export function packZip(files: Record<string, Uint8Array>): Uint8Array {
  const zippable: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [path, bytes] of Object.entries(files)) zippable[path] = [bytes, { level: path.endsWith('.bin') ? 0 : 6 }];
  return zipSync(zippable);
}

export function manifestBytes(manifest: PackManifest): Uint8Array {
  return strToU8(JSON.stringify(manifest, null, 2));
}

export function parseManifest(value: unknown): PackManifest {
  return manifestSchema.parse(value);
}
