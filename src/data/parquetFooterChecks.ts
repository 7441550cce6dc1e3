// Checks every count, size and offset in a Parquet footer against the file's real size and the footer's own
// structure before anything is read or allocated from them: rows = Σ row-group rows, every column chunk inside the
// data region, value counts that match the row counts of flat columns, offset indexes inside the file.
import { parquetSchema, type ColumnChunk, type FileMetaData, type SchemaTree } from 'hyparquet';
import { DataError } from './schema';
import { MAX_COLUMNS, MAX_PARQUET_ROWS, MAX_ROW_GROUPS } from './parquetLimits';
import { errorText } from '../util/errorText';

/** What the page checks need to know about one column chunk, all verified against the file. */
export interface CheckedChunk {
  path: string;
  rowGroup: number;
  /** Byte range [start, end) of the chunk's pages (dictionary first where there is one). */
  start: number;
  end: number;
  codec: string;
  type: string;
  /** Values the chunk holds (= rows of its row group for a flat column). */
  values: number;
  rows: number;
  /** True where no level on the column's path repeats: one value per row. */
  flat: boolean;
  /** True where the column cannot hold nulls: no definition levels. */
  required: boolean;
  totalUncompressed: number;
  offsetIndex?: { start: number; end: number };
}

export interface CheckedFooter {
  rows: number;
  /** Byte offset where the footer starts; every chunk ends at or before it. */
  dataEnd: number;
  chunks: CheckedChunk[];
}

/** A non-negative safe integer from a footer field, or a DataError naming it. */
function count(name: string, field: string, value: bigint | number | undefined, max = Number.MAX_SAFE_INTEGER): number {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (n === undefined || !Number.isSafeInteger(n) || n < 0 || n > max) {
    if (n === undefined) throw new DataError(`${name}: the footer's ${field} is missing; the file is corrupt`);
    throw new DataError(`${name}: the footer's ${field} is ${String(value)}, ${n > max ? `above the limit of ${max.toLocaleString('en-US')}` : 'not a valid count'}; the file is corrupt or was not written as Parquet says`);
  }
  return n;
}

function leaves(node: SchemaTree, repeated: boolean, optional: boolean, out: Map<string, { flat: boolean; required: boolean }>): void {
  const rep = node.element.repetition_type;
  const isRepeated = repeated || rep === 'REPEATED';
  const isOptional = optional || rep === 'OPTIONAL';
  if (node.children.length === 0) out.set(node.path.join('.'), { flat: !isRepeated, required: !isOptional && !isRepeated });
  for (const child of node.children) leaves(child, isRepeated, isOptional, out);
}

/** The flat schema list must be exactly one tree: each element's num_children elements follow it. */
function checkSchemaShape(name: string, metadata: FileMetaData): void {
  const elements = metadata.schema;
  if (!Array.isArray(elements) || elements.length === 0) throw new DataError(`${name}: the footer has no schema`);
  let depth = 0;
  const take = (i: number): number => {
    const element = elements[i];
    if (typeof element?.name !== 'string') throw new DataError(`${name}: schema element ${i} has no name; the footer is corrupt`);
    const children = element.num_children ?? 0;
    if (!Number.isSafeInteger(children) || children < 0 || children > elements.length - i - 1) {
      throw new DataError(`${name}: schema element "${element.name.slice(0, 80)}" claims ${children} children, but only ${elements.length - i - 1} schema elements follow it; the footer is corrupt`);
    }
    if (++depth > 64) throw new DataError(`${name}: the schema nests deeper than 64 levels`);
    let next = i + 1;
    for (let k = 0; k < children; k++) {
      if (next >= elements.length) throw new DataError(`${name}: schema element "${element.name.slice(0, 80)}" claims ${children} children, but the schema ends after ${k}; the footer is corrupt`);
      next = take(next);
    }
    depth--;
    return next;
  };
  const end = take(0);
  if (end !== elements.length) throw new DataError(`${name}: the schema's root holds ${end - 1} elements but the footer lists ${elements.length - 1}; the footer is corrupt`);
}

function chunkLabel(path: string, rowGroup: number): string {
  return `column "${path}" in row group ${rowGroup}`;
}

