/**
 * Agreement between the guard and the dataset's labels: per-class precision / recall / F1, confusion matrices and
 * accuracy from (label, prediction) lists, plus the CSV of flagged rows. Pure and main-thread safe.
 *
 *   precision_c = TP_c / (TP_c + FP_c)   (null when the guard never predicted c)
 *   recall_c    = TP_c / (TP_c + FN_c)   (null when no row is labelled c)
 *   F1_c        = 2·P·R / (P + R)
 */
import { toCsv } from '../util/csv';

export interface ClassMetrics {
  name: string;
  /** Rows labelled with this class. */
  support: number;
  /** Rows predicted as this class. */
  predicted: number;
  truePositives: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface ClassificationReport {
  classes: ClassMetrics[];
  /** confusion[label][prediction]: row = dataset label, column = guard prediction. */
  confusion: number[][];
  total: number;
  correct: number;
  /** null when there are no rows. */
  accuracy: number | null;
  /** Unweighted mean over classes where the metric is defined. */
  macroPrecision: number | null;
  macroRecall: number | null;
  /** Pairs skipped because a label or prediction was outside 0..classes−1 (e.g. an unknown category). */
  skipped: number;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

function meanDefined(values: (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length ? defined.reduce((s, v) => s + v, 0) / defined.length : null;
}

/** Labels and predictions are class indices into `classNames`; out-of-range pairs are counted in `skipped`. */
export function classificationReport(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  classNames: readonly string[],
): ClassificationReport {
  if (labels.length !== predictions.length) {
    throw new Error(`Got ${labels.length} labels but ${predictions.length} predictions.`);
  }
  const k = classNames.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let skipped = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    const prediction = predictions[i];
    const valid = (c: number) => Number.isInteger(c) && c >= 0 && c < k;
    if (!valid(label) || !valid(prediction)) {
      skipped++;
      continue;
    }
    confusion[label][prediction]++;
  }
  let total = 0;
  let correct = 0;
  const classes = classNames.map((name, c) => {
    const support = confusion[c].reduce((s, v) => s + v, 0);
    const predicted = confusion.reduce((s, row) => s + row[c], 0);
    const truePositives = confusion[c][c];
    total += support;
    correct += truePositives;
    const precision = ratio(truePositives, predicted);
    const recall = ratio(truePositives, support);
    const f1 =
      precision === null || recall === null
        ? null
        : precision + recall > 0
          ? (2 * precision * recall) / (precision + recall)
          : 0;
    return { name, support, predicted, truePositives, precision, recall, f1 };
  });
  return {
    classes,
    confusion,
    total,
    correct,
    accuracy: ratio(correct, total),
    macroPrecision: meanDefined(classes.map((c) => c.precision)),
    macroRecall: meanDefined(classes.map((c) => c.recall)),
    skipped,
  };
}

/** A response (or a question alone) the guard flagged during batch moderation. */
export interface FlaggedRow {
  recordId: string;
  split: string;
  category: string;
  imageSeverity: number;
  /** 0-based response index; null for the question alone. */
  responseIndex: number | null;
  question: string;
  response: string | null;
  /** Dataset label (is_response_safe); null for the question alone. */
  labelSafe: boolean | null;
  unsafeProb: number;
  severity: string;
  topCategory: string;
  topCategoryProb: number;
}

export const FLAGGED_CSV_HEADER = [
  'record_id',
  'split',
  'category',
  'image_severity',
  'response_index',
  'question',
  'response',
  'dataset_is_safe',
  'guard_unsafe_prob',
  'guard_severity',
  'guard_top_category',
  'guard_top_category_prob',
] as const;

export function flaggedRowsCsv(rows: readonly FlaggedRow[]): string {
  return toCsv(
    FLAGGED_CSV_HEADER,
    rows.map((r) => [
      r.recordId,
      r.split,
      r.category,
      r.imageSeverity,
      r.responseIndex === null ? '' : r.responseIndex + 1,
      r.question,
      r.response,
      r.labelSafe === null ? '' : r.labelSafe ? 'yes' : 'no',
      Number(r.unsafeProb.toFixed(4)),
      r.severity,
      r.topCategory,
      Number(r.topCategoryProb.toFixed(4)),
    ]),
  );
}
