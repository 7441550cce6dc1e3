/**
 * `npm run dynamics`: the constrained-dynamics report (docs/dynamics.md) on the bundled sample with the shipped weights,
 * over seeds (issue 20). Runs the start-up config with each λ rule (its module's measured defaults) at several limits,
 * the "Safe RLHF-V defaults" preset, unconstrained PPO, and each rule with the limit tightened by 1 at iteration 100,
 * each on every seed of the group (the runner's seed group: the start-up seed and the next K − 1, or a list);
 * evaluation on the held-out prompts at the start and the end only (it has its own random streams: the training
 * curves are the same as with evaluations every 10 iterations). Writes
 *   <out>/dynamics.md   per rule × limit cell: mean ± sd over the seeds of last-50 J_C − limit, reward vs SFT (rollout
 *                       and held-out), held-out safe rates vs SFT, λ, maxOvershoot, timeAboveLimit, cumulativeViolation,
 *                       and which differences between cells are larger than the seed spread (Welch's t, 95%)
 *   <out>/dynamics.svg  λ, J_C and the limit of the rules on the limit-change run (first seed)
 *   <runs>/<name>_seed=<seed>.json  each run's bundle (default results/dynamics; reused on a rerun unless --fresh:
 *                       runs take minutes each, so a report can be assembled from runs made separately)
 * Never part of `npm test`.
 *
 *   npm run dynamics [-- --iterations 200] [--seeds 4 | --seeds 42,43,44,45] [--thresholds=-2.75,-1.75,-0.75]
 *                     [--rules upstream,additive,pid] [--out docs] [--runs results/dynamics] [--backend wasm|cpu]
 *                     [--fresh] [--only name1,name2] [--report-only]
 * --report-only writes the report from the runs already in <runs> (cells with fewer seeds say so in their seeds column).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setNodeBackend, type NodeBackend } from '../src/compute/nodeBackends';
import { defaultConfig, LAMBDA_RULES, type ExperimentConfig, type LambdaRule } from '../src/config/params';
import { presetConfig } from '../src/config/presets';
import { spread } from '../src/util/seedStats';
import { cliOption } from './cliOption';
import type { ScheduledChange } from './experiment/args';
import { runExperiment, type RunBundle } from './experiment/run';
import { parseSeedsFlag, seedsFor } from './experiment/seedGroups';
import { dynamicsRow, dynamicsSvg } from './dynamics/report';
import { withLambdaRule } from './dynamics/ruleConfig';
import { cellTable, comparisonLines, comparisonPairs, dynamicsCells, meanSd, type SeededRow } from './dynamics/seedCells';

const RULE_COLORS: Record<LambdaRule, string> = { upstream: '#c92a2a', additive: '#1971c2', pid: '#2b8a3e' };
const CHANGE_AT = 100;
/** Everything from this line on in <out>/dynamics.md is written by hand and survives a regenerated report. */
const KEPT_MARKER = '<!-- kept by npm run dynamics: measured separately, below -->';

interface PlannedRun {
  /** The cell: runs that differ only in the seed share it. */
  cell: string;
  seed: number;
  name: string;
  config: ExperimentConfig;
  schedule?: ScheduledChange[];
}

function listOption(name: string, fallback: string): string[] {
  const inline = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return (inline ? inline.slice(name.length + 3) : cliOption(name, fallback)).split(',').map((s) => s.trim()).filter(Boolean);
}

