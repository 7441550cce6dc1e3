// The bundled synthetic sample's manifest and ids; browser-safe (the worker fetches it, Node reads it from disk).

export interface SampleManifestFile {
  category: string;
  split: 'train' | 'evaluation';
  /** Relative to the sample root, e.g. data/animal_abuse/train.parquet (the hub layout). */
  path: string;
  rows: number;
  bytes: number;
}

export interface SampleManifest {
  name: string;
  synthetic: boolean;
  generator: string;
  seed: string;
  variant: 'pairs';
  imageSize: number;
  pairs: number;
  files: SampleManifestFile[];
}

/** The bundled sample is one source ("sample") of 40 files. */
export const SAMPLE_SOURCE_ID = 'sample';
export const SAMPLE_NAME = 'Synthetic sample (bundled)';

/** Part id of a sample file, e.g. "sample/animal_abuse/train"; record ids are `${partId}:${row}`. */
export function samplePartId(file: { category: string; split: string }): string {
  return `sample/${file.category}/${file.split}`;
}

export function parseSampleManifest(text: string): SampleManifest {
  const manifest = JSON.parse(text) as SampleManifest;
  if (!manifest || !Array.isArray(manifest.files) || manifest.files.some((f) => typeof f?.path !== 'string')) {
    throw new Error('sample/manifest.json: expected { files: [{ path, category, split, rows }] }');
  }
  return manifest;
}
