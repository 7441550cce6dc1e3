/**
 * `npm run bench`: PPO ms/iteration (and per phase) and generated tokens/s at the default size (32 prompts × 24
 * tokens) on Node cpu and wasm and in Chromium (webgpu, webgl, wasm, cpu), plus the score-model bench when present.
 * Never part of `npm test`.
 *
 *   npm run bench [-- --iterations 10] [--node-only] [--browser-only]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { benchBrowser } from './bench/browser';
import { benchPpoNode } from './bench/ppo';
import { benchTableRow, formatTable } from './bench/ppoCore';
import { cliOption } from './cliOption';

async function main(): Promise<void> {
  const iterations = Number(cliOption('iterations', '10'));
  const rows: string[][] = [];
  const notes: string[] = [];
  if (!process.argv.includes('--browser-only')) {
    for (const backend of ['cpu', 'wasm'] as const) {
      console.log(`Node ${backend}…`);
      rows.push(benchTableRow('node', await benchPpoNode(backend, iterations)));
    }
  }
  if (!process.argv.includes('--node-only')) {
    console.log('Chromium (webgpu, webgl, wasm, cpu)…');
    try {
      for (const entry of await benchBrowser(undefined, Math.max(3, Math.round(iterations / 2)))) {
        if ('error' in entry) notes.push(`chromium ${entry.backend}: ${entry.error}`);
        else rows.push(benchTableRow('chromium', entry));
      }
    } catch (error) {
      notes.push(`chromium: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log('\nPPO iteration at the default size (32 prompts × up to 24 tokens; medians, ms; first = warm-up iteration)');
  console.log(formatTable(rows));
  for (const note of notes) console.log(`note: ${note}`);
  if (existsSync('scripts/bench/scoreModels.ts')) {
    console.log('\nScore models (scripts/bench/scoreModels.ts):');
    // Its own process: the models engineer's script runs on import and sets its own backend.
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/scoreModels.ts'], { stdio: 'inherit' });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
