// Types the data worker returns to the UI, and the pure functions that compute them. Main-thread safe: no
// TensorFlow.js, no hyparquet.
import type { SampleRecord, Split } from './record';
import type { Variant } from './schema';

export type SourceKind = 'sample' | 'parquet' | 'rows-json' | 'jsonl';

export interface SourceSummary {
  id: string;
  name: string;
  kind: SourceKind;
  variant: Variant;
  /** Records loaded from this source (rejected rows excluded). */
  rows: number;
  /** The split of every record, or 'mixed' for a multi-file source holding both (the bundled sample). */
  split: Split | 'mixed';
  /** Files behind this source (40 for the bundled sample); absent means 1. */
  files?: number;
  warnings: string[];
}

export interface DatasetSummary {
  sources: SourceSummary[];
  /** All records (pairs and single responses). */
  rows: number;
  pairs: number;
  contradictory: number;
  /** Records per split; splits with no records are absent. */
  bySplit: Partial<Record<Split, number>>;
  byCategory: Record<string, number>;
  bySeverity: Record<number, number>;
  /** Per category: labelled responses and how many are unsafe. */
  unsafeByCategory: Record<string, { responses: number; unsafe: number }>;
}

export interface LoadResult {
  summary: DatasetSummary;
  /** Records added by this load. */
  added: number;
  errors: { source: string; message: string }[];
  warnings: string[];
}

export interface RecordIndexEntry {
  id: string;
  sourceId: string;
  split: Split;
  category: string;
  imageSeverity: number;
  /** Full text. */
  question: string;
  safe1: boolean;
  /** null for single-response records. */
  safe2: boolean | null;
  /** Whether the more helpful response is also the safer one; null for single-response records. */
  helpfulIsSafer: boolean | null;
  contradictory: boolean;
}

export type ImagePayload =
  | { kind: 'bytes'; bytes: Uint8Array; mime: string }
  | { kind: 'url'; url: string; expired: boolean }
  | { kind: 'none'; reason: string };

/** Characters of a question the record index carries (list rows, search); the full text is in the record. */
export const INDEX_QUESTION_CHARS = 500;

export function indexEntry(record: SampleRecord): RecordIndexEntry {
  const pair = record.responses.length === 2 && record.moreHelpful !== undefined && record.safer !== undefined;
  return {
    id: record.id,
    sourceId: record.sourceId,
    split: record.split,
    category: record.category,
    imageSeverity: record.imageSeverity,
    // Clipped: the index goes to the main thread for every row; a 50 MB question must not (real ones are ≤ 181).
    question: record.question.length > INDEX_QUESTION_CHARS ? `${record.question.slice(0, INDEX_QUESTION_CHARS)}…` : record.question,
    safe1: record.responses[0].isSafe,
    safe2: record.responses.length > 1 ? record.responses[1].isSafe : null,
    helpfulIsSafer: pair ? record.moreHelpful === record.safer : null,
    contradictory: record.contradictory,
  };
}

export function summarize(sources: SourceSummary[], records: Iterable<SampleRecord>): DatasetSummary {
  const summary: DatasetSummary = {
    sources,
    rows: 0,
    pairs: 0,
    contradictory: 0,
    bySplit: {},
    byCategory: {},
    bySeverity: {},
    unsafeByCategory: {},
  };
  for (const record of records) {
    summary.rows++;
    if (record.responses.length === 2) summary.pairs++;
    if (record.contradictory) summary.contradictory++;
    summary.bySplit[record.split] = (summary.bySplit[record.split] ?? 0) + 1;
    summary.byCategory[record.category] = (summary.byCategory[record.category] ?? 0) + 1;
    summary.bySeverity[record.imageSeverity] = (summary.bySeverity[record.imageSeverity] ?? 0) + 1;
    const unsafe = (summary.unsafeByCategory[record.category] ??= { responses: 0, unsafe: 0 });
    for (const response of record.responses) {
      unsafe.responses++;
      if (!response.isSafe) unsafe.unsafe++;
    }
  }
  return summary;
}

export function emptySummary(): DatasetSummary {
  return summarize([], []);
}
