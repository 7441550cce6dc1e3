import { Suspense, type ReactNode } from 'react';
import { BackendBadge } from '../features/system/BackendBadge';
import { Notices } from '../features/system/Notices';
import { AREAS, type Area } from '../state/slices/uiSlice';
import { useArea, useUiActions } from '../state/store';
import { AreaPlaceholder } from './AreaPlaceholder';

const AREA_LABELS: Record<Area, string> = {
  data: 'Data',
  models: 'Reward & Cost models',
  train: 'Train (constrained PPO)',
  guard: 'Guard',
  runs: 'Runs',
};

const AREA_VIEWS: Record<Area, () => ReactNode> = {
  data: () => (
    <AreaPlaceholder title="Data" what="The BeaverTails-V explorer: the bundled synthetic sample, your Parquet / JSON files and hub URLs, filters, a detail view and summary charts." />
  ),
  models: () => (
    <AreaPlaceholder title="Reward & Cost models" what="Train the reward (helpfulness), cost (harmlessness) and guard models live, with loss and accuracy curves and held-out evaluation." />
  ),
  train: () => (
    <AreaPlaceholder title="Train (constrained PPO)" what="PPO-Lagrangian: the Lagrange multiplier, reward and cost curves with the cost limit, live while the policy trains." />
  ),
  guard: () => (
    <AreaPlaceholder title="Guard" what="Multi-level moderation (safe / minor / moderate / severe, harm category) and the filter-and-regenerate loop." />
  ),
  runs: () => (
    <AreaPlaceholder title="Runs" what="Every run saved as it goes: compare runs on one chart, export and import bundles, share links." />
  ),
};

export function App() {
  const area = useArea();
  const { setArea } = useUiActions();
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            λ
          </span>
          <div>
            <h1>Safe RLHF-V Playground</h1>
            <p className="tagline">Helpfulness and harmlessness, trained separately, balanced by a Lagrange multiplier.</p>
          </div>
        </div>
        <BackendBadge />
      </header>
      <nav className="app-nav" aria-label="Areas">
        {AREAS.map((name) => (
          <button
            key={name}
            type="button"
            className={name === area ? 'nav-item active' : 'nav-item'}
            aria-current={name === area ? 'page' : undefined}
            data-testid={`nav-${name}`}
            data-hide-id={`nav-${name}`}
            onClick={() => setArea(name)}
          >
            {AREA_LABELS[name]}
          </button>
        ))}
      </nav>
      <Notices />
      <main className="app-main">
        <Suspense fallback={<p className="muted">Loading…</p>}>{AREA_VIEWS[area]()}</Suspense>
      </main>
    </div>
  );
}
