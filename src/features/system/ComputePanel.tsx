import { useEffect, useState } from 'react';
import { applyBackend, measureBackendsNow } from '../../state/trainerSession';
import { onStatus } from '../../worker/statusBus';
import { BACKEND_NAMES, type BackendChoice } from '../../compute/types';
import { resetStream } from '../../metrics/metricsHub';
import { useMetricTable, useSystem } from '../../state/store';
import { trainer } from '../../worker/client';
import type { BackendCheckResult } from '../../worker/systemHandlers';
import { BackendProbeTable } from './BackendProbeTable';
import { DemoLossChart } from './DemoLossChart';
import { NumericsCheckButton } from './NumericsCheckButton';
import { wasmThreadsText } from './wasmThreadsText';

const CHOICES: BackendChoice[] = ['auto', ...BACKEND_NAMES];

export function ComputePanel({ onClose }: { onClose: () => void }) {
  const { backend, backendChoice, backendState } = useSystem();
  const [checks, setChecks] = useState<BackendCheckResult[] | null>(null);
  const [checking, setChecking] = useState(false);
  const [demoRunning, setDemoRunning] = useState(false);
  const { table } = useMetricTable('demo');

  useEffect(
    () =>
      onStatus('demo', (event) => {
        if (event.kind === 'done' || event.kind === 'stopped') setDemoRunning(false);
      }),
    [],
  );

  const runChecks = async () => {
    setChecking(true);
    try {
      setChecks(await trainer().checkBackends([...BACKEND_NAMES]));
    } finally {
      setChecking(false);
    }
  };

  const toggleDemo = () => {
    if (demoRunning) {
      void trainer().stopDemo();
      return;
    }
    resetStream('demo');
    setDemoRunning(true);
    void trainer().startDemo(400);
  };

  const reference = checks?.find((c) => c.backend === 'cpu' && c.ok)?.loss ?? null;
  const adapter = backend?.adapter;
  return (
    <div id="compute-panel" className="popover compute-panel" role="dialog" aria-label="Compute backend">
      <div className="popover-head">
        <h2>Compute</h2>
        <button type="button" className="link-button" onClick={onClose} aria-label="Close compute panel">
          ×
        </button>
      </div>
      <label className="field">
        <span>Backend</span>
        <select
          data-testid="backend-select"
          value={backendChoice}
          disabled={backendState === 'compiling'}
          onChange={(event) => void applyBackend(event.target.value as BackendChoice)}
        >
          {CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {choice === 'auto' ? 'auto (fastest measured)' : choice}
            </option>
          ))}
        </select>
      </label>
      <dl className="facts">
        <dt>Active</dt>
        <dd data-testid="backend-active">{backendState === 'ready' ? backend?.active : backendState}</dd>
        <dt>WebGPU adapter</dt>
        <dd>
          {adapter
            ? `${adapter.vendor || '?'} / ${adapter.architecture || '?'}${adapter.description ? ` (${adapter.description})` : ''}${adapter.isFallbackAdapter ? ' — software fallback' : ' — hardware'}`
            : 'none'}
        </dd>
        <dt>WebGL renderer</dt>
        <dd>{backend?.webglRenderer ?? 'none'}</dd>
        <dt>WASM</dt>
        <dd data-testid="wasm-threads">{backend ? wasmThreadsText(backend) : '…'}</dd>
        <dt>Kernel warm-up</dt>
        <dd>{backend ? `${backend.warmupMs.toFixed(0)} ms` : '…'}</dd>
      </dl>
      <BackendProbeTable onMeasure={() => void measureBackendsNow(true)} />
      <NumericsCheckButton />
      <div className="row">
        <button type="button" onClick={runChecks} disabled={checking || backendState !== 'ready'} data-testid="check-backends">
          {checking ? 'Checking…' : 'Check every backend'}
        </button>
        <button type="button" onClick={toggleDemo} disabled={backendState !== 'ready'} data-testid="demo-toggle">
          {demoRunning ? 'Stop demo' : 'Run tiny MLP demo'}
        </button>
      </div>
      {checks && (
        <table className="table compact" data-testid="backend-checks">
          <caption>One identical Adam step on each backend (loss should agree)</caption>
          <thead>
            <tr>
              <th scope="col">Backend</th>
              <th scope="col">Loss</th>
              <th scope="col">vs cpu</th>
              <th scope="col">ms</th>
            </tr>
          </thead>
          <tbody>
            {checks.map((check) => (
              <tr key={check.backend} data-testid={`check-${check.backend}`} data-loss={check.loss ?? ''}>
                <td>{check.backend}</td>
                <td>{check.ok ? check.loss!.toPrecision(7) : `failed: ${check.error}`}</td>
                <td>
                  {check.ok && reference !== null
                    ? `${((Math.abs(check.loss! - reference) / reference) * 100).toExponential(1)}%`
                    : '—'}
                </td>
                <td>{check.ms.toFixed(0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {table && table.length > 0 && <DemoLossChart />}
    </div>
  );
}
