// Ceilings on what a Parquet file may claim before this app believes it (docs/limits.md). A file over one is
// refused with a message naming the file, the field and the values; none of them is ever reached by a real
// BeaverTails-V file (the biggest holds 5,536 rows, 690 MB, pages of a few MB).

/** Rows in one file. 180× the biggest published file; each row costs ~1–3 KB of memory once indexed. */
export const MAX_PARQUET_ROWS = 1_000_000;
/** Decompressed size of one page. pyarrow writes 1 MB pages; one page holds at least one whole image. */
export const MAX_PAGE_BYTES = 256 * 1024 * 1024;
/** Decompressed ÷ compressed size of one page. Deflate cannot exceed ~1,032:1; real pages stay below 100:1. */
export const MAX_COMPRESSION_RATIO = 1100;
/** Row groups, and column chunks per row group. */
export const MAX_ROW_GROUPS = 100_000;
export const MAX_COLUMNS = 10_000;
