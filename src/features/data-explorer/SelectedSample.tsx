import { renderResponseVerdicts } from '../models/ResponseVerdicts';
import { SampleDetail } from './SampleDetail';
import { useDataActions, useSelectedRecordId } from './useDataset';

/** The detail view of the explorer's selection (the place other areas' per-response extras plug in). */
export function SelectedSample({ hiddenByFilters = false }: { hiddenByFilters?: boolean }) {
  const selectedId = useSelectedRecordId();
  const { select, resetFilters } = useDataActions();
  if (selectedId !== null && hiddenByFilters) {
    return (
      <div className="detail-empty" data-testid="selection-hidden" role="status">
        <p>The sample you had open is not among the rows the current filters show, so it is closed here.</p>
        <div className="row tight">
          <button type="button" className="small" onClick={resetFilters}>
            Clear filters to see it again
          </button>
          <button type="button" className="small" onClick={() => select(null)}>
            Close
          </button>
        </div>
      </div>
    );
  }
  if (selectedId === null) {
    return <p className="muted detail-empty">Pick a row (click, or arrow keys and Enter) to see its image, question and both responses.</p>;
  }
  return <SampleDetail recordId={selectedId} renderResponseExtras={renderResponseVerdicts} />;
}
