import type { SourceSummary } from '../../data/summary';
import { removeSource } from './dataOperations';

const KIND_LABELS: Record<SourceSummary['kind'], string> = {
  sample: 'synthetic sample',
  parquet: 'Parquet',
  'rows-json': 'dataset-viewer JSON',
  jsonl: 'JSON Lines',
};

/** The loaded sources with their row counts, variant, split and warnings; each can be removed. */
export function SourceList({ sources, busy }: { sources: SourceSummary[]; busy: boolean }) {
  if (sources.length === 0) return <p className="muted">No data loaded yet.</p>;
  return (
    <table className="table compact source-list" data-testid="dataset-sources">
      <caption>Loaded sources</caption>
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Kind</th>
          <th scope="col">Variant</th>
          <th scope="col">Split</th>
          <th scope="col" className="num">
            Rows
          </th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sources.map((source) => (
          <tr key={source.id}>
            <td className="source-name" title={source.name}>
              {source.name}
              {source.warnings.map((warning, i) => (
                <span key={i} className="tag warn source-warning" title={warning}>
                  ⚠ {warning}
                </span>
              ))}
            </td>
            <td>{KIND_LABELS[source.kind] ?? source.kind}</td>
            <td>{source.variant === 'pairs' ? 'preference pairs' : 'single responses'}</td>
            <td>{source.split}</td>
            <td className="num">{source.rows.toLocaleString()}</td>
            <td>
              <button
                type="button"
                className="danger"
                disabled={busy}
                aria-label={`Remove ${source.name}`}
                onClick={() => void removeSource(source.id)}
              >
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
