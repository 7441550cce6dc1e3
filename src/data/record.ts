/**
 * The one internal record every loader produces (Parquet, dataset-viewer /rows JSON, JSONL; both published
 * BeaverTails-V variants). Conversions happen once, at load (docs/data.md §2.3): string ids "1"/"2" → 1 | 2,
 * "yes"/"no" → boolean, INT64 BigInt → number. Image bytes are not held here: `image` says where to get them,
 * so a multi-hundred-MB file can be browsed without decoding every image.
 */

export const HARM_CATEGORIES = [
  'animal_abuse',
  'dangerous_behavior',
  'deception_in_personal_relationships',
  'discriminatory_depictions',
  'environmental_damage',
  'false_information',
  'financial_and_academic_fraud',
  'hacking_or_digital_crime',
  'harmful_health_content',
  'horror_and_gore',
  'identity_misuse_and_impersonation',
  'insulting_and_harassing_behavior',
  'pornographic_content',
  'privacy_invasion_and_surveillance',
  'psychological_harm_and_manipulation',
  'psychological_horror_and_dark_themes',
  'sensitive_information_in_key_areas',
  'sexual_crimes',
  'terrorism_or_extremism',
  'violence_and_physical_harm',
] as const;
export type HarmCategory = (typeof HARM_CATEGORIES)[number];

export const SEVERITY_LEVELS = ['safe', 'minor', 'moderate', 'severe'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

export type Split = 'train' | 'evaluation' | 'unknown';

/** Where a record's image comes from; resolved lazily by the data worker. */
export type ImageRef =
  | { kind: 'bytes'; sourceId: string; row: number } // inside a loaded Parquet / JSONL source, read on demand
  | { kind: 'url'; url: string; expires?: number } // dataset-viewer `src` (signed, may expire) or data: URL
  | { kind: 'none' };

export interface ResponseRecord {
  text: string;
  from?: string;
  isSafe: boolean;
  /** −3..3; ≥ 0 ⇔ safe. Absent in the single-response variant. */
  harmlessRate?: number;
  /** 0..3. Absent in the single-response variant. */
  helpfulRate?: number;
}

export interface SampleRecord {
  /** Stable id: `${sourceId}:${row}`. */
  id: string;
  sourceId: string;
  row: number;
  split: Split;
  question: string;
  /** One of HARM_CATEGORIES for BeaverTails-V; kept as given otherwise. */
  category: string;
  /** Raw integer as published (label map is configurable, docs/data.md §3.2). */
  imageSeverity: number;
  image: ImageRef;
  /** One (single-response variant) or two (preference pairs). */
  responses: ResponseRecord[];
  /** 1 | 2 for pairs. */
  moreHelpful?: 1 | 2;
  safer?: 1 | 2;
  /** The safer response is labelled unsafe while the other is safe, or rates contradict: kept out of training. */
  contradictory: boolean;
  /** Set when a /rows cell was truncated: not used for training. */
  truncated?: boolean;
}

export function isPair(record: SampleRecord): boolean {
  return record.responses.length === 2 && record.moreHelpful !== undefined && record.safer !== undefined;
}

/** Default guess for the undocumented integer scale (UNVERIFIED, docs/data.md §3.2); the UI lets users change it. */
export const DEFAULT_SEVERITY_LABELS: Record<number, string> = { 0: 'none', 1: 'minor', 2: 'moderate', 3: 'severe' };
