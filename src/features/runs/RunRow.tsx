import { Fragment, useState } from 'react';
import { PARAMS } from '../../config/params';
import type { RunMeta, RunStatus } from '../../runs/types';
import { formatDate, formatNumber, formatPoints } from './format';
import { RunEditor } from './RunEditor';
import { RunLinkButtons } from './RunLinkButtons';

const STATUS_CLASS: Record<RunStatus, string> = {
  running: 'tag',
  paused: 'tag warn',
  stopped: 'tag',
  finished: 'tag safe',
  failed: 'tag unsafe',
  interrupted: 'tag warn',
};

export interface RunRowProps {
  run: RunMeta;
  selected: boolean;
  /** Colour of the run in the comparison (when selected). */
  color?: string;
  columns: number;
  onToggle: () => void;
  onSave: (patch: Pick<RunMeta, 'name' | 'tags' | 'notes'>) => void;
  onDuplicate: () => void;
  /** Duplicate with the run's live changes scripted at the same iterations (offered when it has some). */
  onDuplicateWithChanges: () => void;
  onExportJson: () => void;
  onExportCsv: () => void;
  onDelete: () => void;
}

export function RunRow(props: RunRowProps) {
  const { run } = props;
  const [editing, setEditing] = useState(false);
  const s = run.summary;
  return (
    <Fragment>
      <tr
        data-testid="run-row"
        data-run-id={run.id}
        data-status={run.status}
        className={props.selected ? 'selected' : undefined}
      >
        <td>
          <input
            type="checkbox"
            data-testid="run-select"
            checked={props.selected}
            onChange={props.onToggle}
            aria-label={`Compare “${run.name}”`}
          />
          {props.color && (
            <span className="run-swatch" style={{ background: props.color }} aria-hidden="true" />
          )}
        </td>
        <td className="run-name-cell">
          <div className="run-name" data-testid="run-name">
            {run.name}
          </div>
          <div className="run-sub">
            {run.source === 'imported' && <span className="tag">imported</span>}
            {(run.configChanges?.length ?? 0) > 0 && (
              <span
                className="tag warn"
                data-testid="run-live-changes"
                title={run
                  .configChanges!.map(
                    (c) =>
                      `after iteration ${c.afterIteration}: ${PARAMS[c.key].label} ${String(c.from)} → ${String(c.to)}`,
                  )
                  .join('\n')}
              >
                {run.configChanges!.length} live change{run.configChanges!.length === 1 ? '' : 's'}
              </span>
            )}
            {run.forkedFrom && (
              <span className="tag" data-testid="run-forked-from">
                forked from “{run.forkedFrom.runName}” at iteration {run.forkedFrom.iteration}
              </span>
            )}
            {run.tags.map((tag) => (
              <span key={tag} className="tag run-tag">
                {tag}
              </span>
            ))}
            <span className="muted">
              {run.config.algorithm} · {run.backend} · {formatDate(run.startedAt)}
            </span>
          </div>
          {run.notes && <div className="run-notes muted">{run.notes}</div>}
        </td>
        <td>
          <span className={STATUS_CLASS[run.status]} title={run.message}>
            {run.status}
          </span>
        </td>
        <td className="num" data-testid="run-iterations">{formatNumber(s.iterations)}</td>
        <td className="num">{formatNumber(s.lambda)}</td>
        <td className="num">{formatNumber(s.episodeCost)}</td>
        <td className="num">{formatNumber(s.reward)}</td>
        <td className="num">{formatPoints(s.helpfulnessChange)}</td>
        <td className="num">{formatPoints(s.safetyChange)}</td>
        <td className="run-actions">
          <button
            type="button"
            aria-expanded={editing}
            onClick={() => setEditing((v) => !v)}
            data-testid="run-edit"
          >
            Edit
          </button>
          <button
            type="button"
            onClick={props.onDuplicate}
            data-testid="run-duplicate"
            title="Load this run's settings into Train"
          >
            Duplicate
          </button>
          {(run.configChanges?.length ?? 0) > 0 && (
            <button
              type="button"
              onClick={props.onDuplicateWithChanges}
              data-testid="run-duplicate-scripted"
              title="Load this run's start settings into Train and make its live changes again at the same iterations"
            >
              Duplicate with changes
            </button>
          )}
          <RunLinkButtons run={run} />
          <button
            type="button"
            onClick={props.onExportJson}
            data-testid="export-json"
            title="Download the run bundle (JSON)"
          >
            JSON
          </button>
          <button
            type="button"
            onClick={props.onExportCsv}
            data-testid="export-csv"
            title="Download all metrics (CSV)"
          >
            CSV
          </button>
          <button
            type="button"
            className="danger"
            onClick={props.onDelete}
            data-testid="run-delete"
            aria-label={`Delete “${run.name}”`}
          >
            Delete
          </button>
        </td>
      </tr>
      {editing && (
        <tr className="run-editor-row">
          <td colSpan={props.columns}>
            <RunEditor
              run={run}
              onCancel={() => setEditing(false)}
              onSave={(patch) => {
                props.onSave(patch);
                setEditing(false);
              }}
            />
          </td>
        </tr>
      )}
    </Fragment>
  );
}
