/**
 * Controls and panels a classroom link can hide (`hide=a,b,c`). Each is marked in the DOM with
 * `data-hide-id="<id>"`; hiding is one CSS rule per id, so it never touches unrelated readouts (cf. TensorFlow
 * Playground issue #129). Add an id here when you add a hidable panel.
 */
export const HIDABLE = {
  'nav-data': 'Data tab',
  'nav-models': 'Reward & Cost models tab',
  'nav-train': 'Train tab',
  'nav-guard': 'Guard tab',
  'nav-runs': 'Runs tab',
  'backend-badge': 'Backend badge and compute panel',
  'train-presets': 'Preset picker',
  'train-params': 'Hyperparameter panel',
  'train-json': 'Edit config as JSON',
  'train-phase-controls': 'Phase-by-phase stepping and slow mode',
  'train-explanations': '“What is happening” explanations',
  'train-generations': 'Generations panel',
  'train-plane': 'Helpfulness–safety plane',
  'train-share': 'Copy link buttons',
} as const;
export type HidableId = keyof typeof HIDABLE;
export const HIDABLE_IDS = Object.keys(HIDABLE) as HidableId[];
