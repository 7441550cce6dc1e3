/**
 * Training throughput of the reward, cost and guard models on the bundled sample, per Node backend.
 *
 *   npx tsx scripts/bench/scoreModels.ts [--backends cpu,wasm] [--steps 20]
 *
 * Runs `steps` training steps (default config sizes and batch) after 2 warm-up steps and prints pairs/s (guard:
 * examples/s) by wall time and per CPU second (process.cpuUsage; steadier on a loaded machine), and the first-step
 * loss, which must agree across backends (≤ 1e-4 relative).
 */
import { setNodeBackend, type NodeBackend } from '../../src/compute/nodeBackends';
import { defaultConfig } from '../../src/config/params';
import { loadEncodedSampleNode } from '../../src/data/nodeSample';
import { GuardModel } from '../../src/models/guardModel';
import { ScoreModel } from '../../src/models/scoreModel';
import { sizesFromConfig } from '../../src/models/sizes';
import { trainGuard } from '../../src/train/guardTraining';
import { TrainingSignal } from '../../src/train/scoreData';
import { trainScoreModel } from '../../src/train/scoreTraining';
import { cliOption } from '../cliOption';
import { cpuNowMs } from './ppo';

async function main(): Promise<void> {
  const backends = cliOption('backends', 'cpu,wasm').split(',') as NodeBackend[];
  const steps = Number(cliOption('steps', '20'));
  const config = defaultConfig();
  const { vocab, encoded } = await loadEncodedSampleNode({
    imageSize: config.imageSize,
    maxQuestionTokens: config.maxQuestionTokens,
    maxResponseTokens: config.maxResponseTokens,
  });
  const sizes = sizesFromConfig(config, vocab.size);
  for (const backend of backends) {
    await setNodeBackend(backend);
    for (const kind of ['reward', 'cost', 'guard'] as const) {
      const signal = new TrainingSignal();
      const times: number[] = [];
      const cpuTimes: number[] = [];
      let firstLoss = NaN;
      let last = performance.now();
      let lastCpu = cpuNowMs();
      const onStep = (row: { step: number; loss: number }) => {
        const now = performance.now();
        const nowCpu = cpuNowMs();
        if (row.step === 0) firstLoss = row.loss;
        if (row.step >= 2) {
          times.push(now - last);
          cpuTimes.push(nowCpu - lastCpu);
        }
        last = now;
        lastCpu = nowCpu;
        if (row.step + 1 >= steps + 2) signal.stop();
      };
      const perStep = kind === 'guard' ? config.scoreBatch * 2 : config.scoreBatch;
      if (kind === 'guard') {
        const model = GuardModel.create(sizes, 1);
        await trainGuard({ model, encoded, config, signal, onStep });
        model.dispose();
      } else {
        const model = ScoreModel.create(sizes, 1);
        await trainScoreModel({ kind, model, encoded, config, signal, onStep });
        model.dispose();
      }
      const ms = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
      const cpuMs = cpuTimes.reduce((a, b) => a + b, 0) / Math.max(1, cpuTimes.length);
      const unit = kind === 'guard' ? 'examples/s' : 'pairs/s';
      console.log(
        `${backend.padEnd(5)} ${kind.padEnd(7)} ${ms.toFixed(1)} ms/step, ${((perStep * 1000) / ms).toFixed(0)} ${unit}` +
          ` (CPU: ${cpuMs.toFixed(1)} ms/step, ${((perStep * 1000) / cpuMs).toFixed(0)} ${unit} per CPU second),` +
          ` first-step loss ${firstLoss.toFixed(6)}`,
      );
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
