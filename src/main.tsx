// First: schemas built by the imports below must see zod's CSP-safe (jitless) mode.
import './util/zodJitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startTrainer } from './state/trainerSession';
import { bootstrapData } from './features/data-explorer/bootstrapData';
import { watchForks } from './features/train/forkFlow';
import { startRunHistory } from './runs/history';
import { startTraining } from './features/train/trainControls';
import { startLinkSync } from './state/linkSync';
import './app/styles.css';

// Before the first render and before data loads: the linked settings (and data URLs) are in the store from the start.
startLinkSync({ startTraining });
startRunHistory();
watchForks();

// Data loads after the worker is initialised (its status callbacks carry load progress).
void startTrainer().then(bootstrapData);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
