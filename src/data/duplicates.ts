import type { SampleRecord } from './record';

/**
 * What makes two records the same sample for loading purposes: question, category, image severity and the response
 * texts in order (ids, row numbers and image locations differ between two loads of one file).
 */
export function recordContentKey(record: SampleRecord): string {
  return JSON.stringify([record.question, record.category, record.imageSeverity, record.responses.map((r) => r.text)]);
}

export interface DuplicateSplit {
  /** Records whose content is not loaded yet (in file order). */
  fresh: SampleRecord[];
  duplicates: number;
  /** Name of the loaded source that first holds a duplicate, when there is one. */
  firstSeenIn: string | null;
}

/** Splits `records` into those already loaded (`known`: content key → source name) and the fresh ones. */
export function separateDuplicates(records: readonly SampleRecord[], known: ReadonlyMap<string, string>): DuplicateSplit {
  const fresh: SampleRecord[] = [];
  let firstSeenIn: string | null = null;
  for (const record of records) {
    const seen = known.get(recordContentKey(record));
    if (seen === undefined) fresh.push(record);
    else firstSeenIn ??= seen;
  }
  return { fresh, duplicates: records.length - fresh.length, firstSeenIn };
}
