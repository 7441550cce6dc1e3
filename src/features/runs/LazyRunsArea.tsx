import { lazy } from 'react';

/** The Runs area, loaded on first visit so its charts stay out of the initial bundle. */
export const LazyRunsArea = lazy(() => import('./RunsArea').then((module) => ({ default: module.RunsArea })));
