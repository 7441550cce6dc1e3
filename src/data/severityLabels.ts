import { DEFAULT_SEVERITY_LABELS } from './record';

/** A configurable map from the raw `image_severity` integer to a word (the published scale is undocumented, docs/data.md §3.2). */
export type SeverityLabelMap = Record<number, string>;

export function defaultSeverityLabels(): SeverityLabelMap {
  return { ...DEFAULT_SEVERITY_LABELS };
}

/** The label for a raw severity; values the map does not name show as the raw number. */
export function severityLabel(labels: SeverityLabelMap, severity: number): string {
  const label = labels[severity]?.trim();
  return label ? label : String(severity);
}

/** Sets or clears (empty text) one entry, kept as typed (trimmed only for display); returns a new map. */
export function withSeverityLabel(labels: SeverityLabelMap, severity: number, label: string): SeverityLabelMap {
  const next = { ...labels };
  if (label.trim()) next[severity] = label.slice(0, 40);
  else delete next[severity];
  return next;
}

/** The severities to offer in editors and filters: the default scale plus every value seen in the data, sorted. */
export function severityValues(labels: SeverityLabelMap, seen: Iterable<number>): number[] {
  const values = new Set<number>([...Object.keys(labels).map(Number), ...seen]);
  return [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}
