/**
 * Kernel-level profile of PPO iterations on Node (tf.profile per phase): launches and kernel ms by kernel name.
 *   node --import tsx scripts/perf/profile.ts [--backend wasm] [--iterations 3] [--top 25] [--shapes]
 * --shapes splits each kernel by its input shapes.
 * Not part of npm test. Kernel ms are tf.profile's (wall time per kernel, with profiling overhead).
 */
import * as tf from '@tensorflow/tfjs';
import { setNodeBackend, type NodeBackend } from '../../src/compute/nodeBackends';
import { defaultConfig } from '../../src/config/params';
import { PpoEngine } from '../../src/train/ppo/engine';
import { engineInit, loadNodeSetup } from '../experiment/setup';
import { cliOption } from '../cliOption';

async function main(): Promise<void> {
  const backend = cliOption('backend', 'wasm') as NodeBackend;
  const iterations = Number(cliOption('iterations', '3'));
  const top = Number(cliOption('top', '25'));
  const shapes = process.argv.includes('--shapes');
  await setNodeBackend(backend);
  const defaults = defaultConfig();
  const setup = await loadNodeSetup(defaults, { log: () => {} });
  const init = engineInit(setup, defaults);
  const engine = new PpoEngine({ ...init, config: { ...init.config, evalEvery: 1_000_000, evalPrompts: 4, iterations: 1000 } });
  await engine.evaluate();
  for (let i = 0; i < 2; i++) await engine.step();
  const byPhase = new Map<string, Map<string, { n: number; ms: number }>>();
  for (let i = 0; i < iterations; i++) {
    do {
      const phase = engine.nextPhase;
      const profile = await tf.profile(async () => {
        await engine.stepPhase();
      });
      const table = byPhase.get(phase) ?? new Map();
      byPhase.set(phase, table);
      for (const k of profile.kernels) {
        const key = shapes ? `${k.name} ${k.inputShapes.map((s) => `[${s}]`).join('')}` : k.name;
        const entry = table.get(key) ?? { n: 0, ms: 0 };
        entry.n += 1 / iterations;
        entry.ms += (k.kernelTimeMs as number) / iterations;
        table.set(key, entry);
      }
    } while (engine.nextPhase !== 'rollout');
  }
  const all = new Map<string, { n: number; ms: number }>();
  for (const [phase, table] of byPhase) {
    const rows = [...table.entries()].sort((a, b) => b[1].ms - a[1].ms);
    const n = rows.reduce((s, [, e]) => s + e.n, 0);
    const ms = rows.reduce((s, [, e]) => s + e.ms, 0);
    console.log(`\n== ${phase}: ${n.toFixed(0)} kernels, ${ms.toFixed(1)} kernel ms`);
    for (const [name, e] of rows.slice(0, top)) console.log(`  ${name.padEnd(shapes ? 60 : 28)} ${e.n.toFixed(0).padStart(6)} ${e.ms.toFixed(2).padStart(8)}`);
    for (const [name, e] of rows) {
      const a = all.get(name) ?? { n: 0, ms: 0 };
      a.n += e.n;
      a.ms += e.ms;
      all.set(name, a);
    }
  }
  const rows = [...all.entries()].sort((a, b) => b[1].ms - a[1].ms);
  console.log(`\n== all: ${rows.reduce((s, [, e]) => s + e.n, 0).toFixed(0)} kernels, ${rows.reduce((s, [, e]) => s + e.ms, 0).toFixed(1)} ms`);
  for (const [name, e] of rows.slice(0, top)) console.log(`  ${name.padEnd(shapes ? 60 : 28)} ${e.n.toFixed(0).padStart(6)} ${e.ms.toFixed(2).padStart(8)}`);
  engine.dispose();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
