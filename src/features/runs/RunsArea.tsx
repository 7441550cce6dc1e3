import { useCallback, useId, useMemo, useState } from 'react';
import { deleteRun, restoreRun, type ImportResult } from '../../runs/history';
import type { RunMeta, RunRecord } from '../../runs/types';
import { useRuns } from '../../state/store';
import { ComparePanel } from './ComparePanel';
import { ImportBundles, ImportResultView } from './ImportBundles';
import { exportCsv, exportSummaryCsv } from './runActions';
import { filterRuns, nextSort, sortRuns, type SortKey, type SortState } from './runListModel';
import { RunsList } from './RunsList';
import { ScaleOutPanel } from './ScaleOutPanel';
import { UndoToast } from './UndoToast';
import './runs.css';

/** Run history: every PPO run saved as it trains; compare, export, import, duplicate. */
export function RunsArea() {
  const { list, state, error, selected } = useRuns();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortState>({ key: 'seq', direction: 'desc' });
  const [deleted, setDeleted] = useState<RunRecord | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const filterId = useId();
  const visible = useMemo(() => sortRuns(filterRuns(list, query), sort), [list, query, sort]);
  const selectedRuns = useMemo(
    () =>
      selected
        .map((id) => list.find((run) => run.id === id))
        .filter((run): run is RunMeta => run !== undefined),
    [selected, list],
  );
  const onDelete = async (run: RunMeta) => {
    const record = await deleteRun(run.id);
    if (record) setDeleted(record);
  };
  const expire = useCallback(() => setDeleted(null), []);

  return (
    <div className="runs-area">
      <section className="panel" aria-labelledby="runs-heading">
        <div className="runs-head">
          <h2 id="runs-heading">Runs</h2>
          <p className="muted">
            Every PPO run is saved in this browser as it trains (every ~2 s), so a reload keeps it. Links
            share settings only; bundles carry the metrics.
          </p>
        </div>
        <div className="row runs-toolbar">
          <label className="field runs-filter" htmlFor={filterId}>
            <span>Filter</span>
            <input
              id={filterId}
              type="search"
              data-testid="runs-filter"
              placeholder="name, tag, note, algorithm, status…"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          </label>
          <ImportBundles onResult={setImported} />
          <button
            type="button"
            data-testid="export-selected-csv"
            disabled={selectedRuns.length === 0}
            onClick={() => void exportCsv(selectedRuns)}
          >
            Export picked as CSV
          </button>
          <button
            type="button"
            data-testid="export-selected-summary-csv"
            disabled={selectedRuns.length === 0}
            onClick={() => void exportSummaryCsv(selectedRuns)}
            title="One row per run (per seed for a group), the runner's summary.csv columns: last-10 and last-50 means, the last evaluation, maxOvershoot, timeAboveLimit, cumulativeViolation, feasibility"
          >
            Export picked summary (CSV)
          </button>
        </div>
        {imported && <ImportResultView result={imported} onDismiss={() => setImported(null)} />}
        {state === 'loading' && <p className="muted">Loading runs…</p>}
        {error && <div className="error-box">{error}</div>}
        <RunsList
          runs={visible}
          total={list.length}
          selected={selected}
          sort={sort}
          onSort={(key: SortKey) => setSort((old) => nextSort(old, key))}
          onDelete={(run) => void onDelete(run)}
        />
      </section>
      <ComparePanel selected={selectedRuns} visible={visible} />
      <ScaleOutPanel />
      {deleted && (
        <UndoToast
          message={`Deleted “${deleted.name}”.`}
          onExpire={expire}
          onUndo={() => {
            void restoreRun(deleted);
            setDeleted(null);
          }}
        />
      )}
    </div>
  );
}
