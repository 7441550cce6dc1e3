/**
 * How long the engine takes to reach its steady state on Node: CPU ms per iteration on the main thread and on all
 * other threads (V8's background compiler and GC helpers), in blocks of 10 default iterations. Linux only (/proc).
 *   node --import tsx scripts/perf/warmup.ts [--backend wasm] [--blocks 12]
 * Measured 2026-11-29 (wasm): other threads 32 CPU ms per iteration over iterations 3–12, 8 over 53–62, 1–4 from
 * 63 on, while the main thread goes 75 → 65: hence the bench's 60 warm-up iterations (scripts/bench/ppo.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setNodeBackend, type NodeBackend } from '../../src/compute/nodeBackends';
import { defaultConfig } from '../../src/config/params';
import { PpoEngine } from '../../src/train/ppo/engine';
import { engineInit, loadNodeSetup } from '../experiment/setup';
import { cliOption } from '../cliOption';

/** CPU ms (user + system) of the main thread and of every other thread of this process. */
function threadCpuMs(): { main: number; other: number } {
  const ticksToMs = 10; // USER_HZ is 100 on Linux
  let main = 0;
  let other = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (Number(fields[11]) + Number(fields[12])) * ticksToMs; // utime, stime
    if (tid === String(process.pid)) main += ms;
    else other += ms;
  }
  return { main, other };
}

async function main(): Promise<void> {
  await setNodeBackend(cliOption('backend', 'wasm') as NodeBackend);
  const blocks = Number(cliOption('blocks', '12'));
  const defaults = defaultConfig();
  const setup = await loadNodeSetup(defaults, { log: () => {} });
  const init = engineInit(setup, defaults);
  const config = { ...init.config, evalEvery: 1_000_000, evalPrompts: 4, iterations: 10 * blocks + 10 };
  const engine = new PpoEngine({ ...init, config });
  await engine.evaluate();
  for (let i = 0; i < 2; i++) await engine.step();
  for (let b = 0; b < blocks; b++) {
    const before = threadCpuMs();
    const start = performance.now();
    for (let i = 0; i < 10; i++) await engine.step();
    const after = threadCpuMs();
    const per = (x: number) => (x / 10).toFixed(1).padStart(6);
    console.log(
      `iterations ${String(b * 10 + 3).padStart(3)}–${String(b * 10 + 12).padEnd(3)} wall ${per(performance.now() - start)}` +
        `  CPU main ${per(after.main - before.main)}  other threads ${per(after.other - before.other)} ms/iteration`,
    );
  }
  engine.dispose();
}

void main();
