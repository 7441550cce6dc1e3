import { lazy } from 'react';

const loadModelsArea = () => import('./ModelsArea').then((module) => ({ default: module.ModelsArea }));

/** The models area, loaded on first visit so its charts stay out of the initial bundle. */
export const LazyModelsArea = lazy(loadModelsArea);
