import { lazy } from 'react';

const loadTrainArea = () => import('./TrainArea');

/** The Train area, loaded on first visit so recharts stays out of the initial bundle. */
export const LazyTrainArea = lazy(loadTrainArea);

// Fetch it in the background once the page is idle, so opening the tab is instant.
if (typeof window !== 'undefined') {
  const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 1500));
  idle(() => void loadTrainArea());
}
