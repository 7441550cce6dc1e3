import { useId, useState, type ChangeEvent } from 'react';
import type { ModelKind } from '../../models/types';
import { exportModel, importModel, loadFromBrowser, loadPretrained, saveToBrowser } from './modelsClient';
import { useModels } from './useModels';

/** Load pretrained, save/load in this browser, export/import files. */
export function ModelFiles() {
  const { status, job, busy, message } = useModels();
  const [kind, setKind] = useState<ModelKind>('reward');
  const kindId = useId();
  const fileId = useId();
  const disabled = job !== null || busy !== null;
  const hasAny = Boolean(status?.reward || status?.cost || status?.guard);
  const onFiles = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (files.length > 0) void importModel(kind, files);
  };
  return (
    <section className="panel" aria-labelledby="model-files-heading">
      <h2 id="model-files-heading">Weights</h2>
      <div className="row">
        <button type="button" data-testid="load-pretrained" disabled={disabled} onClick={() => void loadPretrained()}>
          Load pretrained
        </button>
        <button type="button" data-testid="save-models-idb" disabled={disabled || !hasAny} onClick={() => void saveToBrowser()}>
          Save in this browser
        </button>
        <button type="button" data-testid="load-models-idb" disabled={disabled} onClick={() => void loadFromBrowser()}>
          Load from this browser
        </button>
      </div>
      <div className="row">
        <label htmlFor={kindId}>Model</label>
        <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as ModelKind)} data-testid="file-model-kind">
          <option value="reward">reward</option>
          <option value="cost">cost</option>
          <option value="guard">guard</option>
        </select>
        <button type="button" data-testid="export-model" disabled={disabled || !status?.[kind]} onClick={() => void exportModel(kind)}>
          Export files
        </button>
        <input
          id={fileId}
          type="file"
          multiple
          accept=".json,.bin"
          className="visually-hidden-file"
          data-testid="import-model"
          disabled={disabled}
          onChange={onFiles}
        />
        <label htmlFor={fileId} className="button-like">
          Import files (.json + .bin)
        </label>
      </div>
      {busy && (
        <p className="small muted" role="status">
          {busy}…
        </p>
      )}
      {message && (
        <p className={message.level === 'error' ? 'error-box' : 'small muted'} role={message.level === 'error' ? 'alert' : 'status'} data-testid="models-message">
          {message.text}
        </p>
      )}
      {status && <p className="muted small">Shared vocabulary: {status.vocabularySize.toLocaleString()} tokens.</p>}
    </section>
  );
}
