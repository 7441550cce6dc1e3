/**
 * `npm run bench`: PPO ms/iteration (and per phase) and generated tokens/s at the default size (32 prompts × 24
 * tokens) on Node cpu and wasm and in Chromium (webgpu, webgl, wasm, cpu), plus the score-model bench when present.
 * Never part of `npm test`.
 *
 *   npm run bench [-- --iterations 10] [--node-only] [--browser-only] [--backend wasm,cpu,…] [--batch N] [--hidden N]
 *                 [--warmup N] [--json] [--isolation [--threads N]] [--seeds K]
 *
 * --backend limits the backends (Node: cpu, wasm; Chromium: webgpu, webgl, wasm, cpu). --isolation serves the
 * Chromium page with COOP/COEP (cross-origin isolated); with --threads N (≥ 2) wasm runs tfjs-wasm's threaded build
 * with N threads, as the app does with ?threads=N (the thread count it reports is printed). Chromium warms up for
 * 2 iterations unless --warmup is given (the cpu backend would take minutes for 60).
 *
 * --json prints one JSON object per line: per Node backend (unless --browser-only)
 *   {"where","backend","batch","hidden","iterations","msPerIteration","cpuMsPerIteration",
 *    "phases":{"rollout","score","advantages","update"},"kernelsPerIteration","warmup","warmupCpuMsPerIteration"}
 * medians over the timed iterations after --warmup untimed iterations (default 60: V8's optimising compiler is busy
 * on background threads until then, see bench/ppo.ts; warmupCpuMsPerIteration is the median CPU ms of the warm-up
 * iterations after the first, to show that cost); msPerIteration is wall time, cpuMsPerIteration and
 * phases are process CPU ms (process.cpuUsage, λ step counted with advantages); kernelsPerIteration is counted
 * under tf.profile in one extra untimed iteration. --batch and --hidden scale the models (see bench/ppo.ts).
 * Then (unless --node-only) Chromium's: first {"where":"chromium","adapters":{webgpu:{vendor,architecture,device,
 * description,isFallbackAdapter},webglRenderer,userAgent},"chromiumArgs"}, then per backend and batch scale
 * (--scales, default 1,4,16 × 32 prompts; --browser-iterations timed iterations, default 3) {"where","backend","batchScale","batch","iterations","warmup",
 * "msPerIteration","cpuMsPerIteration","kernelsPerIteration","numerics":{passed,maxDeviation,text}} (or
 * {"backend","error"}); cpuMsPerIteration is the page main thread's CPU time (DevTools TaskDuration; TF.js runs
 * there), numerics the check against cpu's shipped numbers (src/train/numericsCheck.ts). On a GPU machine:
 *   npm run bench -- --browser-only --backend webgpu,wasm --json
 * (docs/backends.md; BENCH_CHROMIUM_ARGS adds Chromium flags).
 *
 * --seeds K (Node only) also times a K-seed group (bench/seedGroup.ts) per Node backend at the default size and
 * prints, and adds to each JSON line, "group": {"seeds","singleCpuMsPerIteration","groupCpuMsPerIteration","ratio",
 * "singleMsPerIteration","groupMsPerIteration"}: process CPU ms of one group iteration (all K seeds) vs one seed's.
 * In Chromium (unless --node-only), --seeds K times whole runs in the app itself (bench/groupApp.ts: it builds the
 * app into reports/bench-dist, or measures --dist DIR as it is; start-up settings on wasm, --group-iterations N,
 * default 200, evaluations included): one seed and the K-seed group, --group-rounds R times each (default 2),
 * alternating; it prints, or as JSON {"where":"chromium-app-group","seeds","iterations","singleTotalMs",
 * "groupTotalMs","singleIterationsMs","groupIterationsMs","groupWorkers","ratioTotal","ratioIterations","runs",…},
 * the medians and the group's ratios to one seed (Start → finished, and first iteration → finished).
 * --browser-only with --seeds runs only that Chromium group bench. --port P serves the page on P (default 4398).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { NodeBackend } from '../src/compute/nodeBackends';
import { defaultConfig } from '../src/config/params';
import { benchBrowser, benchBrowserScaled, BROWSER_BACKENDS } from './bench/browser';
import { benchAppGroup, describeAppGroup } from './bench/groupApp';
import { BENCH_WARMUP, benchPpoNode } from './bench/ppo';
import { benchTableRow, formatTable, type PpoBenchResult } from './bench/ppoCore';
import { benchSeedGroup, type GroupBenchResult } from './bench/seedGroup';
import { loadNodeSetup, engineInit } from './experiment/setup';
import { setNodeBackend } from '../src/compute/nodeBackends';
import { cliOption } from './cliOption';

const round = (x: number) => Math.round(x * 10) / 10;

function benchJson(r: PpoBenchResult, hidden: number, group?: GroupBenchResult): string {
  return JSON.stringify({
    where: 'node',
    backend: r.backend,
    batch: r.prompts,
    hidden,
    iterations: r.iterations,
    msPerIteration: round(r.msPerIteration),
    cpuMsPerIteration: round(r.cpuMsPerIteration),
    phases: {
      rollout: round(r.cpuMs.rollout),
      score: round(r.cpuMs.score),
      advantages: round(r.cpuMs.advantages),
      update: round(r.cpuMs.update),
    },
    kernelsPerIteration: r.kernelsPerIteration,
    warmup: r.warmup,
    warmupCpuMsPerIteration: round(r.warmupCpuMsPerIteration),
    ...(group
      ? {
          group: {
            seeds: group.seeds,
            singleCpuMsPerIteration: round(group.singleCpuMsPerIteration),
            groupCpuMsPerIteration: round(group.groupCpuMsPerIteration),
            ratio: Math.round(group.ratio * 100) / 100,
            singleMsPerIteration: round(group.singleMsPerIteration),
            groupMsPerIteration: round(group.groupMsPerIteration),
          },
        }
      : {}),
  });
}

function positiveInt(name: string, fallback: number): number {
  const value = Number(cliOption(name, String(fallback)));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got "${cliOption(name, '')}"`);
  return value;
}

async function main(): Promise<void> {
  const defaults = defaultConfig();
  const iterations = positiveInt('iterations', 10);
  const batch = positiveInt('batch', defaults.promptBatch);
  const hidden = positiveInt('hidden', defaults.hiddenSize);
  const warmup = positiveInt('warmup', BENCH_WARMUP);
  const browserWarmup = process.argv.includes('--warmup') ? warmup : 2;
  const threads = process.argv.includes('--threads') ? positiveInt('threads', 2) : undefined;
  const json = process.argv.includes('--json');
  const seeds = process.argv.includes('--seeds') ? positiveInt('seeds', 4) : undefined;
  const requested = cliOption('backend', '').split(',').filter(Boolean);
  for (const name of requested) {
    if (!BROWSER_BACKENDS.includes(name)) throw new Error(`--backend: unknown backend "${name}" (webgpu, webgl, wasm, cpu)`);
  }
  const backends = (requested.length ? requested : ['cpu', 'wasm']).filter(
    (name): name is NodeBackend => name === 'cpu' || name === 'wasm',
  );
  const browserBackends = requested.length ? requested : BROWSER_BACKENDS;
  const isolated = process.argv.includes('--isolation');
  const port = positiveInt('port', 4398);
  const groupIterations = positiveInt('group-iterations', 200);
  const groupRounds = positiveInt('group-rounds', 2);
  const browserOnly = process.argv.includes('--browser-only');
  const nodeOnly = process.argv.includes('--node-only');
  /** Chromium wall time of whole runs in the app: one seed and the group, alternating. */
  const groupWall = async (): Promise<string> => {
    const dist = cliOption('dist', '') || undefined;
    const entry = await benchAppGroup({ seeds: seeds!, iterations: groupIterations, rounds: groupRounds, port, dist });
    return json ? JSON.stringify(entry) : describeAppGroup(entry);
  };
  const log = json ? () => {} : console.log;
  const rows: string[][] = [];
  const notes: string[] = [];
  const lines: string[] = [];
  if (browserOnly && seeds !== undefined) {
    console.log(await groupWall());
    return;
  }
  if (!browserOnly) {
    for (const backend of backends) {
      log(`Node ${backend}…`);
      const result = await benchPpoNode(backend, iterations, { batch, hidden, countKernels: json, warmup });
      rows.push(benchTableRow('node', result));
      let group: GroupBenchResult | undefined;
      if (seeds !== undefined) {
        log(`Node ${backend}: a ${seeds}-seed group vs one seed…`);
        await setNodeBackend(backend);
        const config = { ...defaults, promptBatch: batch };
        const setup = await loadNodeSetup(config, {});
        group = await benchSeedGroup(engineInit(setup, config), seeds, iterations, warmup);
        notes.push(
          `node ${backend}: ${seeds}-seed group ${group.groupCpuMsPerIteration.toFixed(0)} CPU ms per group iteration vs ` +
            `${group.singleCpuMsPerIteration.toFixed(0)} for one seed: ${group.ratio.toFixed(2)}× (wall ${group.groupMsPerIteration.toFixed(0)} vs ${group.singleMsPerIteration.toFixed(0)} ms)`,
        );
      }
      lines.push(benchJson(result, hidden, group));
    }
  }
  if (json) {
    for (const line of lines) console.log(line);
    if (!nodeOnly) {
      const scales = cliOption('scales', '1,4,16').split(',').map(Number);
      if (!scales.every((x) => Number.isInteger(x) && x >= 1)) throw new Error(`--scales must be positive integers, got "${cliOption('scales', '')}"`);
      const browserIterations = positiveInt('browser-iterations', 3);
      const result = await benchBrowserScaled(browserBackends, scales, browserIterations, browserWarmup, port);
      console.log(JSON.stringify({ where: 'chromium', adapters: result.adapters, chromiumArgs: result.chromiumArgs }));
      for (const entry of result.entries) console.log(JSON.stringify(entry));
      if (seeds !== undefined) console.log(await groupWall());
    }
    return;
  }
  if (!nodeOnly) {
    console.log(`Chromium (${browserBackends.join(', ')}${isolated ? ', cross-origin isolated' : ', not isolated'})…`);
    try {
      for (const entry of await benchBrowser(browserBackends, Math.max(3, Math.round(iterations / 2)), port, isolated, browserWarmup, threads)) {
        if ('error' in entry) notes.push(`chromium ${entry.backend}: ${entry.error}`);
        else {
          rows.push(benchTableRow('chromium', entry));
          if (entry.threads !== undefined) {
            notes.push(`chromium wasm: ${entry.threads} thread(s), crossOriginIsolated ${entry.crossOriginIsolated}`);
          }
        }
      }
    } catch (error) {
      notes.push(`chromium: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (seeds !== undefined) notes.push(await groupWall());
  }
  console.log(`\nPPO iteration (${batch} prompts × up to 24 tokens, hidden ${hidden}; medians, ms; first = the first, untimed iteration)`);
  console.log(formatTable(rows));
  for (const note of notes) console.log(`note: ${note}`);
  if (!browserOnly && existsSync('scripts/bench/scoreModels.ts')) {
    console.log('\nScore models (scripts/bench/scoreModels.ts):');
    // Its own process: the models engineer's script runs on import and sets its own backend.
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/scoreModels.ts'], { stdio: 'inherit' });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
