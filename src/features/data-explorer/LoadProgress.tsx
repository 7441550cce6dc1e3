import type { DataLoadState } from '../../state/slices/dataSlice';
import { cancelLoad } from './dataOperations';

/** The running load's message, a progress bar (indeterminate until the worker knows the size) and Cancel. */
export function LoadProgress({ loadState }: { loadState: DataLoadState }) {
  if (loadState.status !== 'loading') return null;
  const percent = loadState.progress === null ? null : Math.round(Math.min(1, Math.max(0, loadState.progress)) * 100);
  return (
    <div className="load-progress" data-testid="dataset-loading" role="status" aria-live="polite">
      <div className="row tight">
        <span>{loadState.message}</span>
        {percent !== null && <span className="muted">{percent}%</span>}
        <button type="button" onClick={() => void cancelLoad()} data-testid="dataset-cancel">
          Cancel
        </button>
      </div>
      <div
        className={percent === null ? 'progress indeterminate' : 'progress'}
        role="progressbar"
        aria-label={`Loading ${loadState.what}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        <div style={{ width: percent === null ? '30%' : `${percent}%` }} />
      </div>
    </div>
  );
}
