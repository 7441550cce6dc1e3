// Bounds on the metric tables of an imported run bundle, checked before any table is built (a 612 KB bundle with
// 8,000 metric columns once made the importer allocate 3.2 GB and fail with "(null)"). docs/limits.md.

/** Distinct metric columns in one table. A PPO run records fewer than 100. */
export const MAX_METRIC_COLUMNS = 1000;
/** Rows × columns of one table (8 bytes each once built): 25 M cells = 200 MB. A 100k-iteration run is ~8 M. */
export const MAX_METRIC_CELLS = 25_000_000;

/**
 * The problem with a bundle's metric table `field` (e.g. "metrics"), or null when it is within the bounds.
 * Stops counting columns as soon as the limit is passed, so a hostile table costs no more than reading it.
 */
export function metricTableProblem(field: string, rows: unknown): string | null {
  if (!Array.isArray(rows)) return null; // the schema reports the type
  const seen = new Set<string>();
  for (let r = 0; r < rows.length; r++) {
    const row: unknown = rows[r];
    if (row === null || typeof row !== 'object') continue;
    for (const key of Object.keys(row)) {
      seen.add(key);
      if (seen.size > MAX_METRIC_COLUMNS) {
        return `${field} has more than ${MAX_METRIC_COLUMNS.toLocaleString('en-US')} metric columns (row ${r} brings column ${seen.size.toLocaleString('en-US')}, "${key.slice(0, 60)}"); a run records fewer than 100, so this is not a bundle this app wrote.`;
      }
    }
  }
  const cells = rows.length * seen.size;
  if (cells > MAX_METRIC_CELLS) {
    return `${field} holds ${rows.length.toLocaleString('en-US')} rows × ${seen.size.toLocaleString('en-US')} columns = ${cells.toLocaleString('en-US')} values, more than the ${MAX_METRIC_CELLS.toLocaleString('en-US')} an imported run may hold.`;
  }
  return null;
}
