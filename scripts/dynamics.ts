/**
 * `npm run dynamics`: the constrained-dynamics report (docs/dynamics.md) on the bundled sample with the shipped weights.
 * Runs the start-up config with each λ rule (additive at ADDITIVE_LAMBDA_LR) at several thresholds, the
 * "Safe RLHF-V defaults" preset, unconstrained
 * PPO, and each rule with the threshold tightened by 1 at iteration 100 (the plot); writes
 *   <out>/dynamics.md   the table per rule × threshold (final λ, J_C − threshold, reward vs SFT, truncation, KL/token)
 *   <out>/dynamics.svg  λ, J_C and the threshold of the three rules on the threshold-change run
 *   <runs>/<name>.json  each run's bundle (default results/dynamics; reused on a rerun unless --fresh: runs take
 *                       minutes each, so a report can be assembled from runs made separately with the same names)
 * Never part of `npm test`.
 *
 *   npm run dynamics [-- --iterations 200] [--thresholds=-1.5,-0.5,0.5] [--rules upstream,additive,pid] [--out docs]
 *                     [--runs results/dynamics] [--backend wasm|cpu] [--fresh] [--only name1,name2]
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setNodeBackend, type NodeBackend } from '../src/compute/nodeBackends';
import { defaultConfig, LAMBDA_RULES, type ExperimentConfig, type LambdaRule } from '../src/config/params';
import { presetConfig } from '../src/config/presets';
import { cliOption } from './cliOption';
import type { ScheduledChange } from './experiment/args';
import { runExperiment, type RunBundle } from './experiment/run';
import { dynamicsRow, dynamicsSvg, dynamicsTable, type DynamicsRow } from './dynamics/report';
import { withLambdaRule } from './dynamics/ruleConfig';

const RULE_COLORS: Record<LambdaRule, string> = { upstream: '#c92a2a', additive: '#1971c2', pid: '#2b8a3e' };
const CHANGE_AT = 100;

interface PlannedRun {
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
  const base: ExperimentConfig = { ...defaultConfig(), iterations };
  const defaultThreshold = base.threshold;
  const thresholds = listOption('thresholds', [defaultThreshold - 1, defaultThreshold, defaultThreshold + 1].join(',')).map(Number);
  const rules = listOption('rules', LAMBDA_RULES.join(',')) as LambdaRule[];
  const only = process.argv.includes('--only') ? new Set(listOption('only', '')) : null;
  const fresh = process.argv.includes('--fresh');

  const plan: PlannedRun[] = [];
  for (const rule of rules) {
    for (const threshold of thresholds) plan.push({ name: `${rule}_thr=${threshold}`, config: { ...withLambdaRule(base, rule), threshold } });
  }
  plan.push({ name: 'saferlhf-v-preset', config: { ...presetConfig('saferlhf-v'), iterations } });
  plan.push({ name: 'ppo', config: { ...base, algorithm: 'ppo' } });
  const tightened = defaultThreshold - 1;
  for (const rule of rules) {
    plan.push({
      name: `${rule}_change`,
      config: withLambdaRule(base, rule),
      schedule: [{ iteration: CHANGE_AT, key: 'threshold', value: tightened }],
    });
  }

  await setNodeBackend(backend);
  await mkdir(runsDir, { recursive: true });
  await mkdir(out, { recursive: true });
  const bundles = new Map<string, RunBundle>();
  for (const [index, run] of plan.entries()) {
    const file = join(runsDir, `${run.name}.json`);
    if (!fresh && existsSync(file)) {
      bundles.set(run.name, JSON.parse(await readFile(file, 'utf8')) as RunBundle);
      continue;
    }
    if (only && !only.has(run.name)) continue;
    console.log(`[${index + 1}/${plan.length}] ${run.name}`);
    const started = performance.now();
    const bundle = await runExperiment(run.config, { backend, schedule: run.schedule });
    console.log(`  ${bundle.metrics.length} iterations in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    await writeFile(file, JSON.stringify(bundle));
    bundles.set(run.name, bundle);
  }

  const rows: DynamicsRow[] = plan.filter((run) => bundles.has(run.name) && !run.schedule).map((run) => dynamicsRow(run.name, bundles.get(run.name)!));
  const changeRows = plan.filter((run) => bundles.has(run.name) && run.schedule).map((run) => {
    const metrics = bundles.get(run.name)!.metrics;
    const window = metrics.slice(CHANGE_AT + 50, CHANGE_AT + 60);
    const gap = window.reduce((sum, r) => sum + r.episodeCost - r.threshold, 0) / Math.max(1, window.length);
    const settled = metrics.findIndex((r, i) => i >= CHANGE_AT && Math.abs(r.episodeCost - r.threshold) <= 0.2);
    return `| ${bundles.get(run.name)!.config.lambdaRule} | ${defaultThreshold} → ${tightened} | ${Number.isFinite(gap) ? gap.toFixed(2) : '—'} | ${settled >= 0 ? settled - CHANGE_AT : 'never'} |`;
  });
  const text = [
    '# Constrained dynamics on the bundled sample',
    '',
    `Generated by \`npm run dynamics\` (${backend}, seed ${base.seed}, start-up config unless named; iterations per run as listed; ` +
      (bundles.has('saferlhf-v-preset') ? 'the saferlhf-v-preset row is the "Safe RLHF-V defaults" preset; ' : '') +
      'runs missing from the table were not run). Means over the last 50 iterations unless said otherwise; ' +
      'held-out reward − SFT is the last evaluation on held-out prompts.',
    '',
    dynamicsTable(rows),
    `Threshold tightened by 1 at iteration ${CHANGE_AT} (\`--set-at ${CHANGE_AT}:threshold=${tightened}\`):`,
    '',
    '| rule | threshold | J_C − new threshold, iterations 150–159 | iterations until within ±0.2 |',
    '|---|---|---|---|',
    ...changeRows,
    '',
    `![λ, J_C and the cost limit for the λ rules on the threshold-change run](dynamics.svg)`,
    '',
  ].join('\n');
  await writeFile(join(out, 'dynamics.md'), text);
  const plotRuns = rules
    .filter((rule) => bundles.has(`${rule}_change`))
    .map((rule) => ({ label: rule, color: RULE_COLORS[rule], metrics: bundles.get(`${rule}_change`)!.metrics }));
  if (plotRuns.length > 0) {
    await writeFile(
      join(out, 'dynamics.svg'),
      dynamicsSvg(plotRuns, `Threshold ${defaultThreshold} → ${tightened} at iteration ${CHANGE_AT}: ${plotRuns.map((run) => run.label).join(', ')} rule (seed ${base.seed})`),
    );
  }
  console.log(text);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
