import { useId, useRef } from 'react';
import { loadFiles } from './dataOperations';

export const ACCEPTED_EXTENSIONS = '.parquet,.json,.jsonl';

/** "Add files": Parquet (either BeaverTails-V variant), dataset-viewer /rows JSON or JSON Lines. */
export function FilePicker() {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="field file-picker">
      <label htmlFor={id}>Add files (.parquet, .json, .jsonl)</label>
      <input
        ref={input}
        id={id}
        type="file"
        multiple
        accept={ACCEPTED_EXTENSIONS}
        data-testid="dataset-file-input"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          // Clear so choosing the same file again (after fixing it) fires a change event.
          if (input.current) input.current.value = '';
          void loadFiles(files);
        }}
      />
      <span className="muted hint">or drop files anywhere on this page. Files stay in your browser.</span>
    </div>
  );
}
