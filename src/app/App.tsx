import { Suspense, type ReactNode } from 'react';
import { BackendBadge } from '../features/system/BackendBadge';
import { DataArea } from '../features/data-explorer/DataArea';
import { LinkDataPrompt } from '../features/data-explorer/LinkDataPrompt';
import { LazyGuardArea } from '../features/guard/LazyGuardArea';
import { LazyModelsArea } from '../features/models/LazyModelsArea';
import { Notices } from '../features/system/Notices';
import { LazyTrainArea } from '../features/train/LazyTrainArea';
import { LazyRunsArea } from '../features/runs/LazyRunsArea';
import { ShareButtons } from '../features/share/ShareButtons';
import { AREAS, type Area } from '../state/slices/uiSlice';
import { useAppStore, useArea, useUiActions } from '../state/store';

const AREA_LABELS: Record<Area, string> = {
  data: 'Data',
  models: 'Reward & Cost models',
  train: 'Train (constrained PPO)',
  guard: 'Guard',
  runs: 'Runs',
};

const AREA_VIEWS: Record<Area, () => ReactNode> = {
  data: () => <DataArea />,
  models: () => <LazyModelsArea />,
  train: () => <LazyTrainArea />,
  guard: () => <LazyGuardArea />,
  runs: () => <LazyRunsArea />,
};

export function App() {
  const area = useArea();
  const { setArea } = useUiActions();
  const view = useAppStore((s) => s.ui.view);
  return (
    <div className={`app view-${view}`} data-testid="app" data-view={view}>
      {/* The hash holds the shared link, so the skip link moves focus itself instead of navigating to #main. */}
      <a
        className="skip-link"
        href="#main"
        data-testid="skip-link"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to the main content
      </a>
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
        <ShareButtons />
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
      <LinkDataPrompt />
      <main className="app-main" id="main" tabIndex={-1}>
        <Suspense fallback={<p className="muted">Loading…</p>}>{AREA_VIEWS[area]()}</Suspense>
      </main>
    </div>
  );
}
