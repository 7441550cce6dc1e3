import { useId, useMemo, useState } from 'react';
import { alignAnythingYaml } from '../../runs/alignAnything';
import { useConfig } from '../../state/store';
import { downloadText } from './downloads';

/** The current settings as an align-anything Safe RLHF-V config, to run the same experiment at 7B scale. */
export function ScaleOutPanel() {
  const config = useConfig();
  const [playgroundLrs, setPlaygroundLrs] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const checkboxId = useId();
  const yaml = useMemo(
    () => alignAnythingYaml(config, { learningRates: playgroundLrs ? 'playground' : 'upstream' }),
    [config, playgroundLrs],
  );
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(yaml);
      setCopied('Copied.');
    } catch {
      setCopied('Copying was blocked; select the text and copy it.');
    }
  };
  return (
    <section className="panel" aria-labelledby="scale-out-heading">
      <details>
        <summary>
          <h2 id="scale-out-heading" className="inline-heading">
            Scale out: align-anything config
          </h2>{' '}
          <span className="muted">
            the current settings for PKU-Alignment/align-anything's Safe RLHF-V trainer
          </span>
        </summary>
        <div className="row">
          <input
            id={checkboxId}
            type="checkbox"
            checked={playgroundLrs}
            onChange={(e) => setPlaygroundLrs(e.target.checked)}
          />
          <label htmlFor={checkboxId}>
            Write the playground's learning rates (toy-scale) instead of upstream's 5e-7
          </label>
        </div>
        <pre className="yaml-block" data-testid="scale-out-yaml" tabIndex={0}>
          {yaml}
        </pre>
        <div className="row">
          <button type="button" onClick={() => downloadText('saferlhf_v_playground.yaml', yaml, 'text/yaml')}>
            Download YAML
          </button>
          <button type="button" onClick={() => void copy()}>
            Copy
          </button>
          <span role="status" className="muted">
            {copied}
          </span>
        </div>
      </details>
    </section>
  );
}
