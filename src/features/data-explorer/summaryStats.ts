import type { DatasetSummary } from '../../data/summary';
import { categoryLabel } from './categoryInfo';
import { severityLabel, type SeverityLabelMap } from '../../data/severityLabels';

export interface CategoryBar {
  category: string;
  label: string;
  rows: number;
}

export interface SeverityBar {
  severity: number;
  label: string;
  rows: number;
}

export interface UnsafeRateBar {
  category: string;
  label: string;
  /** Percent of responses labelled unsafe, 0..100. */
  unsafePercent: number;
  responses: number;
}

/** Rows per category, largest first. */
export function categoryBars(summary: DatasetSummary): CategoryBar[] {
  return Object.entries(summary.byCategory)
    .map(([category, rows]) => ({ category, label: categoryLabel(category), rows }))
    .sort((a, b) => b.rows - a.rows || a.category.localeCompare(b.category));
}

/** The image_severity histogram in severity order, labelled through the configurable map. */
export function severityBars(summary: DatasetSummary, labels: SeverityLabelMap): SeverityBar[] {
  return Object.entries(summary.bySeverity)
    .map(([severity, rows]) => ({ severity: Number(severity), rows }))
    .sort((a, b) => a.severity - b.severity)
    .map(({ severity, rows }) => ({ severity, rows, label: `${severityLabel(labels, severity)} (${severity})` }));
}

/** Unsafe-response rate per category (unsafe / responses), highest first; categories without responses skipped. */
export function unsafeRateBars(summary: DatasetSummary): UnsafeRateBar[] {
  return Object.entries(summary.unsafeByCategory)
    .filter(([, counts]) => counts.responses > 0)
    .map(([category, counts]) => ({
      category,
      label: categoryLabel(category),
      unsafePercent: (100 * counts.unsafe) / counts.responses,
      responses: counts.responses,
    }))
    .sort((a, b) => b.unsafePercent - a.unsafePercent || a.category.localeCompare(b.category));
}
