/**
 * Node-only (scripts and tests): model.json + weights.bin on disk in the same layout `tf.io.http` reads in the
 * browser (public/weights/<name>/model.json). Never import this from worker or UI code.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { concatBuffers, decodeArtifacts, encodeArtifacts, WeightsError, type LoadedWeights, type WeightsMetadata } from './weightsIO';
import { errorText } from '../util/errorText';

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

export async function loadWeightsFromDir(dir: string): Promise<LoadedWeights> {
  const source = join(dir, 'model.json');
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(await readFile(source, 'utf8'));
  } catch (error) {
    throw new WeightsError(`${source}: ${errorText(error)}`);
  }
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const buffers = await Promise.all(
      manifest.flatMap((group) => group.paths).map(async (path) => {
        const bytes = await readFile(join(dir, path)).catch((error) => {
          throw new WeightsError(`${source}: ${path} is missing (${errorText(error)})`);
        });
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      }),
    );
    return [specs, concatBuffers(buffers)];
  });
  return decodeArtifacts(artifacts, source);
}
