/**
 * Headless runner: the same PPO engine as the browser worker, in Node, on the bundled sample (or real
 * BeaverTails-V files with --data) with the shipped weights. Writes <out>/<run>/metrics.json (a run bundle),
 * metrics.csv and evaluations.csv; sweeps add summary.csv. Every input is checked before any compute.
 *
 *   npm run experiment -- --config run.json | --link '<shared link or hash>' --backend cpu|wasm --iterations N
 *     --out results/ [--sweep 'threshold=-0.5,0,0.5;lambdaLr=0.05,0.1' [--parallel [N]]] [--set-at 100:threshold=-1.25 …]
 *     [--data FILE_OR_URL ... [--split train|evaluation]] [--seeds K | --seeds 7,8,9,10]
 * A seed group (--seeds, or a config/link with seeds > 1) writes seed=S/ per seed (each the solo run with that seed),
 * group.csv (per-iteration mean/sd/min/max across seeds) and summary.csv (a row per seed and a group row), inside each
 * sweep point with --sweep.
 *   npm run experiment -- [--config run.json | --link …] --export-align-anything DIR [--gpus N] [--toy-scale]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultConfig, type ExperimentConfig } from '../src/config/params';
import { configFromJson, expandSweep, frontierSweep, parseArgs } from './experiment/args';
import { writeAlignAnythingExport } from './experiment/exportAlignAnything';
import { defaultParallelism } from './experiment/extraArgs';
import { INTERRUPTED_EXIT, onInterrupt } from './experiment/interrupt';
import { runParallel } from './experiment/parallel';
import { PartialMetricsCsv } from './experiment/partialCsv';
import { realDataProvider } from './experiment/realData';
import { setNodeBackend } from '../src/compute/nodeBackends';
import { checkWeightsDir } from '../src/models/weightsNode';
import { checkParallel, checkSetAt, checkSweepSize } from './experiment/runLimits';
import { runExperiment, summaryRow, toCsv, writeRun, type RunBundle } from './experiment/run';
import { expandSeeds, GROUP_CSV_COLUMNS, groupBundle, groupCsvRows, groupSummaryRow, seedsFor, summaryColumns } from './experiment/seedGroups';
import { checkOutDir, configFromLink, sweepAxes } from './experiment/validate';
import { checkPackData, figuresLine, packFigures } from './experiment/weightsPack';

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
  const sweep = args.frontier ? frontierSweep(args.frontier, args.sweep) : args.sweep;
  const axes = sweep ? sweepAxes(sweep) : [];
  checkSweepSize(axes);
  const points = sweep ? expandSweep(base, axes) : [{ name: 'run', overrides: {}, config: base }];
  const seeds = seedsFor(base, args.seeds);
  const grouped = seeds.length > 1 || args.seeds !== undefined;
  // A group's members are runs like any other, each in its own folder (seed=S/ or <point>/seed=S/).
  const members = grouped ? expandSeeds(points, seeds, Boolean(sweep)) : undefined;
  const runs = members ?? points;
  checkSetAt(args.setAt, runs);
  if (args.parallel) checkParallel(args.parallel);
  const dirs = members ? members.map((member) => member.dir) : runs.length > 1 ? runs.map((run) => run.name) : [''];
  const pointDirs = grouped && sweep ? points.map((point) => point.name) : [''];
  const summaryFiles = runs.length > 1 ? ['summary.csv'] : [];
  const groupFiles = grouped ? pointDirs.flatMap((dir) => [join(dir, 'group.csv'), join(dir, 'group.json')]) : [];
  await checkOutDir(args.out, dirs, [...dirs.flatMap((dir) => RUN_FILES.map((file) => join(dir, file))), ...summaryFiles, ...groupFiles]);
  const log = (line: string) => console.log(`  ${line}`);
  // A --weights folder must exist and hold a pack or a tokenizer; a pack is checked whole before any compute.
  if (args.weightsDir) await setNodeBackend(args.backend); // decoding the pack's weights needs a backend
  const pack = args.weightsDir ? await checkWeightsDir(args.weightsDir) : null;
  if (pack) {
    log(`model pack ${args.weightsDir}: ${pack.manifest.tokenizer.kind} tokenizer (${pack.manifest.tokenizer.size} ids), built ${pack.manifest.created} from ${pack.manifest.data.files.join(', ')}`);
    if (!args.data) {
      for (const loaded of Object.values(pack.models)) for (const tensor of Object.values(loaded.weights)) tensor.dispose();
    }
    if (!args.data) throw new Error(`--weights ${args.weightsDir} is a model pack for real data: add --data with the files it was built from (${pack.manifest.data.files.join(', ')})`);
  }
  const data = args.data ? realDataProvider({ sources: args.data, defaultSplit: base.promptSplit, log, downloadLimitMb: args.downloadLimitMb }) : undefined;
  // Load and check --data before the first iteration (its errors name the file); the runs reuse it.
  if (data) {
    const { records } = await data.load(base, args.weightsDir ?? 'public/weights');
    if (pack) {
      try {
        checkPackData(pack.manifest, records, args.weightsDir!);
      } catch (error) {
        for (const loaded of Object.values(pack.models)) for (const tensor of Object.values(loaded.weights)) tensor.dispose();
        throw error;
      }
      const { data: encoded } = await data.load(base, args.weightsDir!);
      log(`pack held-out figures on --data: ${figuresLine(await packFigures(pack, encoded, base))}`);
    }
    if (!records.some((record) => record.split === base.promptSplit)) {
      const splits = [...new Set(records.map((record) => record.split))].join(', ');
      throw new Error(`--data has no ${base.promptSplit}-split rows to draw PPO prompts from (its rows are ${splits}); choose --split ${splits.split(', ')[0]}`);
    }
  }

  const interrupt = onInterrupt((line) => console.warn(line));
  const write = async (index: number, bundle: RunBundle) => {
    if (bundle.halted) console.warn(`  ${runs[index].name}: ${bundle.halted}`);
    else if (bundle.message) console.warn(`  ${runs[index].name}: ${bundle.message}`);
    const dir = dirs[index] === '' ? args.out : join(args.out, dirs[index]);
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
      const partial = new PartialMetricsCsv(dirs[index] === '' ? args.out : join(args.out, dirs[index]));
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
  interrupt.dispose();
  if (interrupt.requested) {
    // Interrupted: the runs written so far (the last one partial) are on disk; summaries need every member.
    console.warn(`Interrupted: ${bundles.length} of ${runs.length} run folder(s) written; no summary.csv`);
    process.exit(INTERRUPTED_EXIT);
  }
  if (members) {
    const summary: Record<string, unknown>[] = [];
    const groupRows: Record<string, unknown>[] = [];
    for (const [point, { name, overrides }] of points.entries()) {
      const indices = members.flatMap((member, index) => (member.point === point ? [index] : []));
      const seedRows = indices.map((index) => ({ ...summaryRow(members[index].name, overrides, bundles[index]), seed: members[index].seed }));
      const groupRow = groupSummaryRow(sweep ? name : 'group', overrides, seedRows);
      summary.push(...seedRows, groupRow);
      groupRows.push(groupRow);
      const pointDir = join(args.out, pointDirs[point] ?? '');
      await writeFile(join(pointDir, 'group.csv'), toCsv(GROUP_CSV_COLUMNS, groupCsvRows(indices.map((index) => bundles[index].metrics))));
      const bundle = groupBundle(points[point].config, indices.map((index) => members[index].seed), indices.map((index) => bundles[index]));
      await writeFile(join(pointDir, 'group.json'), JSON.stringify(bundle, null, 1));
      console.log(`wrote ${join(pointDir, 'group.csv')}, group.json (the group as one run for the app's Runs import)`);
    }
    await writeFile(join(args.out, 'summary.csv'), toCsv(summaryColumns(summary, groupRows), summary));
    console.log(`wrote ${join(args.out, 'summary.csv')}`);
  } else if (runs.length > 1) {
    const summary = runs.map((run, index) => summaryRow(run.name, run.overrides, bundles[index]));
    const columns = [...new Set(summary.flatMap((row) => Object.keys(row)))];
    await writeFile(join(args.out, 'summary.csv'), toCsv(columns, summary));
    console.log(`wrote ${join(args.out, 'summary.csv')}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
