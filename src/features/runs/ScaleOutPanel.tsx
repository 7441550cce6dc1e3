import { useId, useMemo, useState } from 'react';
import { alignAnythingExport } from '../../runs/alignAnything/exportFiles';
import { EXPORT_FOLDER, exportZip } from '../../runs/alignAnything/exportZip';
import { PARAMS } from '../../config/params';
import { useAppStore, useConfig } from '../../state/store';
import { downloadBlob } from './downloads';
import { lambdaRuleWarning, scaleOutSource } from './scaleOutSource';

/**
 * The ticked run (else the current settings) as files for align-anything's Safe RLHF-V trainer, to run the same
 * experiment at 7B scale.
 */
export function ScaleOutPanel() {
  const current = useConfig();
  const list = useAppStore((s) => s.runs.list);
  const selected = useAppStore((s) => s.runs.selected);
  const source = useMemo(() => scaleOutSource(list, selected, current), [list, selected, current]);
  const config = source.config;
  const ruleWarning = lambdaRuleWarning(config);
  const [toyScale, setToyScale] = useState(false);
  const [gpusText, setGpusText] = useState('8');
  const [gpus, setGpus] = useState(8);
  const gpusValid = /^[0-9]+$/.test(gpusText) && Number(gpusText) >= 1 && Number(gpusText) <= 1024;
  const checkboxId = useId();
  const gpusId = useId();
  const files = useMemo(
    () => alignAnythingExport(config, { scale: toyScale ? 'playground' : 'upstream', gpus }),
    [config, toyScale, gpus],
  );
  const yaml = files.find((file) => file.name === 'saferlhf.yaml')!.text;
  const download = () =>
    downloadBlob(`${EXPORT_FOLDER}.zip`, new Blob([exportZip(files) as BlobPart], { type: 'application/zip' }));
  return (
    <section className="panel" aria-labelledby="scale-out-heading">
      <details>
        <summary>
          <h2 id="scale-out-heading" className="inline-heading">
            Scale out: align-anything export
          </h2>{' '}
          <span className="muted">
            the ticked run (or the current settings) for PKU-Alignment/align-anything's Safe RLHF-V trainer
          </span>
        </summary>
        <p data-testid="scale-out-source">
          Exports <strong>{source.label}</strong>
          {source.runId ? ' (the run ticked in the list), with the settings it started with.' : ' (tick a run in the list to export that run).'}
        </p>
        {source.changes.length > 0 && (
          <p className="notice notice-warning" data-testid="scale-out-live-edits">
            Not in the export: its {source.changes.length} live edit{source.changes.length === 1 ? '' : 's'} (
            {source.changes.map((c) => `${PARAMS[c.key].label} → ${String(c.to)} after iteration ${c.afterIteration}`).join('; ')}
            ); the upstream trainer reads one config for the whole run.
          </p>
        )}
        {ruleWarning && (
          <p className="notice notice-warning" role="note" data-testid="scale-out-rule-warning">
            {ruleWarning}
          </p>
        )}
        <p className="muted">
          A zip with upstream's complete saferlhf.yaml (your values merged in), launch.sh, reward- and cost-model
          training scripts and NOTES.md (unit differences and settings without a counterpart).
        </p>
        <div className="row">
          <input id={checkboxId} type="checkbox" checked={toyScale} onChange={(e) => setToyScale(e.target.checked)} />
          <label htmlFor={checkboxId}>
            Write the playground's toy-scale learning rates, epochs and response length instead of upstream's 7B values
          </label>
        </div>
        <div className="row">
          <label htmlFor={gpusId}>GPUs</label>
          <input
            id={gpusId}
            type="text"
            inputMode="numeric"
            size={5}
            value={gpusText}
            aria-invalid={!gpusValid}
            onChange={(e) => {
              setGpusText(e.target.value);
              if (/^[0-9]+$/.test(e.target.value) && Number(e.target.value) >= 1 && Number(e.target.value) <= 1024) setGpus(Number(e.target.value));
            }}
          />
          {gpusValid ? (
            <span className="muted">per-device batch sizes and the per-rank cost window are computed for {gpus}</span>
          ) : (
            <span role="alert">GPUs must be a whole number from 1 to 1024; the files below are still for {gpus}.</span>
          )}
        </div>
        <pre className="yaml-block" data-testid="scale-out-yaml" tabIndex={0}>
          {yaml}
        </pre>
        <div className="row">
          <button type="button" data-testid="scale-out-download" onClick={download} disabled={!gpusValid}>
            Download align-anything files (.zip)
          </button>
        </div>
      </details>
    </section>
  );
}
