// Validation and normalisation of raw BeaverTails-V rows (either published variant) into SampleRecord
// (docs/data.md §2). One zod schema per variant; conversions happen here once: "1"/"2" → 1 | 2, "yes"/"no" → boolean,
// INT64 BigInt → number. Errors name the file, row, field and value.
// First: zod's jitless mode before this module builds its schemas (whichever chunk the bundler puts it in).
import '../util/zodJitless';
import * as z from 'zod';
import type { ImageRef, ResponseRecord, SampleRecord, Split } from './record';
import { errorText } from '../util/errorText';

export type Variant = 'pairs' | 'single';

export const PAIR_FIELDS = [
  'question', 'image', 'category', 'image_severity', 'response_1', 'response_2', 'response_1_from', 'response_2_from',
  'more_helpful_response_id', 'safer_response_id', 'is_response_1_safe', 'is_response_2_safe',
  'response_1_harmless_rate', 'response_2_harmless_rate', 'response_1_helpful_rate', 'response_2_helpful_rate',
] as const;
export const SINGLE_FIELDS = ['question', 'image', 'category', 'image_severity', 'response', 'is_response_safe'] as const;
/** Fields a row may lack: `*_from` is not needed for training; without `image` records load text-only. */
const OPTIONAL_FIELDS = new Set(['response_1_from', 'response_2_from', 'image']);

/** Thrown for bad input; the message is shown to the user as is. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** Decides the variant from the column names, or explains what is missing. */
export function detectVariant(columns: readonly string[], file: string): Variant {
  const present = new Set(columns);
  const missingPair = PAIR_FIELDS.filter((f) => !present.has(f) && !OPTIONAL_FIELDS.has(f));
  if (missingPair.length === 0) return 'pairs';
  const missingSingle = SINGLE_FIELDS.filter((f) => !present.has(f) && !OPTIONAL_FIELDS.has(f));
  if (missingSingle.length === 0) return 'single';
  // Report against the variant the file is closer to.
  const pairLike = present.has('response_1') || present.has('response_2') || !present.has('response');
  const missing = pairLike ? missingPair : missingSingle;
  return fail(
    `${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} ` +
      `(expected the BeaverTails-V ${pairLike ? 'preference-pair' : 'single-response'} schema; found ${columns.map((c) => `"${c}"`).join(', ') || 'no columns'})`,
  );
}

function fail(message: string): never {
  throw new DataError(message);
}

/** INT64 columns arrive as BigInt from hyparquet; everything numeric becomes a plain number first. */
const bigintToNumber = (value: unknown) => (typeof value === 'bigint' ? Number(value) : value);
const intIn = (min: number, max: number) =>
  z.preprocess(bigintToNumber, z.number().int().min(min).max(max));
const responseId = z.preprocess(bigintToNumber, z.union([z.literal('1'), z.literal('2'), z.literal(1), z.literal(2)])).transform((v) => Number(v) as 1 | 2);
const yesNo = z.union([z.literal('yes'), z.literal('no'), z.boolean()]).transform((v) => v === true || v === 'yes');
// String columns written without a UTF8 annotation come back as bytes under `utf8: false`; decode them here.
const utf8 = new TextDecoder();
const bytesToString = (value: unknown) => (value instanceof Uint8Array ? utf8.decode(value) : value);
const text = z.preprocess(bytesToString, z.string());
const optionalText = z.preprocess(bytesToString, z.string().nullish()).transform((v) => v ?? undefined);
const severity = z.preprocess(bigintToNumber, z.number().int());

const pairSchema = z.object({
  question: text,
  category: text,
  image_severity: severity,
  response_1: text,
  response_2: text,
  response_1_from: optionalText,
  response_2_from: optionalText,
  more_helpful_response_id: responseId,
  safer_response_id: responseId,
  is_response_1_safe: yesNo,
  is_response_2_safe: yesNo,
  response_1_harmless_rate: intIn(-3, 3),
  response_2_harmless_rate: intIn(-3, 3),
  response_1_helpful_rate: intIn(0, 3),
  response_2_helpful_rate: intIn(0, 3),
});

const singleSchema = z.object({
  question: text,
  category: text,
  image_severity: severity,
  response: text,
  is_response_safe: yesNo,
});

