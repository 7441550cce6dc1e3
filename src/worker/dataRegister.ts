// Adding a parsed file to the store (leaving out rows already loaded) and ending a load with its status events.
import { separateDuplicates } from '../data/duplicates';
import type { SampleRecord, Split } from '../data/record';
import type { LoadResult, SourceKind } from '../data/summary';
import { emitStatus } from './context';
import type { DataStore, ImageSource, LoadedSource } from './dataStore';

/** A file parsed and made ready for the store (its image source opened in the trainer worker). */
export interface ParsedFile {
  kind: SourceKind;
  variant: LoadedSource['summary']['variant'];
  records: SampleRecord[];
  images: Map<string, ImageSource>;
  warnings: string[];
  rowErrors: string | null;
}

export function splitOf(records: SampleRecord[]): Split | 'mixed' {
  const splits = new Set(records.map((r) => r.split));
  return splits.size === 1 ? [...splits][0] : splits.size === 0 ? 'unknown' : 'mixed';
}

/**
 * Adds a parsed file, leaving out rows whose content is already loaded (the same file twice, or an overlap).
 * Returns the warning that says what was left out, or null when every row was new.
 */
export function register(store: DataStore, id: string, name: string, parsed: ParsedFile, objectUrls?: string[]): string | null {
  const { fresh, duplicates, firstSeenIn } = separateDuplicates(parsed.records, store.contentIndex());
  if (fresh.length === 0) {
    for (const url of objectUrls ?? []) URL.revokeObjectURL(url);
    return `${name}: all ${duplicates.toLocaleString('en-US')} rows are already loaded (from ${firstSeenIn}); nothing was added.`;
  }
  const warnings = [...parsed.warnings, ...(parsed.rowErrors ? [parsed.rowErrors] : [])];
  const skipped = duplicates > 0
    ? `${duplicates.toLocaleString('en-US')} of ${parsed.records.length.toLocaleString('en-US')} rows were already loaded (from ${firstSeenIn}) and were not added again.`
    : null;
  if (skipped) warnings.push(skipped);
  store.addSource({
    summary: { id, name, kind: parsed.kind, variant: parsed.variant, rows: fresh.length, split: splitOf(fresh), files: 1, warnings },
    records: fresh,
    images: parsed.images,
    objectUrls,
  });
  return skipped && `${name}: ${skipped}`;
}

/** Ends a load: its warnings and errors as status events, then 'done', and the result the page shows. */
export function finish(store: DataStore, before: number, errors: LoadResult['errors'], warnings: string[]): LoadResult {
  const summary = store.summary();
  const added = summary.rows - before;
  for (const warning of warnings) emitStatus({ job: 'data', kind: 'warning', message: warning });
  if (errors.length) emitStatus({ job: 'data', kind: 'error', message: errors.map((e) => e.message).join('\n') });
  emitStatus({ job: 'data', kind: 'done', message: `${summary.rows} records loaded` });
  return { summary, added, errors, warnings };
}
