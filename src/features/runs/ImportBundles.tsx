import { useId, useState, type ChangeEvent } from 'react';
import { importBundleFiles, type ImportResult } from '../../runs/history';

/** The import button: run bundles (JSON), several at once. */
export function ImportBundles({ onResult }: { onResult: (result: ImportResult) => void }) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const onChange = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const files = Array.from(input.files ?? []);
    if (files.length === 0) return;
    setBusy(true);
    try {
      onResult(await importBundleFiles(files));
    } finally {
      setBusy(false);
      input.value = ''; // the same file can be picked again
    }
  };
  return (
    <div className="runs-import">
      <label htmlFor={id} className="file-button">
        {busy ? 'Importing…' : 'Import run bundles (.json)'}
      </label>
      <input
        id={id}
        className="visually-hidden-file"
        type="file"
        multiple
        accept=".json,application/json"
        data-testid="import-bundle-input"
        disabled={busy}
        onChange={(event) => void onChange(event)}
      />
    </div>
  );
}

/** What an import did: the runs added, each bad file with its problem (nothing stored was touched), warnings. */
export function ImportResultView({ result, onDismiss }: { result: ImportResult; onDismiss: () => void }) {
  return (
    <div className="runs-import-result" data-testid="import-result" role="status">
      <div>
        {result.imported.length > 0 && (
          <p>
            Imported {result.imported.length} run{result.imported.length === 1 ? '' : 's'}:{' '}
            {result.imported.map((run) => `“${run.name}”`).join(', ')}.
          </p>
        )}
        {result.errors.length > 0 && (
          <div className="error-box" data-testid="import-errors">
            {result.errors.map((message, i) => (
              <p key={i}>{message}</p>
            ))}
          </div>
        )}
        {result.warnings.length > 0 && (
          <ul className="muted runs-import-warnings">
            {result.warnings.map((message, i) => (
              <li key={i}>{message}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="link-button" aria-label="Dismiss import messages" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
