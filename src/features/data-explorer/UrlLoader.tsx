import { useId, useState, type FormEvent } from 'react';
import { loadUrl } from './dataOperations';
import { urlProblem } from './urlCheck';

const EXAMPLE_URL =
  'https://huggingface.co/datasets/saferlhf-v/BeaverTails-V/resolve/main/data/animal_abuse/evaluation.parquet';

/** Load a Parquet / JSON file from a URL, e.g. a hub evaluation file (range requests; hundreds of MB for train). */
export function UrlLoader({ busy }: { busy: boolean }) {
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = urlProblem(text);
    setProblem(found);
    if (!found) void loadUrl(text);
  };

  return (
    <form className="field url-loader" onSubmit={submit} noValidate>
      <label htmlFor={id}>Load from URL</label>
      <div className="row tight">
        <input
          id={id}
          type="url"
          inputMode="url"
          placeholder={EXAMPLE_URL}
          value={text}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          data-testid="dataset-url-input"
          onChange={(event) => {
            setText(event.target.value);
            setProblem(null);
          }}
        />
        <button type="submit" disabled={busy} data-testid="dataset-url-load">
          Load
        </button>
      </div>
      {problem ? (
        <span id={`${id}-problem`} className="field-error" role="alert">
          {problem}
        </span>
      ) : (
        <span className="muted hint">
          Hub files: <code>…/datasets/&lt;repo&gt;/resolve/main/data/&lt;category&gt;/evaluation.parquet</code>. Train
          files are hundreds of MB.
        </span>
      )}
    </form>
  );
}
