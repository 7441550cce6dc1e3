import type { SourceSummary } from '../../data/summary';
import type { Split } from '../../data/record';
import { removeSource, setSourceSplit } from './dataOperations';

const KIND_LABELS: Record<SourceSummary['kind'], string> = {
  sample: 'synthetic sample',
  parquet: 'Parquet',
  'rows-json': 'dataset-viewer JSON',
  jsonl: 'JSON Lines',
};

const SPLIT_CHOICES: { value: Split; label: string }[] = [
  { value: 'unknown', label: 'unknown: not used' },
  { value: 'train', label: 'train' },
  { value: 'evaluation', label: 'evaluation' },
];

/**
 * A file's split: the bundled sample's own, or a choice for loaded files. Rows of an 'unknown' split are used by no
 * training or evaluation (every trainer picks the train or evaluation split), and the cell says so.
 */
function SplitCell({ source, busy }: { source: SourceSummary; busy: boolean }) {
  if (source.kind === 'sample' || source.split === 'mixed') return <>{source.split === 'mixed' ? 'train + evaluation' : source.split}</>;
  return (
    <div className="split-cell">
      <select
        value={source.split}
        disabled={busy}
        aria-label={`Split of ${source.name}`}
        data-testid="source-split"
        onChange={(e) => void setSourceSplit(source.id, e.target.value as Split)}
      >
        {SPLIT_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <span className="split-use muted small" data-testid="source-split-use">
        {source.split === 'unknown'
          ? 'No model trains or evaluates on these rows; choose train or evaluation to use them.'
          : source.split === 'train'
            ? 'Used to train the reward, cost and guard models, SFT and PPO prompts.'
            : 'Held out: used to evaluate the models and (by default) PPO’s generations.'}
      </span>
    </div>
  );
}

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
            <td>
              <SplitCell source={source} busy={busy} />
            </td>
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