/** Refuses (DataError naming the file, field and values) a footer whose numbers do not fit the file. */
export function checkFooter(name: string, metadata: FileMetaData, byteLength: number): CheckedFooter {
  const dataEnd = byteLength - 8 - count(name, 'metadata_length', metadata.metadata_length, byteLength - 12);
  if (!Array.isArray(metadata.row_groups)) throw new DataError(`${name}: the footer has no list of row groups`);
  count(name, 'number of row groups', metadata.row_groups.length, MAX_ROW_GROUPS);
  checkSchemaShape(name, metadata);
  let schema: SchemaTree;
  try {
    schema = parquetSchema(metadata);
  } catch (error) {
    throw new DataError(`${name}: the footer's schema is malformed (${errorText(error)})`);
  }
  const leafInfo = new Map<string, { flat: boolean; required: boolean }>();
  for (const child of schema.children) leaves(child, false, false, leafInfo);
  const rows = count(name, 'num_rows', metadata.num_rows, MAX_PARQUET_ROWS);
  let sum = 0;
  const chunks: CheckedChunk[] = [];
  metadata.row_groups.forEach((group, g) => {
    const groupRows = count(name, `num_rows of row group ${g}`, group.num_rows, MAX_PARQUET_ROWS);
    sum += groupRows;
    count(name, `column count of row group ${g}`, group.columns?.length, MAX_COLUMNS);
    for (const chunk of group.columns) chunks.push(checkChunk(name, chunk, g, groupRows, dataEnd, byteLength, leafInfo));
  });
  if (sum !== rows) {
    throw new DataError(`${name}: the footer says num_rows = ${String(metadata.num_rows)} but its ${metadata.row_groups.length} row groups hold ${sum.toLocaleString('en-US')} rows; the file is corrupt`);
  }
  return { rows, dataEnd, chunks };
}

function checkChunk(
  name: string,
  chunk: ColumnChunk,
  g: number,
  groupRows: number,
  dataEnd: number,
  byteLength: number,
  leafInfo: Map<string, { flat: boolean; required: boolean }>,
): CheckedChunk {
  const meta = chunk.meta_data;
  if (!meta) throw new DataError(`${name}: a column chunk in row group ${g} has no metadata`);
  if (chunk.file_path) throw new DataError(`${name}: a column chunk in row group ${g} points to another file ("${String(chunk.file_path).slice(0, 80)}"), which this app does not follow`);
  const path = Array.isArray(meta.path_in_schema) ? meta.path_in_schema.join('.') : '';
  const info = leafInfo.get(path);
  if (!info) throw new DataError(`${name}: row group ${g} has a column chunk for "${path.slice(0, 80)}", which is not in the schema`);
  const label = chunkLabel(path, g);
  if (!meta.type) throw new DataError(`${name}: ${label} has a physical type Parquet does not define; the file is corrupt`);
  const dataPage = count(name, `data_page_offset of ${label}`, meta.data_page_offset);
  const dictionaryPage = meta.dictionary_page_offset === undefined ? undefined : count(name, `dictionary_page_offset of ${label}`, meta.dictionary_page_offset);
  // Same start as hyparquet: the dictionary page where the footer names one (a 0 offset means none).
  const start = dictionaryPage || dataPage;
  const size = count(name, `total_compressed_size of ${label}`, meta.total_compressed_size);
  if (start < 4 || start + size > dataEnd) {
    throw new DataError(`${name}: ${label} claims bytes ${start.toLocaleString('en-US')}–${(start + size).toLocaleString('en-US')}, outside the data region (4–${dataEnd.toLocaleString('en-US')}) of this ${byteLength.toLocaleString('en-US')}-byte file`);
  }
  if (dataPage < start || dataPage >= start + Math.max(size, 1)) {
    throw new DataError(`${name}: ${label} has data_page_offset ${dataPage} outside its own bytes ${start}–${start + size}`);
  }
  const values = count(name, `num_values of ${label}`, meta.num_values);
  if (info.flat && values !== groupRows) {
    throw new DataError(`${name}: ${label} holds num_values = ${values.toLocaleString('en-US')} but its row group has ${groupRows.toLocaleString('en-US')} rows`);
  }
  if (!info.flat && values < groupRows) {
    throw new DataError(`${name}: ${label} holds num_values = ${values} for ${groupRows} rows`);
  }
  const totalUncompressed = count(name, `total_uncompressed_size of ${label}`, meta.total_uncompressed_size);
  let offsetIndex: CheckedChunk['offsetIndex'];
  if (chunk.offset_index_offset !== undefined && chunk.offset_index_length) {
    const at = count(name, `offset_index_offset of ${label}`, chunk.offset_index_offset);
    const length = count(name, `offset_index_length of ${label}`, chunk.offset_index_length);
    if (at < 4 || at + length > dataEnd) {
      throw new DataError(`${name}: ${label} has an offset index at bytes ${at}–${at + length}, outside the data region (4–${dataEnd}) of this ${byteLength}-byte file`);
    }
    offsetIndex = { start: at, end: at + length };
  }
  if (chunk.column_index_offset !== undefined && chunk.column_index_length) {
    const at = count(name, `column_index_offset of ${label}`, chunk.column_index_offset);
    const length = count(name, `column_index_length of ${label}`, chunk.column_index_length);
    if (at < 4 || at + length > dataEnd) {
      throw new DataError(`${name}: ${label} has a column index at bytes ${at}–${at + length}, outside the data region (4–${dataEnd}) of this ${byteLength}-byte file`);
    }
  }
  return { path, rowGroup: g, start, end: start + size, codec: String(meta.codec), type: String(meta.type), values, rows: groupRows, flat: info.flat, required: info.required, totalUncompressed, offsetIndex };
}
