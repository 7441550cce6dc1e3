import { useState } from 'react';
import { useSystem } from '../../state/store';
import { ComputePanel } from './ComputePanel';

/**
 * Header badge: the active backend; the WebGPU adapter only when WebGPU is the backend in use (otherwise it is named
 * in the tooltip as not in use, so the badge never mixes one backend with another's hardware). Opens the compute
 * panel (override, checks, demo).
 */
export function BackendBadge() {
  const { backend, backendState, backendError } = useSystem();
  const [open, setOpen] = useState(false);
  const label =
    backendState === 'failed'
      ? 'no backend'
      : backendState !== 'ready' || !backend
        ? 'compiling kernels…'
        : backend.active;
  const adapter = backend?.adapter;
  const onWebGpu = backendState === 'ready' && backend?.active === 'webgpu';
  const adapterText = adapter
    ? `${adapter.vendor || 'unknown vendor'} ${adapter.architecture}${adapter.isFallbackAdapter ? ' (software fallback)' : ''}`.trim()
    : '';
  const title = backendError
    ? backendError
    : onWebGpu
      ? `Backend webgpu on the adapter ${adapterText}`
      : `Backend ${backend?.active ?? '…'}${adapter ? `; WebGPU adapter ${adapterText} (not in use)` : '; no WebGPU adapter'}`;
  return (
    <div className="badge-wrap" data-hide-id="backend-badge">
      <button
        type="button"
        className={`backend-badge state-${backendState}`}
        data-testid="backend-badge"
        data-backend={backend?.active ?? ''}
        data-state={backendState}
        aria-expanded={open}
        aria-controls="compute-panel"
        title={title}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="dot" aria-hidden="true" />
        <span className="badge-backend">{label}</span>
        {onWebGpu && adapter && (
          <span className="badge-adapter">
            {adapter.vendor || '?'} · {adapter.architecture || '?'}
            {adapter.isFallbackAdapter ? ' · fallback' : ''}
          </span>
        )}
      </button>
      {open && <ComputePanel onClose={() => setOpen(false)} />}
    </div>
  );
}
