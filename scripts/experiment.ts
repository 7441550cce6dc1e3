/**
 * Headless runner: the same PPO engine as the browser worker, in Node, on the bundled sample with the shipped
 * weights. Writes <out>/<run>/metrics.json (a run bundle), metrics.csv and evaluations.csv; sweeps add summary.csv.
 *
 *   npm run experiment -- --config run.json | --link '<shared link or hash>' --backend cpu|wasm --iterations N
 *     --out results/ [--sweep 'threshold=-0.5,0,0.5;lambdaLr=0.05,0.1'] [--set-at 100:threshold=-1.25 …]
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultConfig, type ExperimentConfig } from '../src/config/params';
import { decodeLink } from '../src/state/link';
import { configFromJson, expandSweep, parseArgs, parseSweep } from './experiment/args';
import { runExperiment, summaryRow, toCsv, writeRun } from './experiment/run';

async function baseConfig(args: ReturnType<typeof parseArgs>): Promise<ExperimentConfig> {
  let config = defaultConfig();
  if (args.config) config = configFromJson(await readFile(args.config, 'utf8'), args.config);
  if (args.link) {
    const decoded = decodeLink(args.link);
    for (const warning of decoded.warnings) console.warn(`link: ${warning}`);
    config = decoded.config;
  }
  if (args.iterations) config = { ...config, iterations: args.iterations };
  if (config.dataUrls.length > 0) {
    console.warn('The config names data URLs; the headless runner uses the bundled sample.');
    config = { ...config, dataUrls: [] };
  }
  return config;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const base = await baseConfig(args);
  const runs = args.sweep ? expandSweep(base, parseSweep(args.sweep)) : [{ name: 'run', overrides: {}, config: base }];
  const summary: Record<string, unknown>[] = [];
  for (const [index, run] of runs.entries()) {
    console.log(`[${index + 1}/${runs.length}] ${run.name}: ${run.config.algorithm}, ${run.config.iterations} iterations on ${args.backend}`);
    let last = performance.now();
    const bundle = await runExperiment(run.config, {
      backend: args.backend,
      weightsDir: args.weightsDir,
      log: (line) => console.log(`  ${line}`),
      schedule: args.setAt,
      onRow: (row) => {
        if (performance.now() - last < 2000 && row.iteration !== run.config.iterations - 1) return;
        last = performance.now();
        console.log(
          `  it ${row.iteration}  R ${row.rewardMean.toFixed(3)}  C ${row.costMean.toFixed(3)}  J_C ${row.episodeCost.toFixed(3)}  ` +
            `λ ${row.lambda.toFixed(3)}  KL ${row.kl.toFixed(3)}  ${(row.msRollout + row.msScoring + row.msAdvantages + row.msUpdate).toFixed(0)} ms`,
        );
      },
    });
    if (bundle.halted) console.warn(`  ${bundle.halted}`);
    const dir = runs.length > 1 ? join(args.out, run.name) : args.out;
    await writeRun(dir, bundle);
    console.log(`  wrote ${dir}/metrics.json, metrics.csv, evaluations.csv (models: ${JSON.stringify(bundle.models)})`);
    summary.push(summaryRow(run.name, run.overrides, bundle));
  }
  if (runs.length > 1) {
    await mkdir(args.out, { recursive: true });
    const columns = [...new Set(summary.flatMap((row) => Object.keys(row)))];
    await writeFile(join(args.out, 'summary.csv'), toCsv(columns, summary));
    console.log(`wrote ${join(args.out, 'summary.csv')}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
