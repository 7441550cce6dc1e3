import { memo, useId, useState } from 'react';
import type { FieldIssue } from '../../config/schema';
import { useAppStore, useConfig, useConfigActions } from '../../state/store';
import { parseConfigJson } from './configJson';

/**
 * "Edit as JSON" for power users (ConvNetJS style), validated field by field. Read-only on a classroom link, like the
 * preset picker, so a student cannot overwrite the teacher's settings wholesale.
 */
export const ConfigJsonEditor = memo(function ConfigJsonEditor() {
  const config = useConfig();
  const { replace } = useConfigActions();
  const id = useId();
  const locked = useAppStore((s) => s.ui.classroom);
  const [text, setText] = useState<string | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const shown = (locked ? null : text) ?? JSON.stringify(config, null, 2);

  const apply = () => {
    const result = parseConfigJson(shown, config);
    setIssues(result.issues);
    if (result.config) {
      replace(result.config);
      setText(null);
    }
  };

  return (
    <details className="panel json-panel" data-hide-id="train-json">
      <summary>{locked ? 'Config as JSON (read-only)' : 'Edit config as JSON'}</summary>
      <label htmlFor={id} className="sr-only">
        Experiment config (JSON)
      </label>
      <textarea
        id={id}
        className="json-editor"
        spellCheck={false}
        rows={16}
        value={shown}
        readOnly={locked}
        data-testid="train-json-text"
        onChange={(e) => setText(e.target.value)}
      />
      {locked && (
        <p className="muted small" data-testid="train-json-locked">
          Locked: this classroom link sets the teacher’s settings. Individual settings above can still be
          explored.
        </p>
      )}
      {!locked && (
        <div className="row">
          <button
            type="button"
            className="primary"
            data-testid="train-json-apply"
            onClick={apply}
            disabled={text === null}
          >
            Apply JSON
          </button>
          <button
            type="button"
            onClick={() => {
              setText(null);
              setIssues([]);
            }}
            disabled={text === null && issues.length === 0}
          >
            Discard edits
          </button>
        </div>
      )}
      {issues.length > 0 && (
        <div className="error-box" role="alert" data-testid="train-json-errors">
          <p>Nothing was applied; fix these first:</p>
          <ul>
            {issues.map((issue) => (
              <li key={`${issue.field}:${issue.message}`}>
                <code>{issue.field}</code>: {issue.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </details>
  );
});
