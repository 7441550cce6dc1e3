// The dataset's labels as the guard's training rule reads them, for scoring the guard against a loaded split.
import type { SampleRecord } from '../../data/record';
import type { BatchSplit } from './types';

/** Record indices (into the loaded records) of a split, in loaded order. */
export function splitRecords(records: readonly SampleRecord[], split: BatchSplit): number[] {
  const out: number[] = [];
  records.forEach((r, i) => {
    if (split === 'all' || r.split === split) out.push(i);
  });
  return out;
}

/**
 * A response's severity label under the guard's training rule (src/train/guardTraining.ts): safe if labelled safe;
 * otherwise minor / moderate / severe for harmless_rate −1 / −2 / −3 (clamped), or, unrated, the image severity
 * clamped to 1..3.
 */
export function responseSeverityLabel(record: SampleRecord, k: number): number {
  const response = record.responses[k];
  if (response.isSafe) return 0;
  const rate = response.harmlessRate;
  if (rate !== undefined && Number.isFinite(rate) && rate < 0)
    return Math.min(3, Math.max(1, Math.round(-rate)));
  return Math.min(3, Math.max(1, record.imageSeverity));
}

/** The question-only label under the same rule: unsafe when the image severity is ≥ 2 or any response is unsafe. */
export function queryUnsafeLabel(record: SampleRecord): boolean {
  return record.imageSeverity >= 2 || record.responses.some((r) => !r.isSafe);
}
