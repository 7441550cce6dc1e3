/**
 * Node-only (scripts and tests): model.json + weights.bin on disk in the same layout `tf.io.http` reads in the
 * browser (public/weights/<name>/model.json). Never import this from worker or UI code.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, open, realpath, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, isAbsolute, sep } from 'node:path';
import { checkWeightsPath, PACK_FILE_LIMIT, PACK_MANIFEST, PackError, readPack, type LoadedPack, type PackFiles } from './modelPack';
import { concatBuffers, decodeArtifacts, encodeArtifacts, WeightsError, type LoadedWeights, type WeightsMetadata } from './weightsIO';
import { errorText } from '../util/errorText';

/**
 * Reads `path` (relative, forward slashes) inside `dir` only: after resolving symbolic links it must still be a
 * regular file inside the folder, at most PACK_FILE_LIMIT bytes; the size is checked again while reading, so a
 * file that grows (or a device) cannot make us read more. Undefined when the file does not exist.
 */
export async function readConfined(dir: string, path: string, limit = PACK_FILE_LIMIT): Promise<Uint8Array | undefined> {
  const root = await realpath(dir);
  let full: string;
  try {
    full = await realpath(join(root, ...path.split('/')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PackError(`${join(dir, path)}: cannot be read (${(error as NodeJS.ErrnoException).code ?? errorText(error)})`);
  }
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..'))
    throw new PackError(`${join(dir, path)}: refused; it leads outside ${dir} (to ${full})`);
  const info = await stat(full);
  if (!info.isFile()) throw new PackError(`${join(dir, path)}: refused; not a regular file`);
  if (info.size > limit) throw new PackError(`${join(dir, path)}: ${info.size} bytes, over the ${limit} byte limit`);
  const handle = await open(full, 'r');
  try {
    const out = new Uint8Array(info.size);
    let read = 0;
    while (read < info.size) {
      const { bytesRead } = await handle.read(out, read, info.size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return read === info.size ? out : out.slice(0, read);
  } finally {
    await handle.close();
  }
}

/** A folder as PackFiles: every read confined to it. */
export function dirPackFiles(dir: string): PackFiles {
  return (path) => readConfined(dir, path);
}

/**
 * Checks a `--weights` folder before any compute: it must exist and be a readable folder holding a tokenizer
 * (vocab.json) or a pack; a pack (pack.json) is read and checked whole. Returns the pack, or null for a plain
 * weights folder (the shipped layout).
 */
export async function checkWeightsDir(dir: string): Promise<LoadedPack | null> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw new PackError(`--weights ${dir}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? errorText(error)})`}`);
  }
  if (!info.isDirectory()) throw new PackError(`--weights ${dir}: not a folder (give the folder that holds pack.json or vocab.json)`);
  if (await readConfined(dir, PACK_MANIFEST)) return readPack(dirPackFiles(dir), dir);
  if (!(await readConfined(dir, 'vocab.json')))
    throw new PackError(`--weights ${dir}: holds neither pack.json (a model pack) nor vocab.json (a weights folder); nothing to load`);
  return null;
}

/** Writes every file of a pack (relative paths) under `dir`. */
export async function writeFilesToDir(dir: string, files: Record<string, Uint8Array>): Promise<void> {
  for (const [path, bytes] of Object.entries(files)) {
    const full = join(dir, ...path.split('/'));
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, bytes);
  }
}

export async function saveWeightsToDir(dir: string, weights: tf.NamedTensorMap, metadata: WeightsMetadata): Promise<void> {
  const artifacts = await encodeArtifacts(weights, metadata);
  await mkdir(dir, { recursive: true });
  const modelJson = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  };
  await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
  await writeFile(join(dir, 'weights.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
}

/** Loads model.json + its weights from `dir`; every file read stays inside `dir` (see readConfined). */
export async function loadWeightsFromDir(dir: string): Promise<LoadedWeights> {
  const source = join(dir, 'model.json');
  let json: tf.io.ModelJSON;
  try {
    const bytes = await readConfined(dir, 'model.json');
    if (!bytes) throw new Error('no such file');
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new WeightsError(`${source}: ${errorText(error)}`);
  }
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const buffers: ArrayBuffer[] = [];
    for (const path of manifest.flatMap((group) => group.paths)) {
      const bytes = await readConfined(dir, checkWeightsPath(path, source));
      if (!bytes) throw new WeightsError(`${source}: ${path} is missing`);
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
    return [specs, concatBuffers(buffers)];
  });
  return decodeArtifacts(artifacts, source);
}
