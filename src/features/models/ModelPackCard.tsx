import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { onStatus } from '../../worker/statusBus';
import type { PackStatus } from '../../worker/packHandlers';
import type { HeldOut } from '../../train/pretrainPack';
import { buildPack, cancelPackBuild, downloadPack, evaluateInstalledPack, importPack, readPackStatus } from './packClient';
import { errorText } from '../../util/errorText';

const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)}%`);

interface Progress {
  fraction: number;
  message: string;
}

/**
 * Model packs for real data: import a pack (a folder or its .zip) written by `npm run pretrain -- --data …` or by
 * this card, or build one from the loaded files (tokenizer + reward, cost, guard and SFT policy) with progress,
 * an ETA and cancel, then download it. The installed pack's figures are the held-out ones recorded when it was built.
 */
export function ModelPackCard() {
  const [status, setStatus] = useState<PackStatus | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [measured, setMeasured] = useState<HeldOut | null>(null);
  const zipId = useId();
  const folderId = useId();

  useEffect(() => {
    void readPackStatus().then(setStatus, () => undefined);
    return onStatus('pack', (event) => {
      if (event.kind === 'progress' || event.kind === 'started') setProgress({ fraction: event.progress ?? 0, message: event.message });
      else if (event.kind === 'error') setMessage({ kind: 'error', text: event.message });
      else if (event.kind === 'warning') setMessage({ kind: 'error', text: event.message });
      else if (event.kind === 'done' || event.kind === 'stopped') setMessage({ kind: 'info', text: event.message });
    });
  }, []);

  const run = async (action: () => Promise<PackStatus>) => {
    setBusy(true);
    setMessage(null);
    setMeasured(null);
    try {
      setStatus(await action());
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  const onFiles = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (files.length > 0) void run(() => importPack(files));
  };
  const measure = async () => {
    setBusy(true);
    try {
      setMeasured(await evaluateInstalledPack());
    } catch (error) {
      setMessage({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };
  const manifest = status?.manifest ?? null;
  const h = manifest?.heldOut;
  return (
    <section className="panel" aria-labelledby="model-pack-heading" data-testid="model-pack">
      <h2 id="model-pack-heading">Model pack (real data)</h2>
      <p className="small muted">
        A tokenizer learned from the data plus the reward, cost, guard and SFT-policy weights, from{' '}
        <code>npm run pretrain -- --data … --out DIR</code> or built here from the loaded files.
      </p>
      <div className="row">
        <input id={zipId} type="file" accept=".zip" className="visually-hidden-file" data-testid="import-pack-zip" disabled={busy} onChange={onFiles} />
        <label htmlFor={zipId} className="button-like">Import pack (.zip)</label>
        <input
          id={folderId}
          type="file"
          className="visually-hidden-file"
          data-testid="import-pack-folder"
          disabled={busy}
          onChange={onFiles}
          {...({ webkitdirectory: '' } as Record<string, string>)}
        />
        <label htmlFor={folderId} className="button-like">Import pack folder</label>
      </div>
      <div className="row">
        <button type="button" data-testid="build-pack" disabled={busy} onClick={() => void run(() => buildPack())}>
          Build a pack from the loaded data
        </button>
        {busy && progress && (
          <button type="button" data-testid="cancel-pack" onClick={() => cancelPackBuild()}>
            Cancel
          </button>
        )}
        <button type="button" data-testid="download-pack" disabled={busy || !status?.downloadable} onClick={() => void downloadPack().catch((e: unknown) => setMessage({ kind: 'error', text: String(e) }))}>
          Download pack (.zip)
        </button>
      </div>
      {busy && progress && (
        <div role="status" aria-live="polite" data-testid="pack-progress">
          <div className="progress" aria-hidden="true">
            <div style={{ width: `${Math.round(progress.fraction * 100)}%` }} />
          </div>
          <p className="small">
            {Math.round(progress.fraction * 100)}% · {progress.message}
          </p>
        </div>
      )}
      {busy && !progress && <p className="small muted" role="status">Reading the pack…</p>}
      {message && (
        <p className={message.kind === 'error' ? 'small error' : 'small'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="pack-message">
          {message.text}
        </p>
      )}
      {manifest ? (
        <div data-testid="pack-summary">
          <p className="small">
            Installed: {manifest.tokenizer.kind} tokenizer, {manifest.tokenizer.size} ids; built {new Date(manifest.created).toLocaleString()} from{' '}
            {manifest.data.files.join(', ') || 'unrecorded files'} ({manifest.data.trainedOn} split).
          </p>
          <table className="small">
            <caption>Held-out figures: recorded when the pack was built, and measured on the loaded data</caption>
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col">Recorded</th>
                <th scope="col">Measured now</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Reward pairwise accuracy</th>
                <td data-testid="pack-reward-pairwise">{pct(h?.reward?.pairwiseAccuracy)}</td>
                <td data-testid="pack-measured-reward">{measured ? pct(measured.reward?.pairwiseAccuracy) : 'not measured'}</td>
              </tr>
              <tr>
                <th scope="row">Cost pairwise / sign accuracy</th>
                <td data-testid="pack-cost">{pct(h?.cost?.pairwiseAccuracy)} / {pct(h?.cost?.signAccuracy)}</td>
                <td data-testid="pack-measured-cost">{measured ? `${pct(measured.cost?.pairwiseAccuracy)} / ${pct(measured.cost?.signAccuracy)}` : 'not measured'}</td>
              </tr>
              <tr>
                <th scope="row">Guard unsafe precision / recall</th>
                <td data-testid="pack-guard">{pct(h?.guard?.precision)} / {pct(h?.guard?.recall)}</td>
                <td data-testid="pack-measured-guard">{measured ? `${pct(measured.guard?.precision)} / ${pct(measured.guard?.recall)}` : 'not measured'}</td>
              </tr>
              <tr>
                <th scope="row">SFT token accuracy (last training batch, not held out)</th>
                <td>{pct(manifest.sft?.tokenAccuracy)}</td>
                <td>—</td>
              </tr>
            </tbody>
          </table>
          <button type="button" data-testid="measure-pack" disabled={busy} onClick={() => void measure()}>
            Measure on the loaded data
          </button>
          {status?.mismatch && (
            <p className="small error" role="alert" data-testid="pack-mismatch">
              {status.mismatch} PPO will not start on this data with this pack.
            </p>
          )}
        </div>
      ) : (
        <p className="small muted" data-testid="pack-summary-empty">No pack installed: the models use the shipped word vocabulary.</p>
      )}
    </section>
  );
}
