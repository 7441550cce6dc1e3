// The runner's check that a model pack (--weights DIR with pack.json) was built from the --data it is given:
// every loaded split must match the pack's data fingerprint, so its tokenizer and held-out figures fit the data.
import type { SampleRecord } from '../../src/data/record';
import { dataFingerprint, packDataMismatch, type PackManifest } from '../../src/models/modelPack';

export function checkPackData(manifest: PackManifest, records: readonly SampleRecord[], dir: string): void {
  const problem = packDataMismatch(manifest, dataFingerprint(records));
  if (problem) throw new Error(`--weights ${dir}: ${problem}`);
}
