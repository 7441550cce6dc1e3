import { lazy } from 'react';

const loadGuardArea = () => import('./GuardArea');

/** The Guard area, loaded on first visit so its charts stay out of the initial bundle. */
export const LazyGuardArea = lazy(loadGuardArea);

// Fetch it in the background once the page is idle, so opening the tab is instant.
if (typeof window !== 'undefined') {
  const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 1500));
  idle(() => void loadGuardArea());
}
