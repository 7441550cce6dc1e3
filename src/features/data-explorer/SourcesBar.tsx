import { loadBundledSample } from './dataOperations';
import { DataNotices } from './DataNotices';
import { DataProblems } from './DataProblems';
import { FilePicker } from './FilePicker';
import { LoadProgress } from './LoadProgress';
import { SourceList } from './SourceList';
import { UrlLoader } from './UrlLoader';
import { useDataset } from './useDataset';

/** Row counts, the loaded sources and the ways to add more (files, drag and drop, URL). */
export function SourcesBar() {
  const { summary, loadState } = useDataset();
  const busy = loadState.status === 'loading';
  return (
    <section className="panel sources-bar" aria-labelledby="sources-heading">
      <div className="sources-head">
        <h2 id="sources-heading">Dataset</h2>
        <div className="stats">
          <div className="stat">
            <span className="value" data-testid="dataset-row-count">
              {summary?.rows ?? 0}
            </span>
            <span className="label">rows</span>
          </div>
          <div className="stat">
            <span className="value">{summary?.pairs ?? 0}</span>
            <span className="label">preference pairs</span>
          </div>
          <div className="stat">
            <span className="value" data-testid="dataset-contradictory">
              {summary?.contradictory ?? 0}
            </span>
            <span className="label" title="Pairs whose “safer” label contradicts the safety labels or ratings; kept and shown, never trained on (docs/data.md §7).">
              contradictory pairs
            </span>
          </div>
          {Object.entries(summary?.bySplit ?? {}).map(([split, count]) => (
            <div className="stat" key={split}>
              <span className="value" data-testid={`split-count-${split}`}>
                {count}
              </span>
              <span className="label" title={split === 'unknown' ? 'Rows of files whose name did not say train or evaluation: no training or evaluation uses them until you choose a split below.' : undefined}>
                {split === 'unknown' ? 'unknown split (unused)' : split}
              </span>
            </div>
          ))}
        </div>
      </div>
      {loadState.status === 'error' && (
        <p className="error-box">No data is loaded: {loadState.message}</p>
      )}
      {summary !== null && <SourceList sources={summary.sources} busy={busy} />}
      {loadState.status === 'idle' && summary === null && <p className="muted">Starting the data worker…</p>}
      {!busy && (summary !== null || loadState.status === 'error') && !summary?.sources.some((s) => s.kind === 'sample') && (
        <button type="button" onClick={() => void loadBundledSample()} data-testid="dataset-load-sample">
          Load the bundled synthetic sample
        </button>
      )}
      <div className="add-data">
        <FilePicker />
        <UrlLoader busy={busy} />
      </div>
      <LoadProgress loadState={loadState} />
      <DataProblems />
      <DataNotices sources={summary?.sources ?? []} />
    </section>
  );
}
