// Browser side of `npm run bench -- --browser-only --json`: per backend and batch scale, wall ms and main-thread CPU
// ms per PPO iteration and kernels per iteration, with the numerics check against cpu and the adapter's description.
import * as tf from '@tensorflow/tfjs';
import { verdictText } from '../../../src/compute/numerics';
import { defaultConfig } from '../../../src/config/params';
import { isRefusal, Vocabulary, type VocabularyJson } from '../../../src/data/tokenizer';
import { GuardModel } from '../../../src/models/guardModel';
import { Policy } from '../../../src/models/policy';
import { ScoreModel } from '../../../src/models/scoreModel';
import { sizesFromConfig } from '../../../src/models/sizes';
import { buildModel as build } from './buildModel';
import { checkActiveBackend } from '../../../src/train/numericsCheck';
import { PpoEngine } from '../../../src/train/ppo/engine';
import { countDispatches } from './dispatchCounter';
import { tinyPromptData } from '../../../src/train/ppo/testing/fixtures';

export interface ScaledBenchEntry {
  where: 'chromium';
  backend: string;
  batchScale: number;
  batch: number;
  iterations: number;
  warmup: number;
  /** Median wall ms per timed iteration. */
  msPerIteration: number;
  /** The page main thread's CPU ms per timed iteration (Chrome DevTools Protocol TaskDuration; TF.js runs there). */
  cpuMsPerIteration: number;
  /** Engine kernels in one extra, profiled iteration (a fused kernel counts once; an op webgpu sends to cpu counts too). */
  kernelsPerIteration: number;
  /** WebGPU compute dispatches in that profiled iteration (./dispatchCounter.ts); null on other backends. */
  dispatchesPerIteration: number | null;
  numerics: { passed: boolean; maxDeviation: number; text: string };
}

export interface AdapterDescription {
  webgpu: { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter: boolean } | null;
  webglRenderer: string | null;
  userAgent: string;
}

export async function describeAdapters(): Promise<AdapterDescription> {
  let webgpu: AdapterDescription['webgpu'] = null;
  const adapter = await navigator.gpu?.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (adapter) {
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    webgpu = {
      vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description,
      isFallbackAdapter: Boolean(info.isFallbackAdapter),
    };
  }
  let webglRenderer: string | null = null;
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl) {
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    webglRenderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  }
  return { webgpu, webglRenderer, userAgent: navigator.userAgent };
}

/** CPU seconds of the page's main thread so far (a function the bench exposes from Node through the DevTools Protocol). */
declare const benchTaskSeconds: () => Promise<number>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export async function runScaledBench(backend: string, scales: number[], iterations: number, warmup: number): Promise<ScaledBenchEntry[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`${backend}: setBackend returned false (not available here)`);
  await tf.ready();
  const verdict = await checkActiveBackend();
  const numerics = { passed: verdict.passed, maxDeviation: verdict.maxDeviation, text: verdictText(verdict) };
  const vocab = Vocabulary.fromJSON((await (await fetch('/weights/vocab.json')).json()) as VocabularyJson);
  const out: ScaledBenchEntry[] = [];
  for (const scale of scales) {
    const base = defaultConfig();
    const config = { ...base, promptBatch: base.promptBatch * scale, evalEvery: 1_000_000, evalPrompts: 4, iterations: 1_000_000 };
    const sizes = sizesFromConfig(config, vocab.size);
    const policy = await build('/weights/policy-sft/model.json', (w) => Policy.fromWeights(sizes, w));
    const rewardModel = await build('/weights/reward/model.json', (w) => ScoreModel.fromWeights(sizes, w));
    const costModel = await build('/weights/cost/model.json', (w) => ScoreModel.fromWeights(sizes, w));
    const guard = await build('/weights/guard/model.json', (w) => GuardModel.fromWeights(sizes, w)).catch(() => null);
    const engine = new PpoEngine({
      config, sftPolicy: policy, rewardModel, costModel, guard, codec: vocab, isRefusal,
      data: tinyPromptData(2 * config.promptBatch, sizes, 'bench'),
    });
    try {
      await engine.evaluate();
      const step = async () => {
        const result = await engine.step();
        if (result.halted) throw new Error(`${backend}: the engine halted: ${result.halted}`);
      };
      for (let i = 0; i < warmup; i++) await step();
      const wall: number[] = [];
      const cpuStart = await benchTaskSeconds();
      for (let i = 0; i < iterations; i++) {
        const start = performance.now();
        await step();
        wall.push(performance.now() - start);
      }
      const cpuMs = ((await benchTaskSeconds()) - cpuStart) * 1000;
      const [profile, dispatches] = await countDispatches(() => tf.profile(step));
      out.push({
        where: 'chromium', backend, batchScale: scale, batch: config.promptBatch, iterations, warmup,
        msPerIteration: Math.round(median(wall) * 10) / 10,
        cpuMsPerIteration: Math.round((cpuMs / iterations) * 10) / 10,
        kernelsPerIteration: profile.kernels.length,
        dispatchesPerIteration: Number.isNaN(dispatches) ? null : dispatches,
        numerics,
      });
    } finally {
      engine.dispose();
      [policy, rewardModel, costModel, guard].forEach((m) => m?.dispose());
    }
  }
  return out;
}
