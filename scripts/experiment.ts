/**
 * Headless runner: the same PPO engine as the browser worker, in Node, on the bundled sample (or real
 * BeaverTails-V files with --data) with the shipped weights. Writes <out>/<run>/metrics.json (a run bundle),
 * metrics.csv and evaluations.csv; sweeps add summary.csv. Every input is checked before any compute.
 *
 *   npm run experiment -- --config run.json | --link '<shared link or hash>' --backend cpu|wasm --iterations N
 *     --out results/ [--sweep 'threshold=-0.5,0,0.5;lambdaLr=0.05,0.1' [--parallel [N]]] [--set-at 100:threshold=-1.25 …]
 *     [--data FILE_OR_URL ... [--split train|evaluation]]
 *   npm run experiment -- [--config run.json | --link …] --export-align-anything DIR [--gpus N] [--toy-scale]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultConfig, type ExperimentConfig } from '../src/config/params';
import { configFromJson, expandSweep, parseArgs } from './experiment/args';
import { writeAlignAnythingExport } from './experiment/exportAlignAnything';
import { defaultParallelism } from './experiment/extraArgs';
import { runParallel } from './experiment/parallel';
import { checkParallel, checkSetAt, checkSweepSize } from './experiment/runLimits';
import { realDataProvider } from './experiment/realData';
import { INTERRUPTED_EXIT, onInterrupt } from './experiment/interrupt';
import { PartialMetricsCsv } from './experiment/partialCsv';
import { runExperiment, summaryRow, toCsv, writeRun, type RunBundle } from './experiment/run';
import { checkOutDir, configFromLink, sweepAxes } from './experiment/validate';

async function baseConfig(args: ReturnType<typeof parseArgs>): Promise<ExperimentConfig> {
  let config = defaultConfig();
  if (args.config) config = configFromJson(await readFile(args.config, 'utf8'), args.config);
  if (args.link) config = configFromLink(args.link);
  if (args.iterations) config = { ...config, iterations: args.iterations };
  if (args.split) config = { ...config, promptSplit: args.split };
  if (config.dataUrls.length > 0) {
    console.warn(`The config names data URLs; the headless runner trains on ${args.data ? 'the --data files' : 'the bundled sample (use --data to load files)'}.`);
    config = { ...config, dataUrls: [] };
  }
  // Like the browser, a run records the data URLs it trained on (local files have no URL to record).
  if (args.data) config = { ...config, dataUrls: args.data.filter((source) => /^https?:\/\//i.test(source)).slice(0, 64) };
  return config;
}

const RUN_FILES = ['metrics.json', 'metrics.csv', 'evaluations.csv'];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const base = await baseConfig(args);
  if (args.exportAlignAnything) {
    const written = await writeAlignAnythingExport(args.exportAlignAnything, base, { gpus: args.gpus, scale: args.toyScale ? 'playground' : 'upstream' });
    console.log(`wrote ${written.join(', ')}`);
    return;
  }
  const axes = args.sweep ? sweepAxes(args.sweep) : [];
  checkSweepSize(axes);
  const runs = args.sweep ? expandSweep(base, axes) : [{ name: 'run', overrides: {}, config: base }];
  checkSetAt(args.setAt, runs);
  if (args.parallel) checkParallel(args.parallel);
  const dirs = runs.length > 1 ? runs.map((run) => run.name) : [''];
  await checkOutDir(args.out, dirs, [...dirs.flatMap((dir) => RUN_FILES.map((file) => join(dir, file))), ...(runs.length > 1 ? ['summary.csv'] : [])]);
  const log = (line: string) => console.log(`  ${line}`);
  const data = args.data ? realDataProvider({ sources: args.data, defaultSplit: base.promptSplit, log, downloadLimitMb: args.downloadLimitMb }) : undefined;
  // Load and check --data before the first iteration (its errors name the file); the runs reuse it.
  if (data) {
    const { records } = await data.load(base, args.weightsDir ?? 'public/weights');
    if (!records.some((record) => record.split === base.promptSplit)) {
      const splits = [...new Set(records.map((record) => record.split))].join(', ');
      throw new Error(`--data has no ${base.promptSplit}-split rows to draw PPO prompts from (its rows are ${splits}); choose --split ${splits.split(', ')[0]}`);
    }
  }

  const interrupt = onInterrupt((line) => console.warn(line));
  const write = async (index: number, bundle: RunBundle) => {
    if (bundle.halted) console.warn(`  ${runs[index].name}: ${bundle.halted}`);
    else if (bundle.message) console.warn(`  ${runs[index].name}: ${bundle.message}`);
    const dir = runs.length > 1 ? join(args.out, runs[index].name) : args.out;
    await writeRun(dir, bundle);
    console.log(`  wrote ${dir}/metrics.json, metrics.csv, evaluations.csv (models: ${JSON.stringify(bundle.models)})`);
  };
  let bundles: RunBundle[] = [];
  if (args.parallel !== undefined && runs.length > 1) {
    const workers = args.parallel === 0 ? defaultParallelism(runs.length) : args.parallel;
    console.log(`${runs.length} runs in ${workers} worker processes on ${args.backend}`);
    bundles = await runParallel(runs, workers, { backend: args.backend, weightsDir: args.weightsDir, data: args.data, defaultSplit: base.promptSplit, schedule: args.setAt, downloadLimitMb: args.downloadLimitMb }, console.log, write);
  } else {
    for (const [index, run] of runs.entries()) {
      if (interrupt.requested) break;
      console.log(`[${index + 1}/${runs.length}] ${run.name}: ${run.config.algorithm}, ${run.config.iterations} iterations on ${args.backend}`);
      let last = performance.now();
      const partial = new PartialMetricsCsv(runs.length > 1 ? join(args.out, run.name) : args.out);
      const bundle = await runExperiment(run.config, {
        backend: args.backend,
        weightsDir: args.weightsDir,
        data,
        log,
        schedule: args.setAt,
        shouldStop: () => interrupt.requested !== null,
        onRow: (row) => {
          partial.add(row);
          if (performance.now() - last < 2000 && row.iteration !== run.config.iterations - 1) return;
          last = performance.now();
          console.log(
            `  it ${row.iteration}  R ${row.rewardMean.toFixed(3)}  C ${row.costMean.toFixed(3)}  J_C ${row.episodeCost.toFixed(3)}  ` +
              `λ ${row.lambda.toFixed(3)}  KL ${row.kl.toFixed(3)}  ${(row.msRollout + row.msScoring + row.msAdvantages + row.msUpdate).toFixed(0)} ms`,
          );
        },
      });
      await write(index, bundle);
      bundles.push(bundle);
    }
  }
  if (runs.length > 1 && bundles.length > 0) {
    // After an interruption: the runs written so far (the last one partial).
    const summary = bundles.map((bundle, index) => summaryRow(runs[index].name, runs[index].overrides, bundle));
    const columns = [...new Set(summary.flatMap((row) => Object.keys(row)))];
    await writeFile(join(args.out, 'summary.csv'), toCsv(columns, summary));
    console.log(`wrote ${join(args.out, 'summary.csv')}`);
  }
  interrupt.dispose();
  if (interrupt.requested) process.exit(INTERRUPTED_EXIT);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
