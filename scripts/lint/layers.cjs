/**
 * The layer order of src/ (docs/architecture.md). A module may import its own layer and the layers below it, never
 * one above; no import cycles, type-only imports included. `npm run lint` runs this (`npm run lint:layers`);
 * scripts/layers.test.ts checks that a wrong import fails it. Tests (*.test.ts) may reach up for their fixtures,
 * so they are exempt from the order but not from the cycle rule.
 */
const LAYERS = [
  ['app', '^src/(main\\.tsx|app/)'],
  ['features', '^src/features/'],
  ['runs', '^src/runs/'],
  ['state', '^src/state/'],
  ['charts', '^src/charts/'],
  ['metrics', '^src/metrics/'],
  ['worker', '^src/worker/'],
  ['experiment', '^src/experiment/'],
  // Run records (the bundle schema, series, config history, naming): data that the core and the runner write too.
  ['records', '^src/runs/(bundle|bundleLimits|types|series|configHistory|versions|naming|csv)\\.ts$'],
  ['train', '^src/train/'],
  ['models', '^src/models/'],
  ['compute', '^src/compute/'],
  ['base', '^src/(rl|data|config|util)/'],
];

/** The layer a path belongs to: the last (lowest) pattern that matches, so records win over runs. */
const forbidden = LAYERS.flatMap(([name, path], index) => {
  const above = LAYERS.slice(0, index)
    .map(([, p]) => p)
    .filter((p) => p !== path);
  const below = LAYERS.slice(index + 1).map(([, p]) => p);
  if (above.length === 0) return [];
  return [
    {
      name: `layer-${name}`,
      comment: `${name} (${path}) imports a layer above it; move the shared code down or hand it in from above.`,
      severity: 'error',
      from: { path, pathNot: ['\\.test\\.tsx?$', ...below] },
      to: { path: above, pathNot: [path, ...below] },
    },
  ];
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle (type-only imports count): split the shared part into its own module.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-not-from-scripts',
      comment: 'The app and the core never import the scripts (runner, bench, generators).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(scripts|e2e)/' },
    },
    ...forbidden,
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
  },
};
