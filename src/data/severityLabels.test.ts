import { describe, expect, it } from 'vitest';
import { DEFAULT_SEVERITY_LABELS } from './record';
import { defaultSeverityLabels, severityLabel, severityValues, withSeverityLabel } from './severityLabels';

describe('severity label map', () => {
  it('defaults to the documented guess and returns a copy', () => {
    const labels = defaultSeverityLabels();
    expect(labels).toEqual(DEFAULT_SEVERITY_LABELS);
    labels[1] = 'changed';
    expect(DEFAULT_SEVERITY_LABELS[1]).toBe('minor');
  });

  it('shows unknown values as the raw number', () => {
    const labels = defaultSeverityLabels();
    expect(severityLabel(labels, 3)).toBe('severe');
    expect(severityLabel(labels, 7)).toBe('7');
    expect(severityLabel(labels, -1)).toBe('-1');
  });

  it('sets labels as typed (spaces allowed while typing) and clears them with empty text', () => {
    let labels = withSeverityLabel(defaultSeverityLabels(), 2, 'very ');
    expect(labels[2]).toBe('very ');
    expect(severityLabel(labels, 2)).toBe('very');
    labels = withSeverityLabel(labels, 2, '   ');
    expect(labels[2]).toBeUndefined();
    expect(severityLabel(labels, 2)).toBe('2');
    expect(withSeverityLabel(labels, 5, 'x'.repeat(100))[5]).toHaveLength(40);
  });

  it('offers the labelled values plus every value seen in the data, sorted', () => {
    expect(severityValues(defaultSeverityLabels(), [5, 1, 1])).toEqual([0, 1, 2, 3, 5]);
  });
});
