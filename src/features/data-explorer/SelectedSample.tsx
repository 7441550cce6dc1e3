import { renderResponseVerdicts } from '../models/ResponseVerdicts';
import { SampleDetail } from './SampleDetail';
import { useSelectedRecordId } from './useDataset';

/** The detail view of the explorer's selection (the place other areas' per-response extras plug in). */
export function SelectedSample() {
  const selectedId = useSelectedRecordId();
  if (selectedId === null) {
    return <p className="muted detail-empty">Pick a row (click, or arrow keys and Enter) to see its image, question and both responses.</p>;
  }
  return <SampleDetail recordId={selectedId} renderResponseExtras={renderResponseVerdicts} />;
}