async function main(): Promise<void> {
  const iterations = Number(cliOption('iterations', '200'));
  const out = cliOption('out', 'docs');
  const runsDir = cliOption('runs', 'results/dynamics');
  const backend = cliOption('backend', 'wasm') as NodeBackend;
  const start = defaultConfig();
  const base: ExperimentConfig = { ...start, iterations, evalEvery: iterations };
  const seeds = seedsFor(start, parseSeedsFlag(cliOption('seeds', '4')));
  const defaultThreshold = base.threshold;
  const thresholds = listOption('thresholds', [defaultThreshold - 1, defaultThreshold, defaultThreshold + 1].join(',')).map(Number);
  const rules = listOption('rules', LAMBDA_RULES.join(',')) as LambdaRule[];
  const only = process.argv.includes('--only') ? new Set(listOption('only', '')) : null;
  const fresh = process.argv.includes('--fresh');
  const reportOnly = process.argv.includes('--report-only');

  const cells: Omit<PlannedRun, 'seed' | 'name'>[] = [];
  for (const rule of rules) {
    for (const threshold of thresholds) cells.push({ cell: `${rule}_thr=${threshold}`, config: { ...withLambdaRule(base, rule), threshold } });
  }
  cells.push({ cell: 'saferlhf-v-preset', config: { ...presetConfig('saferlhf-v'), iterations, evalEvery: iterations } });
  cells.push({ cell: 'ppo', config: { ...base, algorithm: 'ppo' } });
  const tightened = defaultThreshold - 1;
  for (const rule of rules) {
    cells.push({ cell: `${rule}_change`, config: withLambdaRule(base, rule), schedule: [{ iteration: CHANGE_AT, key: 'threshold', value: tightened }] });
  }
  const plan: PlannedRun[] = cells.flatMap((cell) =>
    seeds.map((seed) => ({ ...cell, seed, name: `${cell.cell}_seed=${seed}`, config: { ...cell.config, seed } })),
  );

  if (!reportOnly) await setNodeBackend(backend);
  await mkdir(runsDir, { recursive: true });
  await mkdir(out, { recursive: true });
  const bundles = new Map<string, RunBundle>();
  for (const [index, run] of plan.entries()) {
    const file = join(runsDir, `${run.name}.json`);
    if (!fresh && existsSync(file)) {
      bundles.set(run.name, JSON.parse(await readFile(file, 'utf8')) as RunBundle);
      continue;
    }
    if (reportOnly || (only && !only.has(run.cell) && !only.has(run.name))) continue;
    console.log(`[${index + 1}/${plan.length}] ${run.name}`);
    const started = performance.now();
    const bundle = await runExperiment(run.config, { backend, schedule: run.schedule });
    console.log(`  ${bundle.metrics.length} iterations in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    await writeFile(file, JSON.stringify(bundle));
    bundles.set(run.name, bundle);
  }

  const seeded: SeededRow[] = plan
    .filter((run) => bundles.has(run.name) && !run.schedule)
    .map((run) => ({ cell: run.cell, seed: run.seed, row: dynamicsRow(run.cell, bundles.get(run.name)!) }));
  const table = dynamicsCells(seeded);
  const changeRows = rules.flatMap((rule) => {
    const members = plan.filter((run) => run.cell === `${rule}_change` && bundles.has(run.name)).map((run) => bundles.get(run.name)!.metrics);
    if (members.length === 0) return [];
    const gaps = members.map((metrics) => {
      const window = metrics.slice(CHANGE_AT + 50, CHANGE_AT + 60);
      return window.length ? window.reduce((sum, r) => sum + r.episodeCost - r.threshold, 0) / window.length : NaN;
    });
    const settled = members.map((metrics) => {
      const at = metrics.findIndex((r, i) => i >= CHANGE_AT && Math.abs(r.episodeCost - r.threshold) <= 0.2);
      return at >= 0 ? at - CHANGE_AT : NaN;
    });
    const never = settled.filter((x) => !Number.isFinite(x)).length;
    return [
      `| ${rule} | ${defaultThreshold} → ${tightened} | ${members.length} | ${meanSd(spread(gaps), 2, '')} | ` +
        `${meanSd(spread(settled), 0, '')}${never ? ` (never within ±0.2 on ${never} seed${never > 1 ? 's' : ''})` : ''} |`,
    ];
  });
  const text = [
    '# Constrained dynamics on the bundled sample',
    '',
    `Generated by \`npm run dynamics\` (${backend}, ${iterations} iterations, seeds ${seeds.join(', ')}; start-up config unless named, ` +
      'each rule with its own measured defaults; ' +
      (bundles.has(`saferlhf-v-preset_seed=${seeds[0]}`) ? 'the saferlhf-v-preset row is the "Safe RLHF-V defaults" preset; ' : '') +
      'cells missing from the table were not run, and a cell lists the seeds it has). Each figure is the mean ± sd over the ' +
      'cell\'s seeds of: the mean over the last 50 iterations (J_C − limit, rollout reward − the first rollout\'s), the last ' +
      'evaluation on 64 held-out prompts against the SFT policy on the same prompts (reward, safe rate by the cost model ' +
      'and by the guard, in percentage points), λ over the last 10 iterations, and the violation during training from the ' +
      'first full cost window (largest overshoot of J_C above the limit, share of iterations above it, Σ max(0, J_C − limit)).',
    '',
    cellTable(table),
    'Differences between cells, by Welch\'s t over the seeds (95% interval of the difference of means, later cell minus ' +
      'earlier): at each limit, each rule against pid (the start-up rule); for each rule, each limit against the next one ' +
      'up. Listed: the figures whose difference is larger than the seed spread (the interval excludes 0).',
    '',
    ...comparisonLines(comparisonPairs(table, base.lambdaRule)),
    '',
    `Limit tightened by 1 at iteration ${CHANGE_AT} (\`--set-at ${CHANGE_AT}:threshold=${tightened}\`), mean ± sd over the seeds:`,
    '',
    ...(changeRows.length
      ? [
          '| rule | limit | seeds | J_C − new limit, iterations 150–159 | iterations until within ±0.2 |',
          '|---|---|---|---|---|',
          ...changeRows,
          '',
          `![λ, J_C and the cost limit for the λ rules on the limit-change run](dynamics.svg)`,
        ]
      : ['not run for this report.']),
    '',
  ].join('\n');
  // Sections measured apart from this report (the start-up headline, feasibility, the frontier) follow a marker line
  // and are kept when the report is regenerated.
  const docPath = join(out, 'dynamics.md');
  const previous = existsSync(docPath) ? await readFile(docPath, 'utf8') : '';
  const kept = previous.indexOf(KEPT_MARKER);
  await writeFile(docPath, kept >= 0 ? `${text}\n${previous.slice(kept)}` : text);
  const plotRuns = rules
    .filter((rule) => bundles.has(`${rule}_change_seed=${seeds[0]}`))
    .map((rule) => ({ label: rule, color: RULE_COLORS[rule], metrics: bundles.get(`${rule}_change_seed=${seeds[0]}`)!.metrics }));
  if (plotRuns.length > 0) {
    await writeFile(
      join(out, 'dynamics.svg'),
      dynamicsSvg(plotRuns, `Limit ${defaultThreshold} → ${tightened} at iteration ${CHANGE_AT}: ${plotRuns.map((run) => run.label).join(', ')} rule (seed ${seeds[0]})`),
    );
  }
  console.log(text);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
