import { useMemo } from 'react';
import { severityValues } from '../../data/severityLabels';
import { useDataActions, useDataset, useSeverityLabels } from './useDataset';

/**
 * Edit the words shown for raw `image_severity` values. The published scale is undocumented (docs/data.md §3.2), so
 * the default 0 none / 1 minor / 2 moderate / 3 severe is a guess; an empty label shows the raw number.
 */
export function SeverityLabelEditor() {
  const labels = useSeverityLabels();
  const { summary } = useDataset();
  const { setSeverityLabel, resetSeverityLabels } = useDataActions();
  const values = useMemo(
    () => severityValues(labels, Object.keys(summary?.bySeverity ?? {}).map(Number)),
    [labels, summary],
  );
  return (
    <details className="panel severity-editor">
      <summary>Severity labels</summary>
      <p className="muted small">
        BeaverTails-V publishes <code>image_severity</code> as an integer without a documented scale. These words are a
        guess you can change; values without a word show as the number.
      </p>
      <div className="row">
        {values.map((value) => (
          <label className="field severity-label-field" key={value}>
            <span>Severity {value}</span>
            <input
              type="text"
              value={labels[value] ?? ''}
              placeholder={String(value)}
              maxLength={40}
              data-testid={`severity-label-${value}`}
              onChange={(event) => setSeverityLabel(value, event.target.value)}
            />
          </label>
        ))}
        <button type="button" onClick={resetSeverityLabels}>
          Reset to default
        </button>
      </div>
    </details>
  );
}