const EXPECTED: Record<string, string> = {
  question: 'a string',
  category: 'a string',
  response: 'a string',
  response_1: 'a string',
  response_2: 'a string',
  response_1_from: 'a string or null',
  response_2_from: 'a string or null',
  image_severity: 'an integer',
  more_helpful_response_id: '"1" or "2"',
  safer_response_id: '"1" or "2"',
  is_response_1_safe: '"yes" or "no"',
  is_response_2_safe: '"yes" or "no"',
  is_response_safe: '"yes" or "no"',
  response_1_harmless_rate: 'an integer in −3..3',
  response_2_harmless_rate: 'an integer in −3..3',
  response_1_helpful_rate: 'an integer in 0..3',
  response_2_helpful_rate: 'an integer in 0..3',
};

/** A value as it appears in an error message: short, and BigInt-safe. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'bigint') return `${value}`;
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  return shown.length > 60 ? `${shown.slice(0, 57)}…` : shown;
}

export interface RowContext {
  file: string;
  sourceId: string;
  /** The file within a multi-file source (the bundled sample); record ids are `${partId ?? sourceId}:${row}`. */
  partId?: string;
  /** Row number within the file (0-based); shown 0-based as "row N". */
  row: number;
  split: Split;
  image: ImageRef;
  truncated?: boolean;
}

/** Pair-level contradictions (docs/data.md §7): rate/label mismatch, or "safer" that the labels or rates contradict. */
export function isContradictory(responses: ResponseRecord[], safer: 1 | 2): boolean {
  if (responses.some((r) => r.harmlessRate !== undefined && r.harmlessRate >= 0 !== r.isSafe)) return true;
  const s = responses[safer - 1];
  const o = responses[2 - safer];
  if (!s.isSafe && o.isSafe) return true;
  return s.harmlessRate !== undefined && o.harmlessRate !== undefined && s.harmlessRate < o.harmlessRate;
}

/** Validates one raw row and returns the normalised record; throws DataError naming file, row, field and value. */
export function normalizeRow(raw: Record<string, unknown>, variant: Variant, context: RowContext): SampleRecord {
  const where = `${context.file}, row ${context.row}`;
  const result = (variant === 'pairs' ? pairSchema : singleSchema).safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = String(issue.path[0] ?? '?');
    fail(`${where}: field "${field}" has value ${showValue(raw[field])}; expected ${EXPECTED[field] ?? issue.message}`);
  }
  const base = {
    id: `${context.partId ?? context.sourceId}:${context.row}`,
    sourceId: context.sourceId,
    row: context.row,
    split: context.split,
    image: context.image,
    ...(context.truncated ? { truncated: true } : {}),
  };
  if (variant === 'single') {
    const r = result.data as z.infer<typeof singleSchema>;
    return {
      ...base,
      question: r.question,
      category: r.category,
      imageSeverity: r.image_severity,
      responses: [{ text: r.response, isSafe: r.is_response_safe }],
      contradictory: false,
    };
  }
  const r = result.data as z.infer<typeof pairSchema>;
  const responses: ResponseRecord[] = [
    { text: r.response_1, from: r.response_1_from, isSafe: r.is_response_1_safe, harmlessRate: r.response_1_harmless_rate, helpfulRate: r.response_1_helpful_rate },
    { text: r.response_2, from: r.response_2_from, isSafe: r.is_response_2_safe, harmlessRate: r.response_2_harmless_rate, helpfulRate: r.response_2_helpful_rate },
  ];
  for (const response of responses) if (response.from === undefined) delete response.from;
  return {
    ...base,
    question: r.question,
    category: r.category,
    imageSeverity: r.image_severity,
    responses,
    moreHelpful: r.more_helpful_response_id,
    safer: r.safer_response_id,
    contradictory: isContradictory(responses, r.safer_response_id),
  };
}

/** Collects per-row errors without failing the whole file; reports the first few and a count. */
export class RowErrors {
  readonly messages: string[] = [];
  count = 0;

  add(error: unknown): void {
    this.count++;
    if (this.messages.length < 5) this.messages.push(errorText(error));
  }

  summary(file: string): string | null {
    if (this.count === 0) return null;
    const more = this.count > this.messages.length ? ` (and ${this.count - this.messages.length} more)` : '';
    return `${file}: ${this.count} row${this.count > 1 ? 's' : ''} rejected${more}. ${this.messages.join(' ')}`;
  }
}
