import { useMemo } from 'react';
import { FilterBar } from './FilterBar';
import { RecordList } from './RecordList';
import { SelectedSample } from './SelectedSample';
import { SeverityLabelEditor } from './SeverityLabelEditor';
import { SourcesBar } from './SourcesBar';
import { SummaryCharts } from './SummaryCharts';
import { useDataActions, useDataFilters, useDataset, useSelectedRecordId, useSeverityLabels } from './useDataset';
import { useFileDrop } from './useFileDrop';
import { useFilteredIndex } from './useFilteredIndex';
import './dataExplorer.css';

/** The Data area: sources, filters, the virtualised sample list, the detail view and summary charts. */
export function DataArea() {
  const dragging = useFileDrop();
  const { summary, index } = useDataset();
  const filters = useDataFilters();
  const labels = useSeverityLabels();
  const selectedId = useSelectedRecordId();
  const { select } = useDataActions();
  const { rows, searching } = useFilteredIndex(index, filters);
  // The open sample stays open only while the list shows it (a search still running hides nothing yet).
  const selectionHidden = useMemo(
    () => selectedId !== null && !searching && !rows.some((row) => row.id === selectedId),
    [selectedId, searching, rows],
  );

  return (
    <div className="data-explorer">
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop Parquet, JSON or JSONL files to add them
        </div>
      )}
      <SourcesBar />
      <div className="explorer-layout">
        <section className="panel explorer-list" aria-label="Samples">
          <FilterBar index={index} sources={summary?.sources ?? []} shown={rows.length} searching={searching} />
          <RecordList rows={rows} selectedId={selectedId} labels={labels} onOpen={select} />
        </section>
        <section className="panel explorer-detail" aria-label="Selected sample">
          <SelectedSample hiddenByFilters={selectionHidden} />
        </section>
      </div>
      {summary && summary.rows > 0 && <SummaryCharts summary={summary} />}
      <SeverityLabelEditor />
    </div>
  );
}
