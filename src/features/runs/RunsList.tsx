import { updateRun } from '../../runs/history';
import type { RunMeta } from '../../runs/types';
import { useRunsActions } from '../../state/store';
import { runColor } from './compareData';
import { duplicateAsConfig, duplicateWithChanges, exportBundle, exportCsv } from './runActions';
import { RunRow } from './RunRow';
import type { SortKey, SortState } from './runListModel';

const HEADERS: { key: SortKey | null; label: string; title?: string; numeric?: boolean }[] = [
  { key: null, label: 'Compare' },
  { key: 'name', label: 'Run' },
  { key: 'status', label: 'Status' },
  { key: 'iterations', label: 'Iter.', numeric: true },
  { key: 'lambda', label: 'Final λ', numeric: true },
  { key: 'episodeCost', label: 'Cost J_C', title: 'Episode-cost window mean at the end', numeric: true },
  { key: 'reward', label: 'Reward', title: 'Mean reward of the last rollout', numeric: true },
  {
    key: 'helpfulnessChange',
    label: 'Helpful Δ',
    title: 'Last evaluation: win rate vs SFT − 50%',
    numeric: true,
  },
  {
    key: 'safetyChange',
    label: 'Safety Δ',
    title: 'Last evaluation: safe rate − SFT safe rate',
    numeric: true,
  },
  { key: null, label: 'Actions' },
];

interface RunsListProps {
  runs: RunMeta[];
  total: number;
  selected: string[];
  sort: SortState;
  onSort: (key: SortKey) => void;
  onDelete: (run: RunMeta) => void;
}

export function RunsList({ runs, total, selected, sort, onSort, onDelete }: RunsListProps) {
  const { toggleSelected } = useRunsActions();
  return (
    <div className="runs-table-wrap">
      <table className="table runs-table" data-testid="runs-list" data-count={runs.length}>
        <caption>
          {runs.length === total
            ? `${total} run${total === 1 ? '' : 's'}`
            : `${runs.length} of ${total} runs match the filter`}
        </caption>
        <thead>
          <tr>
            {HEADERS.map((header) => {
              const active = header.key !== null && sort.key === header.key;
              return (
                <th
                  key={header.label}
                  scope="col"
                  className={header.numeric ? 'num' : undefined}
                  aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {header.key === null ? (
                    header.label
                  ) : (
                    <button
                      type="button"
                      className="sort-button"
                      title={header.title}
                      onClick={() => onSort(header.key!)}
                    >
                      {header.label}
                      <span aria-hidden="true">{active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const index = selected.indexOf(run.id);
            return (
              <RunRow
                key={run.id}
                run={run}
                selected={index >= 0}
                color={index >= 0 ? runColor(index) : undefined}
                columns={HEADERS.length}
                onToggle={() => toggleSelected(run.id)}
                onSave={(patch) => void updateRun(run.id, patch)}
                onDuplicate={() => duplicateAsConfig(run)}
                onDuplicateWithChanges={() => duplicateWithChanges(run)}
                onExportJson={() => void exportBundle(run)}
                onExportCsv={() => void exportCsv([run])}
                onDelete={() => onDelete(run)}
              />
            );
          })}
          {runs.length === 0 && (
            <tr>
              <td colSpan={HEADERS.length} className="muted runs-empty">
                {total === 0
                  ? 'No runs yet. Start one in the Train area (it is saved here as it trains), or import a run bundle.'
                  : 'No run matches the filter.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
