import { useId, useState, type FormEvent } from 'react';
import { MAX_DOWNLOAD_LIMIT_MB } from '../../data/downloadLimits';
import { useAppStore } from '../../state/store';
import { loadUrl } from './dataOperations';
import { urlProblem } from './urlCheck';

const EXAMPLE_URL =
  'https://huggingface.co/datasets/saferlhf-v/BeaverTails-V/resolve/main/data/animal_abuse/evaluation.parquet';

/** Load a Parquet / JSON file from a URL, e.g. a hub evaluation file (range requests; hundreds of MB for train). */
export function UrlLoader({ busy }: { busy: boolean }) {
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const limitMb = useAppStore((s) => s.data.downloadLimitMb);
  const setLimit = useAppStore((s) => s.dataActions.setDownloadLimit);
  const [limitText, setLimitText] = useState(String(limitMb));
  const limitValue = Number(limitText);
  const limitProblem =
    /^\d+$/.test(limitText.trim()) && limitValue >= 1 && limitValue <= MAX_DOWNLOAD_LIMIT_MB
      ? null
      : `Download limit: a whole number of MB from 1 to ${MAX_DOWNLOAD_LIMIT_MB.toLocaleString('en-US')}`;

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
      <div className="row tight">
        <label htmlFor={`${id}-limit`}>Download limit (MB)</label>
        <input
          id={`${id}-limit`}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_DOWNLOAD_LIMIT_MB}
          step={1}
          value={limitText}
          aria-invalid={limitProblem ? true : undefined}
          aria-describedby={`${id}-limit-hint`}
          data-testid="download-limit-input"
          onChange={(event) => {
            const text = event.target.value;
            setLimitText(text);
            const value = Number(text);
            if (/^\d+$/.test(text.trim()) && value >= 1 && value <= MAX_DOWNLOAD_LIMIT_MB) setLimit(value);
          }}
        />
        <span id={`${id}-limit-hint`} className={limitProblem ? 'field-error' : 'muted hint'} data-testid="download-limit-hint">
          {limitProblem ??
            `A download stops at ${limitMb.toLocaleString('en-US')} MB, or after 30 s without data. Parquet files on servers with range requests are read in parts.`}
        </span>
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
